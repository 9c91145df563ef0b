import { PDFDocument, PDFObjectCopier, PDFRef } from 'pdf-lib';
import { TemplateStore } from './template-store';

/**
 * "第 X 页 共 Y 页" for reports printed inside a batch. The numbers are only known once the batch
 * is printed, and pdf-lib cannot set Chinese text without embedding a CJK font itself, so Chromium
 * prints every stamp once (a small page per X/Y pair, same font as the reports) and pdf-lib draws
 * those pages onto the report pages, where the single-report footer would be.
 */
export const STAMP_GEOMETRY = { widthMm: 50, heightMm: 6, rightMm: 15, bottomMm: 7 };
const PT_PER_MM = 72 / 25.4;

/** Index of the stamp of page `page` (1-based) of `total` in a sheet ordered by total, then page. */
export function stampIndex(page: number, total: number): number {
  return (total * (total - 1)) / 2 + (page - 1);
}

export function stampSheetHtml(store: TemplateStore, maxPages: number): string {
  const stamps: { page: number; total: number }[] = [];
  for (let total = 1; total <= maxPages; total++) for (let page = 1; page <= total; page++) stamps.push({ page, total });
  return store.render('page-stamps', { widthMm: STAMP_GEOMETRY.widthMm, heightMm: STAMP_GEOMETRY.heightMm, stamps });
}

export interface SavedStampSheet {
  /** Distinguishes sheets, so a thread reads each only once. */
  id: number;
  bytes: Uint8Array;
  /** Object number of each stamp's form, in stampIndex order. */
  forms: number[];
  maxPages: number;
}

let sheets = 0;

/**
 * The printed stamp sheet as one Form XObject per stamp. Embedding a page with pdf-lib decodes and
 * recompresses it on every save, which was most of the cost of cutting a batch; the forms are
 * made once here and each report only gets copies of the few it draws.
 */
export class StampSheet {
  private constructor(
    private readonly forms: PDFDocument,
    private readonly formRefs: PDFRef[],
    readonly maxPages: number,
    /** The forms as saved: how the sheet travels to the threads that cut batches (src/reports/cutting). */
    readonly saved: SavedStampSheet,
  ) {}

  static async fromPrinted(sheet: PDFDocument, maxPages: number): Promise<StampSheet> {
    const built = await PDFDocument.create({ updateMetadata: false });
    const embedded = await built.embedPdf(sheet, sheet.getPageIndices());
    // Saved and loaded back, the forms are plain encoded streams that copy as bytes; fresh from
    // embedPdf they are deflated again in every document they are copied into. Object numbers
    // survive the round trip.
    return StampSheet.fromSaved({ id: ++sheets, bytes: await built.save(), forms: embedded.map((e) => e.ref.objectNumber), maxPages });
  }

  static async fromSaved(saved: SavedStampSheet): Promise<StampSheet> {
    const forms = await PDFDocument.load(saved.bytes, { updateMetadata: false });
    return new StampSheet(forms, saved.forms.map((n) => PDFRef.of(n)), saved.maxPages, saved);
  }

  /** Draws page numbers onto `doc`, counted within each range. */
  stamp(doc: PDFDocument, ranges: { start: number; count: number }[]): void {
    for (const r of ranges) {
      if (r.count > this.maxPages) throw new Error(`report of ${r.count} pages exceeds the stamp sheet (${this.maxPages})`);
    }
    // One copier per document: a form (and the font it shares with the others) is copied once.
    const copier = PDFObjectCopier.for(this.forms.context, doc.context);
    const copied = new Map<number, PDFRef>();
    const ctx = doc.context;
    // Short uncompressed content streams: pdf-lib's drawing helpers deflate each stream they
    // add, and setting up a deflate per page cost more than everything else in the cut.
    const save = ctx.register(ctx.stream('q\n'));
    const pages = doc.getPages();
    const w = STAMP_GEOMETRY.widthMm * PT_PER_MM;
    const y = (STAMP_GEOMETRY.bottomMm * PT_PER_MM).toFixed(2);
    for (const r of ranges) {
      for (let i = 1; i <= r.count; i++) {
        const index = stampIndex(i, r.count);
        let ref = copied.get(index);
        if (!ref) copied.set(index, (ref = copier.copy(this.formRefs[index])));
        const page = pages[r.start + i - 1];
        const name = page.node.newXObject('Stamp', ref);
        const x = (page.getWidth() - STAMP_GEOMETRY.rightMm * PT_PER_MM - w).toFixed(2);
        // Restore the page's own graphics state, then draw the stamp at its place.
        page.node.wrapContentStreams(save, ctx.register(ctx.stream(`Q\nq 1 0 0 1 ${x} ${y} cm ${name.asString()} Do Q\n`)));
      }
    }
  }
}

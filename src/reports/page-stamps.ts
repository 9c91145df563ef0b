import { PDFDocument, PDFEmbeddedPage } from 'pdf-lib';
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

export class StampSheet {
  constructor(
    readonly pdf: PDFDocument,
    readonly maxPages: number,
  ) {}

  /** Draws page numbers onto `doc`, counted within each range. */
  async stamp(doc: PDFDocument, ranges: { start: number; count: number }[]): Promise<void> {
    const wanted = new Map<number, number>();
    for (const r of ranges) {
      if (r.count > this.maxPages) throw new Error(`report of ${r.count} pages exceeds the stamp sheet (${this.maxPages})`);
      for (let i = 1; i <= r.count; i++) wanted.set(stampIndex(i, r.count), 0);
    }
    const indices = [...wanted.keys()];
    const embedded: PDFEmbeddedPage[] = await doc.embedPdf(this.pdf, indices);
    indices.forEach((idx, k) => wanted.set(idx, k));
    const pages = doc.getPages();
    const w = STAMP_GEOMETRY.widthMm * PT_PER_MM;
    for (const r of ranges) {
      for (let i = 1; i <= r.count; i++) {
        const page = pages[r.start + i - 1];
        const stamp = embedded[wanted.get(stampIndex(i, r.count))!];
        page.drawPage(stamp, {
          x: page.getWidth() - STAMP_GEOMETRY.rightMm * PT_PER_MM - w,
          y: STAMP_GEOMETRY.bottomMm * PT_PER_MM,
        });
      }
    }
  }
}

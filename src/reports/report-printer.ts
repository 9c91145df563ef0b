import { PDFDocument } from 'pdf-lib';
import { CjkFontSubsetter } from './cjk-font-subset';
import { ChromiumPrinter } from './chromium-printer';
import { PrintQueue } from './print-queue';
import { RenderedReport, renderDocument, renderReport, reportAnchor, ReportPart } from './report-document';
import { extractPages, reportRanges } from './pdf-split';
import { StampSheet, stampSheetHtml } from './page-stamps';
import { TemplateStore } from './template-store';

export interface PrintedReport {
  key: string;
  bookmark: string;
  pages: number;
  pdf: Uint8Array;
}

export interface FailedReport {
  key: string;
  bookmark: string;
  error: string;
}

export interface BatchResult {
  reports: PrintedReport[];
  failures: FailedReport[];
  /** All reports printed as ONE document with contents and bookmarks (when asked for). */
  booklet: Uint8Array | null;
  bookletPages: number;
}

export interface BatchOptions {
  title: string;
  /** Print the whole batch as one bookmarked booklet and cut the files from it. */
  booklet?: boolean;
  onProgress?: (done: number, total: number) => void;
}

interface Chunk {
  parts: ReportPart[];
  rendered: RenderedReport[];
}

const MIN_STAMP_PAGES = 12;

/**
 * Files cut from a batch are saved without object streams: pdf-lib deflates those on every save,
 * which was half the cost of cutting a report, for files about 4 % smaller.
 */
const CUT_SAVE = { useObjectStreams: false };

export interface ReportPrinterOptions {
  /** Most reports printed as one document in a batch. */
  maxChunk: number;
  /** Print time allowed per report of a chunk, on top of the printer's own timeout. */
  perReportTimeoutMs: number;
  /** Print slots single reports may take at once; by default all but one (see `singles`). */
  singleConcurrency?: number;
}

/**
 * Turns report parts into PDFs. Printing is the cost, and each print also pays a fixed price for
 * embedding the CJK font, so a batch is printed as few large documents and cut into one file per
 * report: without a booklet, as one chunk per print slot, printed side by side; with a booklet,
 * as that one bookmarked document. A report that fails to render is reported and left out; the
 * others are still delivered.
 */
export class ReportPrinter {
  /** Batches run one at a time; one more may wait, further ones are refused (503). */
  private readonly batchGate = new PrintQueue(1, 1, '已有批量报告正在生成，请稍后重试');
  /**
   * Single reports (the HTTP downloads) are printed in fewer slots than batches: by default one
   * less than the queue has. A print keeps Chromium's renderer and print compositor busy; with
   * two at once on a 2-core machine the API's event loop was left too little of the cores and
   * every other request waited (bench:load dry-run p95 102 -> 52 ms with one slot; still 58 -> 39
   * ms once Chromium had become cheaper). A batch, one at a time, still prints side by side.
   */
  readonly singles: PrintQueue;
  private stamps: Promise<StampSheet> | null = null;

  constructor(
    readonly store: TemplateStore,
    readonly printer: ChromiumPrinter,
    readonly queue: PrintQueue,
    readonly fonts: () => CjkFontSubsetter | null = () => null,
    readonly options: ReportPrinterOptions = { maxChunk: 60, perReportTimeoutMs: 300 },
  ) {
    const slots = options.singleConcurrency ?? Math.max(1, queue.concurrency - 1);
    this.singles = new PrintQueue(Math.min(slots, queue.concurrency), queue.maxWaiting);
  }

  /** HTML of one report, for the preview (`print: false`) and for printing it alone. */
  html(part: ReportPart, print = false): string {
    return renderDocument(this.store, part.model.bookmark, [renderReport(this.store, part)], { print, fonts: this.fonts() });
  }

  /**
   * One report as its own document: Chromium numbers its pages itself. No bookmarks: one report
   * needs none, and a tagged PDF prints slower (the HTTP path aims at well under a second).
   */
  async printOne(part: ReportPart, admitted = false): Promise<PrintedReport> {
    // Refuse before rendering: under load most refused downloads used to render their HTML and
    // subset the font (a few milliseconds of the event loop each) only to throw it away.
    if (!admitted) this.singles.assertCapacity();
    const html = this.html(part, true);
    const print = () => this.queue.run(() => this.printer.print({ html }), { admitted: true });
    // Inside a batch the report is already admitted; on its own it takes a single-report slot.
    const pdf = admitted ? await print() : await this.singles.run(print);
    const pages = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
    return { key: part.key, bookmark: part.model.bookmark, pages, pdf };
  }

  async printBatch(parts: ReportPart[], opts: BatchOptions): Promise<BatchResult> {
    this.queue.assertCapacity();
    return this.batchGate.run(() => this.runBatch(parts, opts));
  }

  /**
   * A warm start: loads the CJK font for subsetting and prints the page-number stamps now rather
   * than on the first batch (together about half a second the first batch would otherwise pay).
   */
  warmUp(): Promise<unknown> {
    this.fonts();
    return this.stampSheet(MIN_STAMP_PAGES);
  }

  private async runBatch(parts: ReportPart[], opts: BatchOptions): Promise<BatchResult> {
    const failures: FailedReport[] = [];
    const ok: Chunk = { parts: [], rendered: [] };
    for (const part of parts) {
      try {
        ok.rendered.push(renderReport(this.store, part));
        ok.parts.push(part);
      } catch (err) {
        failures.push({ key: part.key, bookmark: part.model.bookmark, error: (err as Error).message.split('\n')[0] });
      }
    }
    const total = ok.parts.length;
    let done = 0;
    const progress = (n: number) => {
      done += n;
      opts.onProgress?.(done, total);
    };
    if (total === 0) return { reports: [], failures, booklet: null, bookletPages: 0 };
    if (opts.booklet) {
      const { reports, pdf, pages } = await this.printChunk(ok, opts.title, true, progress);
      return { reports, failures, booklet: pdf, bookletPages: pages };
    }
    const size = Math.min(this.options.maxChunk, Math.ceil(total / this.queue.concurrency));
    const chunks: Chunk[] = [];
    for (let i = 0; i < total; i += size) chunks.push({ parts: ok.parts.slice(i, i + size), rendered: ok.rendered.slice(i, i + size) });
    const printed = await Promise.all(chunks.map((c) => this.printChunk(c, opts.title, false, progress)));
    return { reports: printed.flatMap((p) => p.reports), failures, booklet: null, bookletPages: 0 };
  }

  private async printChunk(
    chunk: Chunk,
    title: string,
    booklet: boolean,
    progress: (n: number) => void,
  ): Promise<{ reports: PrintedReport[]; pdf: Uint8Array | null; pages: number }> {
    const timeoutMs = this.printer.options.printTimeoutMs + chunk.rendered.length * this.options.perReportTimeoutMs;
    const html = renderDocument(this.store, title, chunk.rendered, { batch: true, print: true, fonts: this.fonts() });
    // Bookmarks (outline + tagged PDF) only for the booklet: they make the print slower and larger.
    const pdf = await this.queue.run(() => this.printer.print({ html, outline: booklet, timeoutMs }), { admitted: true });
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const ranges = reportRanges(doc, chunk.rendered.map((_, i) => reportAnchor(i)));
    if (!ranges) {
      // The document cannot be cut reliably: print these reports one by one instead.
      const reports: PrintedReport[] = [];
      for (const part of chunk.parts) {
        reports.push(await this.printOne(part, true));
        progress(1);
      }
      return { reports, pdf: booklet ? pdf : null, pages: doc.getPageCount() };
    }
    const sheet = await this.stampSheet(Math.max(...ranges.map((r) => r.count)));
    const reports: PrintedReport[] = [];
    for (let i = 0; i < ranges.length; i++) {
      const part = await extractPages(doc, ranges[i], chunk.rendered[i].bookmark);
      sheet.stamp(part, [{ start: 0, count: ranges[i].count }]);
      reports.push({ key: chunk.parts[i].key, bookmark: chunk.rendered[i].bookmark, pages: ranges[i].count, pdf: await part.save(CUT_SAVE) });
      progress(1);
    }
    if (!booklet) return { reports, pdf: null, pages: 0 };
    sheet.stamp(doc, ranges);
    return { reports, pdf: await doc.save(CUT_SAVE), pages: doc.getPageCount() };
  }

  private stampSheet(pages: number): Promise<StampSheet> {
    const current = this.stamps;
    const make = async (): Promise<StampSheet> => {
      const have = current ? await current.catch(() => null) : null;
      if (have && have.maxPages >= pages) return have;
      const max = Math.max(MIN_STAMP_PAGES, pages);
      const html = stampSheetHtml(this.store, max);
      const pdf = await this.queue.run(() => this.printer.print({ html }), { admitted: true });
      return StampSheet.fromPrinted(await PDFDocument.load(pdf), max);
    };
    const next = make();
    this.stamps = next;
    next.catch(() => {
      if (this.stamps === next) this.stamps = null;
    });
    return next;
  }
}

import { PDFDocument } from 'pdf-lib';
import { CjkFontSubsetter } from './cjk-font-subset';
import { ChromiumPrinter } from './chromium-printer';
import { PrintQueue } from './print-queue';
import { RenderedReport, renderDocument, renderReport, reportAnchor, ReportPart, withFontFace } from './report-document';
import { StampSheet, stampSheetHtml } from './page-stamps';
import { TemplateStore } from './template-store';
import { Cutters } from './cutting/cutters';
import { IssuedFile } from './cutting/cut-job';
import { EvaluationEvidence } from './evidence/evaluation-evidence';
import { ArchivalContent, makeArchival, saveArchival } from './pdfa/archival-pdf';
import { bookletRecord, evidenceOfPart, reportRecord } from './pdfa/report-record';

export interface PrintedReport {
  key: string;
  bookmark: string;
  pages: number;
  /** The file as issued: PDF/A-3b, carrying `evidence` as attached files (src/reports/pdfa). */
  pdf: Uint8Array;
  /** Hex SHA-256 of `pdf`, for the register of issued files. */
  sha256: string;
  /** The evaluations the file carries (one for a scorecard; the year summary's rows). */
  evidence: EvaluationEvidence[];
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
  /** Hex SHA-256 of the booklet (it carries the evidence of every report in `reports`). */
  bookletSha256: string | null;
}

export interface BatchOptions {
  title: string;
  /** Print the whole batch as one bookmarked booklet and cut the files from it. */
  booklet?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** A single report to print: its HTML (font slot open, see withFontFace) and what makes it a record. */
export interface PageJob {
  html: string;
  record: ArchivalContent;
}

interface Chunk {
  parts: ReportPart[];
  rendered: RenderedReport[];
}

const MIN_STAMP_PAGES = 12;

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
  /** Threads that cut printed batches into archival files, one per print slot. */
  readonly cutters: Cutters;
  private stamps: Promise<StampSheet> | null = null;
  /** Where single reports are printed and made records: here, unless printSinglesOn says otherwise. */
  private issue: (job: PageJob) => Promise<IssuedFile> = (job) => this.printRecord(job);

  constructor(
    readonly store: TemplateStore,
    readonly printer: ChromiumPrinter,
    readonly queue: PrintQueue,
    readonly fonts: () => CjkFontSubsetter | null = () => null,
    readonly options: ReportPrinterOptions = { maxChunk: 25, perReportTimeoutMs: 300 },
  ) {
    const slots = options.singleConcurrency ?? Math.max(1, queue.concurrency - 1);
    this.singles = new PrintQueue(Math.min(slots, queue.concurrency), queue.maxWaiting);
    this.cutters = new Cutters(queue.concurrency);
  }

  /**
   * Single reports printed elsewhere (by a worker, src/jobs/bullmq-print-service.ts): this process
   * then only renders their HTML, and starts no Chromium and subsets no font for them. Batches
   * still print here.
   */
  printSinglesOn(printer: { print(job: PageJob): Promise<IssuedFile> }): void {
    this.issue = (job) => printer.print(job);
  }

  /** One report's page printed and made its archival file (with its font subset filled in here). */
  async printRecord(job: PageJob): Promise<IssuedFile> {
    const pdf = await this.printer.print({ html: withFontFace(job.html, this.fonts()) });
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    // Made an archival file here: a millisecond, less than handing it to a thread would cost.
    makeArchival(doc, job.record);
    return { ...(await saveArchival(doc)), pages: doc.getPageCount() };
  }

  /** Stops Chromium and the cutting threads. */
  async close(): Promise<void> {
    await Promise.all([this.printer.close(), this.cutters.close()]);
  }

  /** HTML of one report, for the preview (`print: false`) and for printing it alone. */
  html(part: ReportPart, print = false, { fontSlot = false } = {}): string {
    // fontSlot: left for the process that prints it to fill (printRecord).
    return renderDocument(this.store, part.model.bookmark, [renderReport(this.store, part)], { print, fonts: fontSlot ? undefined : this.fonts() });
  }

  /**
   * One report as its own document: Chromium numbers its pages itself. No bookmarks: one report
   * needs none, and a tagged PDF prints slower (the HTTP path aims at well under a second).
   */
  async printOne(part: ReportPart, admitted = false): Promise<PrintedReport> {
    // Refuse before rendering: under load most refused downloads used to render their HTML and
    // subset the font (a few milliseconds of the event loop each) only to throw it away.
    if (!admitted) this.singles.assertCapacity();
    const job: PageJob = { html: this.html(part, true, { fontSlot: true }), record: reportRecord(part) };
    const print = () => this.queue.run(() => this.issue(job), { admitted: true });
    // Inside a batch the report is already admitted; on its own it takes a single-report slot.
    const file = admitted ? await print() : await this.singles.run(print);
    return { key: part.key, bookmark: part.model.bookmark, pages: file.pages, pdf: file.pdf, sha256: file.sha256, evidence: evidenceOfPart(part) };
  }

  async printBatch(parts: ReportPart[], opts: BatchOptions): Promise<BatchResult> {
    this.queue.assertCapacity();
    return this.batchGate.run(() => this.runBatch(parts, opts));
  }

  /**
   * A warm start: loads the CJK font for subsetting, starts the cutting threads and prints the
   * page-number stamps now rather than on the first batch (together about half a second the
   * first batch would otherwise pay).
   */
  warmUp(): Promise<unknown> {
    this.fonts();
    this.cutters.warmUp();
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
    if (total === 0) return { reports: [], failures, booklet: null, bookletPages: 0, bookletSha256: null };
    if (opts.booklet) {
      const { reports, booklet, pages } = await this.printChunk(ok, opts.title, true, progress, () => 0);
      return { reports, failures, booklet: booklet?.pdf ?? null, bookletPages: pages, bookletSha256: booklet?.sha256 ?? null };
    }
    // Chunks of one size, as many as fill every print slot in each wave: a wave then ends when
    // its prints do, none waiting on a longer sibling (uneven chunks cost bench:pdf 10–20 %).
    const slots = this.queue.concurrency;
    const size = Math.ceil(total / (slots * Math.ceil(total / (slots * this.options.maxChunk))));
    const chunks: Chunk[] = [];
    for (let i = 0; i < total; i += size) chunks.push({ parts: ok.parts.slice(i, i + size), rendered: ok.rendered.slice(i, i + size) });
    let printing = chunks.length;
    const printed = await Promise.all(chunks.map((c) => this.printChunk(c, opts.title, false, progress, () => --printing)));
    return { reports: printed.flatMap((p) => p.reports), failures, booklet: null, bookletPages: 0, bookletSha256: null };
  }

  private async printChunk(
    chunk: Chunk,
    title: string,
    booklet: boolean,
    progress: (n: number) => void,
    /** Called once printed: how many chunks of the batch are still printing. */
    printed: () => number,
  ): Promise<{ reports: PrintedReport[]; booklet: IssuedFile | null; pages: number }> {
    const timeoutMs = this.printer.options.printTimeoutMs + chunk.rendered.length * this.options.perReportTimeoutMs;
    const html = renderDocument(this.store, title, chunk.rendered, { batch: true, print: true, fonts: this.fonts() });
    // Bookmarks (outline + tagged PDF) only for the booklet: they make the print slower and larger.
    const pdf = await this.queue.run(() => this.printer.print({ html, outline: booklet, timeoutMs }), { admitted: true });
    const stillPrinting = printed();
    const anchors = chunk.rendered.map((_, i) => reportAnchor(i));
    const reports = chunk.parts.map((part, index) => ({ index, record: reportRecord(part) }));
    // While other chunks print, a chunk is one thread's work (more would take the cores Chromium
    // prints with); the last one out of Chromium, or the booklet, is shared by all the threads:
    // the wait for it is what cutting adds to the batch.
    const share = stillPrinting > 0 ? reports.length : Math.ceil(reports.length / this.cutters.size) || 1;
    const groups: (typeof reports)[] = [];
    for (let i = 0; i < reports.length; i += share) groups.push(reports.slice(i, i + share));
    let sheet = await this.stampSheet(MIN_STAMP_PAGES);
    for (;;) {
      const results = await Promise.all(
        groups.map((group, k) =>
          this.cutters.run({ pdf, anchors, reports: group, booklet: booklet && k === 0 ? bookletRecord(title, chunk.parts) : null, sheet: sheet.saved }, () => progress(1)),
        ),
      );
      const longer = results.find((r) => r.kind === 'sheet');
      if (longer?.kind === 'sheet') {
        sheet = await this.stampSheet(longer.pages); // a longer report than any before: more stamps, then again
        continue;
      }
      if (results.some((r) => r.kind !== 'cut')) return this.printOneByOne(chunk, pdf, title, booklet, progress);
      const files = results.flatMap((r) => (r.kind === 'cut' ? r.files : []));
      const printed = files.map((file, i) => {
        const part = chunk.parts[i];
        return { key: part.key, bookmark: part.model.bookmark, pages: file.pages, pdf: file.pdf, sha256: file.sha256, evidence: evidenceOfPart(part) };
      });
      const issued = results[0].kind === 'cut' ? results[0].booklet : null;
      return { reports: printed, booklet: issued, pages: issued?.pages ?? 0 };
    }
  }

  /** The document cannot be cut reliably (its destinations do not match): each report is printed alone. */
  private async printOneByOne(chunk: Chunk, pdf: Uint8Array, title: string, booklet: boolean, progress: (n: number) => void) {
    const reports: PrintedReport[] = [];
    for (const part of chunk.parts) {
      reports.push(await this.printOne(part, true));
      progress(1);
    }
    if (!booklet) return { reports, booklet: null, pages: 0 };
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    makeArchival(doc, bookletRecord(title, chunk.parts));
    return { reports, booklet: { ...(await saveArchival(doc)), pages: doc.getPageCount() }, pages: doc.getPageCount() };
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

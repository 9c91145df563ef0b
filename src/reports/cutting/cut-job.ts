import { PDFDocument } from 'pdf-lib';
import { BatchFonts } from '../font-trim/batch-fonts';
import { SavedStampSheet, StampSheet } from '../page-stamps';
import { extractPages, reportRanges } from '../pdf-split';
import { ArchivalContent, makeArchival, saveArchival } from '../pdfa/archival-pdf';

/**
 * Cutting one printed batch document into the reports' files, as plain data in and out so that it
 * can run in a worker thread (cutters.ts): the batch is read, each report's pages are copied into
 * a file of their own with the batch's fonts trimmed to its glyphs, stamped with their page
 * numbers and made an archival PDF/A-3b file carrying its evaluation; the booklet, when the
 * document is one, is stamped and made archival too.
 */
export interface CutJob {
  /** The document Chromium printed. */
  pdf: Uint8Array;
  /** The named destination each report of the document starts at, in order. */
  anchors: string[];
  /** The reports to cut here (a booklet's may be shared among threads): index into `anchors`. */
  reports: { index: number; record: ArchivalContent }[];
  /** Set when this job also issues the document itself as the booklet. */
  booklet: ArchivalContent | null;
  sheet: SavedStampSheet;
}

export interface IssuedFile {
  pdf: Uint8Array;
  sha256: string;
  pages: number;
}

export type CutResult =
  | { kind: 'cut'; files: IssuedFile[]; booklet: IssuedFile | null }
  /** The destinations do not match the reports: the caller prints them one by one. */
  | { kind: 'uncuttable' }
  /** A report is longer than the stamp sheet: the caller prints a larger one and asks again. */
  | { kind: 'sheet'; pages: number };

/** The last stamp sheet read by this thread (sheets change only when a longer report comes). */
let sheetCache: { id: number; sheet: Promise<StampSheet> } | null = null;

function stampSheet(saved: SavedStampSheet): Promise<StampSheet> {
  if (sheetCache?.id !== saved.id) sheetCache = { id: saved.id, sheet: StampSheet.fromSaved(saved) };
  return sheetCache.sheet;
}

export async function cutJob(job: CutJob, progress: () => void): Promise<CutResult> {
  const doc = await PDFDocument.load(job.pdf, { updateMetadata: false });
  const ranges = reportRanges(doc, job.anchors);
  if (!ranges) return { kind: 'uncuttable' };
  const longest = Math.max(...ranges.map((r) => r.count));
  if (longest > job.sheet.maxPages) return { kind: 'sheet', pages: longest };
  const sheet = await stampSheet(job.sheet);
  // The batch's fonts, read once: each cut file gets them trimmed to its own glyphs.
  const fonts = new BatchFonts(doc);
  const files: IssuedFile[] = [];
  for (const { index, record } of job.reports) {
    const range = ranges[index];
    const cut = await extractPages(doc, range, fonts);
    sheet.stamp(cut, [{ start: 0, count: range.count }]);
    makeArchival(cut, record);
    files.push({ ...(await saveArchival(cut)), pages: range.count });
    progress();
  }
  if (!job.booklet) return { kind: 'cut', files, booklet: null };
  sheet.stamp(doc, ranges);
  makeArchival(doc, job.booklet);
  return { kind: 'cut', files, booklet: { ...(await saveArchival(doc)), pages: doc.getPageCount() } };
}

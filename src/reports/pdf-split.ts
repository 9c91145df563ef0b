import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';

/**
 * Chromium prints a batch as one document: this module finds where each report starts and cuts
 * the document into one file per report. Starts come from the named destinations Chromium
 * writes for the anchors the contents page links to (templates/document.hbs).
 */

/** Zero-based page of each named destination found in the document catalog's /Dests. */
export function namedDestinationPages(doc: PDFDocument): Map<string, number> {
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const result = new Map<string, number>();
  const dests = doc.catalog.lookup(PDFName.of('Dests'));
  if (!(dests instanceof PDFDict)) return result;
  for (const [name, value] of dests.entries()) {
    let dest = value instanceof PDFRef ? doc.context.lookup(value) : value;
    if (dest instanceof PDFDict) dest = dest.lookup(PDFName.of('D'));
    if (!(dest instanceof PDFArray)) continue;
    const target = dest.get(0);
    const page = target instanceof PDFRef ? pageIndex.get(target.toString()) : undefined;
    if (page !== undefined) result.set(name.decodeText(), page);
  }
  return result;
}

/**
 * Page ranges of the reports named `anchors`, in order, or null when the destinations do not
 * match (missing, or out of order): the caller then prints those reports one by one instead of
 * cutting wrongly. Pages before the first report (the contents) belong to no report.
 */
export function reportRanges(doc: PDFDocument, anchors: string[]): { start: number; count: number }[] | null {
  const pages = namedDestinationPages(doc);
  const starts = anchors.map((a) => pages.get(a));
  if (starts.some((s) => s === undefined)) return null;
  const total = doc.getPageCount();
  const ranges = (starts as number[]).map((start, i) => ({ start, count: (i + 1 < starts.length ? starts[i + 1]! : total) - start }));
  return ranges.every((r) => r.count > 0) ? ranges : null;
}

/** Copies one page range of `source` into a new PDF. */
export async function extractPages(source: PDFDocument, range: { start: number; count: number }, title: string): Promise<PDFDocument> {
  const part = await PDFDocument.create({ updateMetadata: false });
  const indices = Array.from({ length: range.count }, (_, k) => range.start + k);
  for (const page of await part.copyPages(source, indices)) part.addPage(page);
  part.setTitle(title, { showInWindowTitleBar: true });
  part.setLanguage('zh-CN');
  part.setProducer('notice-compliance');
  part.setCreator('Chromium');
  return part;
}

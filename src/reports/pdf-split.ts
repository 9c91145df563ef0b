import { PDFArray, PDFDict, PDFDocument, PDFName, PDFObjectCopier, PDFPage, PDFPageLeaf, PDFRef } from 'pdf-lib';
import { BatchFonts } from './font-trim/batch-fonts';

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

/**
 * Copies one page range of `source` into a new PDF, holding nothing of the other pages: pages are
 * copied into a new document (never cut out of a copy of the whole, which would keep the other
 * reports' page objects), without their place in the source's structure tree, with only the
 * annotations that stay within the file, and — given the batch's fonts — with each font trimmed
 * to the glyphs these pages show (src/reports/font-trim/batch-fonts.ts).
 */
export async function extractPages(source: PDFDocument, range: { start: number; count: number }, fonts?: BatchFonts): Promise<PDFDocument> {
  const part = await PDFDocument.create({ updateMetadata: false });
  const copier = PDFObjectCopier.for(source.context, part.context);
  const pages = source.getPages();
  const indices = Array.from({ length: range.count }, (_, k) => range.start + k);
  for (const i of indices) {
    const original = pages[i].node;
    const bare = original.clone();
    bare.delete(PDFName.of('Annots'));
    // The structure tree is not copied (see README): its keys would point at nothing.
    bare.delete(PDFName.of('StructParents'));
    const node = copier.copy(bare) as PDFPageLeaf;
    const ref = part.context.register(node);
    copyAnnotations(original, node, ref, copier, part);
    part.addPage(PDFPage.of(node, ref, part));
  }
  if (fonts) fonts.trim(part, copier, fonts.usage(indices));
  return part;
}

/**
 * A page's annotations that make sense in the cut file: links to web addresses (and any other
 * kind without a destination). A link to a destination points into the batch (named
 * destinations are not copied, and copying an explicit one would copy the page it names), and
 * an annotation's /P and /StructParent name the batch's page and structure: all left behind.
 */
function copyAnnotations(original: PDFPageLeaf, node: PDFPageLeaf, ref: PDFRef, copier: PDFObjectCopier, part: PDFDocument): void {
  const annots = original.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (!annots) return;
  const kept: PDFRef[] = [];
  for (let i = 0; i < annots.size(); i++) {
    const annot = annots.lookup(i);
    if (!(annot instanceof PDFDict) || annot.has(PDFName.of('Dest'))) continue;
    const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
    if (action && action.lookup(PDFName.of('S')) !== PDFName.of('URI')) continue;
    const bare = annot.clone();
    for (const key of ['P', 'StructParent', 'Parent', 'Popup']) bare.delete(PDFName.of(key));
    const copy = copier.copy(bare) as PDFDict;
    copy.set(PDFName.of('P'), ref);
    kept.push(part.context.register(copy));
  }
  if (kept.length > 0) node.set(PDFName.of('Annots'), part.context.obj(kept));
}

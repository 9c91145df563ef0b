import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { extractPages, reportRanges } from './pdf-split';

async function docWithDests(pages: number, dests: Record<string, number>): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([100, 100]);
  const refs = doc.getPages().map((p) => p.ref);
  const dict = doc.context.obj({});
  for (const [name, page] of Object.entries(dests)) {
    dict.set(PDFName.of(name), doc.context.obj([refs[page], PDFName.of('XYZ'), 0, 100, 0]));
  }
  doc.catalog.set(PDFName.of('Dests'), dict);
  return PDFDocument.load(await doc.save());
}

describe('reportRanges', () => {
  it('cuts after the contents page at each report anchor', async () => {
    const doc = await docWithDests(6, { 'report-0': 1, 'report-1': 3, 'report-2': 4 });
    expect(reportRanges(doc, ['report-0', 'report-1', 'report-2'])).toEqual([
      { start: 1, count: 2 },
      { start: 3, count: 1 },
      { start: 4, count: 2 },
    ]);
  });

  it('refuses to guess when an anchor is missing or out of order', async () => {
    expect(reportRanges(await docWithDests(3, { 'report-0': 0 }), ['report-0', 'report-1'])).toBeNull();
    expect(reportRanges(await docWithDests(3, { 'report-0': 2, 'report-1': 1 }), ['report-0', 'report-1'])).toBeNull();
  });

  it('extracts a range as its own document', async () => {
    const doc = await docWithDests(4, {});
    const part = await extractPages(doc, { start: 1, count: 2 });
    expect(part.getPageCount()).toBe(2);
    void PDFString;
  });
});

import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { archivalDate, latestDate } from './archival-dates';
import { makeArchival, saveArchival } from './archival-pdf';

async function archival(title = '武汉激光器产业集群质量提升 <&>'): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([100, 100]);
  doc.setTitle('Chromium title');
  makeArchival(doc, {
    title,
    author: '湖北省市场监督管理局',
    subject: '项目评估报告',
    keywords: '评估编号 e-1',
    date: archivalDate('2022-12-20T02:30:00.000Z'),
    files: [{ name: 'evaluation.json', bytes: Buffer.from('{}'), description: 'x' }],
  });
  return (await saveArchival(doc)).pdf;
}

describe('archival dates', () => {
  it('writes the evaluation time in Shanghai time, as PDF and XMP dates', () => {
    expect(archivalDate('2022-12-20T02:30:00.000Z')).toEqual({ pdf: "D:20221220103000+08'00'", xmp: '2022-12-20T10:30:00+08:00' });
    expect(archivalDate('2022-12-20')).toEqual({ pdf: "D:20221220000000+08'00'", xmp: '2022-12-20T00:00:00+08:00' });
    expect(archivalDate('2022-12-31T20:00:00Z')!.xmp).toBe('2023-01-01T04:00:00+08:00');
    expect(archivalDate('not a date')).toBeNull();
    expect(latestDate(['2022-12-20', null, '2022-12-21T00:00:00+08:00', '2022-12-19'])!.xmp).toBe('2022-12-21T00:00:00+08:00');
  });
});

describe('makeArchival', () => {
  it('declares PDF/A-3b in uncompressed XMP that says what the Info dictionary says', async () => {
    const doc = await PDFDocument.load(await archival());
    const xmpStream = doc.catalog.lookup(PDFName.of('Metadata')) as PDFRawStream;
    expect(xmpStream.dict.has(PDFName.of('Filter'))).toBe(false);
    const xmp = Buffer.from(xmpStream.contents).toString('utf8');
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('<rdf:li xml:lang="x-default">武汉激光器产业集群质量提升 &lt;&amp;&gt;</rdf:li>');
    expect(xmp).toContain('<xmp:CreateDate>2022-12-20T10:30:00+08:00</xmp:CreateDate>');
    const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
    expect(info.lookup(PDFName.of('Title'), PDFHexString).decodeText()).toBe('武汉激光器产业集群质量提升 <&>');
    expect(info.lookup(PDFName.of('Author'), PDFHexString).decodeText()).toBe('湖北省市场监督管理局');
    expect(info.lookup(PDFName.of('CreationDate'), PDFString).asString()).toBe("D:20221220103000+08'00'");
    expect(doc.getTitle()).not.toBe('Chromium title');
    const intents = doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray);
    expect(intents.size()).toBe(1);
    expect(intents.lookup(0, PDFDict).lookup(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
  });

  it('gives the file an /ID derived from its bytes: the same content, the same file', async () => {
    const a = Buffer.from(await archival());
    const b = Buffer.from(await archival());
    expect(a.equals(b)).toBe(true);
    const id = /\/ID \[ <([0-9A-F]{32})> <([0-9A-F]{32})> \]/.exec(a.toString('latin1'))!;
    expect(id[1]).toBe(id[2]);
    const zeroed = Buffer.from(a.toString('latin1').replace(new RegExp(id[1], 'g'), '0'.repeat(32)), 'latin1');
    expect(createHash('sha256').update(zeroed).digest('hex').slice(0, 32).toUpperCase()).toBe(id[1]);
    const other = Buffer.from(await archival('另一个项目')).toString('latin1');
    expect(other).not.toContain(id[1]);
    expect(a.toString('latin1', 0, 8)).toBe('%PDF-1.7');
  });
});

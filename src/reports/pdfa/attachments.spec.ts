import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { attachFiles, EVALUATION_ATTACHMENT, evaluationAttachmentName, readAttachments, readEvaluationAttachment } from './attachments';

async function withFiles(files: { name: string; text: string }[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([100, 100]);
  attachFiles(doc, files.map((f) => ({ name: f.name, bytes: Buffer.from(f.text, 'utf8'), description: `说明 ${f.name}` })), "D:20221220103000+08'00'");
  return doc.save({ useObjectStreams: false });
}

describe('evaluation attachments', () => {
  it('attaches evaluation.json as an associated file (Data, application/json, in /AF) and reads the same bytes back', async () => {
    const json = '{"evaluationId":"e-1","subject":{"name":"武汉激光"}}';
    const pdf = await withFiles([{ name: EVALUATION_ATTACHMENT, text: json }]);
    expect((await readEvaluationAttachment(pdf))!.toString('utf8')).toBe(json);
    const [file] = await readAttachments(pdf);
    expect(file).toMatchObject({ name: 'evaluation.json', mimeType: 'application/json', relationship: 'Data' });

    const doc = await PDFDocument.load(pdf);
    const af = doc.catalog.lookup(PDFName.of('AF'), PDFArray);
    expect(af.size()).toBe(1);
    const spec = af.lookup(0, PDFDict);
    expect(spec.lookup(PDFName.of('AFRelationship'))).toBe(PDFName.of('Data'));
    const stream = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F')) as PDFRawStream;
    expect(stream.dict.lookup(PDFName.of('Subtype'))).toBe(PDFName.of('application/json'));
    expect(stream.dict.lookup(PDFName.of('Params'), PDFDict).lookup(PDFName.of('ModDate'), PDFString).asString()).toBe("D:20221220103000+08'00'");
  });

  it("numbers a booklet's evaluations in print order and finds no evaluation.json there", async () => {
    const names = [0, 1, 2, 10].map(evaluationAttachmentName);
    expect(names).toEqual(['evaluation-001.json', 'evaluation-002.json', 'evaluation-003.json', 'evaluation-011.json']);
    const pdf = await withFiles(names.reverse().map((name) => ({ name, text: name })));
    expect((await readAttachments(pdf)).map((f) => f.name)).toEqual([...names].reverse());
    expect(await readEvaluationAttachment(pdf)).toBeNull();
  });

  it('reads nothing from a PDF without attachments, and refuses what is not a PDF', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    expect(await readEvaluationAttachment(await doc.save())).toBeNull();
    await expect(readAttachments(Buffer.from('not a pdf'))).rejects.toThrow();
  });
});

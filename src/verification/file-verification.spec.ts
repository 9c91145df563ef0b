import { PDFDocument } from 'pdf-lib';
import { evidenceFromBytes } from '../reports/evidence/evaluation-evidence';
import { attachFiles } from '../reports/pdfa/attachments';
import { attachedEvaluation, VerificationSource, verifyFile } from './file-verification';
import { VerifiedScorecard } from './verified-scorecard';

const SCORECARD: VerifiedScorecard = {
  name: '武汉光谷激光产业集群质量提升', region: '武汉', year: 2022, stage: 'application', stageLabel: '申报审查',
  outcome: '符合', ruleSet: { id: 'hubei-2022', version: 1 }, date: '2022-12-20',
};

async function pdfCarrying(files: { name: string; bytes: Buffer }[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  attachFiles(doc, files.map((f) => ({ ...f, description: '评估记录' })), "D:20221220000000+08'00'");
  return Buffer.from(await doc.save());
}

/** A database holding one evaluation, `stored`, and the register rows given. */
function source(stored: Buffer, register: string[]): VerificationSource {
  return {
    stored: async (id) => (id === 'e-1' ? { evidence: evidenceFromBytes(stored), scorecard: SCORECARD } : null),
    issued: async (_id, sha) => ({ files: register.length, identical: register.includes(sha) }),
  };
}

describe('verifyFile', () => {
  const json = Buffer.from(JSON.stringify({ evaluationId: 'e-1', stored: true, compliant: true }));

  it('tells the attached evaluation from the file: genuine evaluation in a file that is not the one registered', async () => {
    const pdf = await pdfCarrying([{ name: 'evaluation.json', bytes: json }]);
    const attached = await attachedEvaluation('a.pdf', pdf);
    expect(attached.equals(json)).toBe(true);
    const out = await verifyFile('a.pdf', pdf, attached, source(json, ['0'.repeat(64)]));
    expect(out).toEqual({
      file: 'a.pdf', evaluationId: 'e-1', code: evidenceFromBytes(json).code, genuine: true,
      reason: expect.stringContaining('出具后被另存或改动过'), pdfIdentical: false, subject: SCORECARD,
    });
    // No file of the evaluation registered: nothing to compare the file with.
    expect((await verifyFile('a.pdf', pdf, attached, source(json, []))).pdfIdentical).toBeNull();
  });

  it('is not genuine when the attachment differs from the stored evaluation, is no evaluation, or was never stored', async () => {
    const altered = Buffer.from(JSON.stringify({ evaluationId: 'e-1', stored: true, compliant: false }));
    const pdf = await pdfCarrying([{ name: 'evaluation.json', bytes: altered }]);
    expect(await verifyFile('a.pdf', pdf, altered, source(json, []))).toMatchObject({ genuine: false, reason: expect.stringContaining('附件已被改动'), subject: SCORECARD });
    expect(await verifyFile('a.pdf', pdf, Buffer.from('not json'), source(json, []))).toMatchObject({ evaluationId: null, genuine: false, pdfIdentical: null });
    const unstored = Buffer.from(JSON.stringify({ evaluationId: 'unstored-project-x', stored: false }));
    expect(await verifyFile('a.pdf', pdf, unstored, source(json, []))).toMatchObject({ genuine: false, reason: expect.stringContaining('未存储的即时评估'), subject: null });
    const unknown = Buffer.from(JSON.stringify({ evaluationId: 'e-2', stored: true }));
    expect(await verifyFile('a.pdf', pdf, unknown, source(json, []))).toMatchObject({ genuine: false, reason: '数据库中没有评估记录 e-2' });
  });

  it('refuses what cannot be checked: not a PDF, no evaluation.json, a booklet’s several', async () => {
    await expect(attachedEvaluation('x.pdf', Buffer.from('hello'))).rejects.toThrow('x.pdf 不是 PDF 文件');
    await expect(attachedEvaluation('x.pdf', Buffer.from('%PDF-1.7\nbroken'))).rejects.toThrow('x.pdf 无法作为 PDF 读取');
    await expect(attachedEvaluation('x.pdf', await pdfCarrying([]))).rejects.toThrow('没有附带评估记录 evaluation.json');
    const booklet = await pdfCarrying([{ name: 'evaluation-001.json', bytes: json }, { name: 'evaluation-002.json', bytes: json }]);
    await expect(attachedEvaluation('x.pdf', booklet)).rejects.toThrow('附有 2 份评估记录');
  });
});

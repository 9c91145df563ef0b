import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { attachFiles, readEvaluationAttachment } from '../src/reports/pdfa/attachments';
import { newProject, startTestApp, TestApp } from './support/test-app';
import { pdfTextCompact } from './support/pdf-tools';
import { binary } from './support/binary-body';

/**
 * `npm run -s cli -- verify <file.pdf>` as a user runs it (the built CLI, dist/ as npm test's
 * set-up builds it, or CLI_DIST for a private build) against the database a test service wrote:
 * a file as issued, one whose evaluation.json was altered, one re-saved with the same
 * attachment, an evaluation made for the print, and input that cannot be checked (exit 2).
 */
const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(process.env.CLI_DIST ? path.resolve(process.env.CLI_DIST) : path.join(ROOT, 'dist'), 'cli', 'main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let t: TestApp;
let tmp: string;

function verify(file: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'verify', file], { cwd: ROOT, env: { ...process.env, DATABASE_URL: `file:${t.dbFile}` } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}


async function download(url: string, name: string): Promise<string> {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, (await t.http.get(url).buffer(true).parse(binary).expect(200)).body as Buffer);
  return file;
}

/** The same PDF with its evaluation.json replaced by `bytes` (what a forger would have to do). */
async function withAttachment(pdf: Buffer, bytes: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.catalog.delete(PDFName.of('Names'));
  doc.catalog.delete(PDFName.of('AF'));
  attachFiles(doc, [{ name: 'evaluation.json', bytes, description: '评估记录' }], "D:20221220000000+08'00'");
  return Buffer.from(await doc.save());
}

let evaluationId: string;
let issued: string;

beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm test runs the set-up, or npx tsc -p tsconfig.build.json)`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-cli-'));
  t = await startTestApp();
  const project = (await t.http.post('/api/projects').send(newProject({ name: '武汉光谷激光产业集群质量提升' })).expect(201)).body;
  evaluationId = (await t.http.post(`/api/projects/${project.id}/evaluations`).send({ stage: 'application' }).expect(201)).body.id;
  issued = await download(`/api/evaluations/${evaluationId}/report.pdf`, 'issued.pdf');
}, 120000);

afterAll(async () => {
  await t?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('cli verify <file.pdf>', () => {
  it('a file as issued: the evaluation is genuine and the file is byte for byte the one issued', async () => {
    const run = await verify(issued);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const out = JSON.parse(run.stdout);
    const printedCode = /核验码([0-9A-F]{4}(-[0-9A-F]{4}){3})/.exec(pdfTextCompact(fs.readFileSync(issued)))![1];
    expect(Object.keys(out)).toEqual(['file', 'evaluationId', 'code', 'genuine', 'reason', 'pdfIdentical', 'subject']);
    expect(out).toMatchObject({ file: issued, evaluationId, code: printedCode, genuine: true, pdfIdentical: true });
    expect(out.reason).toContain('与存档的评估记录逐字节一致');
    expect(out.subject).toEqual({
      name: '武汉光谷激光产业集群质量提升', region: '武汉', year: 2022, stage: 'application', stageLabel: '申报审查',
      outcome: expect.stringMatching(/^(不)?符合$/), ruleSet: { id: 'hubei-2022', version: 1 }, date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
  });

  it('a file whose evaluation.json was altered: not genuine, and not the file issued', async () => {
    const pdf = fs.readFileSync(issued);
    const original = (await readEvaluationAttachment(pdf))!;
    const doc = JSON.parse(original.toString('utf8'));
    doc.compliant = !doc.compliant;
    const altered = path.join(tmp, 'altered.pdf');
    fs.writeFileSync(altered, await withAttachment(pdf, Buffer.from(JSON.stringify(doc))));
    const run = await verify(altered);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ evaluationId, genuine: false, pdfIdentical: false });
    expect(out.reason).toContain('附件已被改动');
  });

  it('a re-saved file with the same attachment: the evaluation is genuine, the PDF is not the one issued', async () => {
    const doc = await PDFDocument.load(fs.readFileSync(issued), { updateMetadata: false });
    doc.setSubject('另存');
    const resaved = path.join(tmp, 'resaved.pdf');
    fs.writeFileSync(resaved, await doc.save());
    const run = await verify(resaved);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ evaluationId, genuine: true, pdfIdentical: false });
    expect(out.reason).toContain('出具后被另存或改动过');
  });

  it('an evaluation made for the print and stored nowhere: nothing to check it against', async () => {
    await t.http.post('/api/regions/progress').send(JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'ok', 'regions-2022.json'), 'utf8'))[0]).expect(201);
    const unstored = await download(`/api/regions/${encodeURIComponent('神农架')}/report.pdf?year=2022`, 'unstored.pdf');
    const run = await verify(unstored);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ genuine: false, pdfIdentical: null, subject: null });
    expect(out.reason).toContain('未存储的即时评估');
  });

  it('refuses what cannot be checked with exit 2 and one line on stderr: no file, not a PDF, no evaluation attached', async () => {
    const notPdf = path.join(tmp, 'notes.pdf');
    fs.writeFileSync(notPdf, '这不是 PDF');
    const bare = path.join(tmp, 'bare.pdf');
    const blank = await PDFDocument.create();
    blank.addPage();
    fs.writeFileSync(bare, await blank.save());
    for (const [file, message] of [[path.join(tmp, 'missing.pdf'), '文件不存在'], [notPdf, '不是 PDF 文件'], [bare, '没有附带评估记录 evaluation.json']]) {
      const run = await verify(file);
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(message);
    }
  });
});

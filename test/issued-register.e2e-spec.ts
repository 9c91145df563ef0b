import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import request from 'supertest';
import { readAttachments, readEvaluationAttachment } from '../src/reports/pdfa/attachments';
import { evidenceFromBytes } from '../src/reports/evidence/evaluation-evidence';
import { Agent, newProject, startTestApp, TestApp } from './support/test-app';
import { binary } from './support/binary-body';

/**
 * The register of issued files (issue 14, item 2): each printed file the service hands out is
 * recorded with the SHA-256 of the evaluation.json it carries, its verification code and the
 * SHA-256 of the file itself — for every stored evaluation it carries. Printing stays a read: no
 * evaluation is stored and the audit log does not change; the register row is the record of issue.
 */
let t: TestApp;
let evaluator: Agent;
let viewer: Agent;
let stored: string;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const enc = encodeURIComponent;

beforeAll(async () => {
  t = await startTestApp();
  evaluator = await t.as('evaluator');
  // A viewer with a name, to see who the register says issued the file.
  viewer = request.agent(t.app.getHttpServer()).set('Authorization', `Bearer ${await t.tokenFor('viewer', undefined, '档案室')}`);
  const a = (await evaluator.post('/api/projects').send(newProject({ name: '武汉光谷激光质量提升' })).expect(201)).body.id as string;
  await evaluator.post('/api/projects').send(newProject({ name: '武汉汽车零部件提升' })).expect(201);
  stored = (await evaluator.post(`/api/projects/${a}/evaluations`).send({ stage: 'application' }).expect(201)).body.id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

/** Runs a GET; checks it stored no evaluation and no audit row; returns the body and the register rows it added. */
async function issue(url: string) {
  const before = { evaluations: await t.prisma.evaluation.count(), audit: await t.prisma.auditLog.count(), last: (await t.prisma.issuedDocument.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0 };
  const res = await viewer.get(url).buffer(true).parse(binary).expect(200);
  expect({ evaluations: await t.prisma.evaluation.count(), audit: await t.prisma.auditLog.count() }).toEqual({ evaluations: before.evaluations, audit: before.audit });
  const rows = await t.prisma.issuedDocument.findMany({ where: { id: { gt: before.last } }, orderBy: { id: 'asc' } });
  return { body: res.body as Buffer, rows };
}

it('registers a scorecard of a stored evaluation: its evaluation.json, its code and the file as issued, by whom', async () => {
  const { body, rows } = await issue(`/api/evaluations/${stored}/report.pdf`);
  const evidence = evidenceFromBytes((await readEvaluationAttachment(body))!);
  expect(rows).toEqual([
    expect.objectContaining({ evaluationId: stored, kind: 'project', title: '武汉光谷激光质量提升', evidenceSha256: evidence.sha256, code: evidence.code, pdfSha256: sha256(body), issuedBy: '档案室' }),
  ]);
  expect(JSON.parse(evidence.json.toString('utf8'))).toMatchObject({ evaluationId: stored, stored: true });
});

it('registers each file of the projects ZIP and the booklet, for the stored evaluation only', async () => {
  const { body, rows } = await issue(`/api/reports/projects.zip?year=2022&region=${enc('武汉')}`);
  const zip = await JSZip.loadAsync(body);
  const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
  const files = await Promise.all(manifest.reports.map(async (r: { file: string }) => zip.file(r.file)!.async('uint8array')));
  const booklet = await zip.file(manifest.booklet.file)!.async('uint8array');
  const mine = files.find((f) => sha256(f) === rows.find((r) => r.kind === 'project')?.pdfSha256)!;
  expect(mine).toBeDefined();
  const evidence = evidenceFromBytes((await readEvaluationAttachment(mine))!);
  expect(rows.map((r) => ({ kind: r.kind, evaluationId: r.evaluationId, code: r.code, pdf: r.pdfSha256 }))).toEqual([
    { kind: 'project', evaluationId: stored, code: evidence.code, pdf: sha256(mine) },
    { kind: 'booklet', evaluationId: stored, code: evidence.code, pdf: sha256(booklet) },
  ]);
  // The booklet carries both projects' evaluations; the one printed without storing is not registered.
  expect((await readAttachments(booklet)).map((f) => f.name)).toEqual(['evaluation-001.json', 'evaluation-002.json']);
});

it('registers the year summary for the stored evaluations it carries', async () => {
  const { body, rows } = await issue('/api/reports/summary.pdf?year=2022');
  const carried = (await readAttachments(body)).map((f) => evidenceFromBytes(f.bytes));
  expect(carried).toHaveLength(2);
  expect(rows).toEqual([expect.objectContaining({ kind: 'summary', evaluationId: stored, pdfSha256: sha256(body) })]);
  expect(carried.map((e) => e.code)).toContain(rows[0].code);
});

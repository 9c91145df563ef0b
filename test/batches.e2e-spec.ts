import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { readEvaluationAttachment } from '../src/reports/pdfa/attachments';
import { JobQueue } from '../src/jobs/batch.types';
import { BatchPartProcessor } from '../src/jobs/batch-part.processor';
import { OpenApiContract } from './support/openapi-contract';
import { Agent, newProject, ROOT, startTestApp, TestApp } from './support/test-app';
import { binary } from './support/binary-body';

/**
 * Batches in the embedded mode (no REDIS_URL): the parts run in the API process through the
 * in-process queue. Small parts (2 scorecards) and a small queue limit (3 waiting parts) so one
 * ten-project batch shows progress part by part and fills the queue.
 */
let t: TestApp;
let evaluator: Agent;
const evaluationOf = new Map<string, string>(); // project id -> stored evaluation id
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const enc = encodeURIComponent;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls a batch until it is over; returns it and every progress value seen on the way. */
async function finish(agent: Agent, id: string, timeoutMs = 90_000) {
  const seen: number[] = [];
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(100)) {
    const batch = (await agent.get(`/api/batches/${id}`).expect(200)).body;
    seen.push(batch.done);
    if (!['queued', 'running'].includes(batch.state)) return { batch, seen };
  }
  throw new Error(`batch ${id} did not finish within ${timeoutMs} ms`);
}

beforeAll(async () => {
  process.env.BATCH_PART_SIZE = '2';
  process.env.BATCH_QUEUE_LIMIT = '3';
  t = await startTestApp();
  evaluator = await t.as('evaluator');
  const regions = ['武汉', '武汉', '武汉', '武汉', '武汉', '武汉', '襄阳', '襄阳', '襄阳', '襄阳'];
  for (const [i, region] of regions.entries()) {
    const id = (await evaluator.post('/api/projects').send(newProject({ name: `批量测试项目${i + 1}`, region, county: null })).expect(201)).body.id as string;
    evaluationOf.set(id, (await evaluator.post(`/api/projects/${id}/evaluations`).send({ stage: 'application' }).expect(201)).body.id);
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
  delete process.env.BATCH_PART_SIZE;
  delete process.env.BATCH_QUEUE_LIMIT;
});

it('prints every scorecard of the year as its own PDF carrying its own evaluation, with real progress; the same request again is the same batch', async () => {
  const before = await t.prisma.issuedDocument.count();
  const submitted = await evaluator.post('/api/batches').send({ kind: 'scorecards', year: 2022, stage: 'application' }).expect(202);
  expect(submitted.body).toMatchObject({ kind: 'scorecards', state: 'queued', done: 0, total: 10, year: 2022, region: null, ruleSet: { id: 'hubei-2022', version: 1 } });
  const again = await evaluator.post('/api/batches').send({ year: 2022, stage: 'application' }).expect(202);
  expect(again.body.id).toBe(submitted.body.id);
  // The queue is over its limit now (4 parts waiting behind the first): a new batch is refused early.
  const refused = await evaluator.post('/api/batches').send({ year: 2022, stage: 'acceptance' }).expect(503);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(refused.body.message).toContain('批量任务排队已满');
  expect(await t.prisma.batch.count({ where: { dedupKey: { contains: 'acceptance' } } })).toBe(0);

  const { batch, seen } = await finish(evaluator, submitted.body.id);
  expect(batch).toMatchObject({ state: 'completed', done: 10, total: 10, reason: null });
  // Progress moved part by part (2 scorecards each), never backwards.
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  expect(new Set(seen.filter((n) => n > 0 && n < 10)).size).toBeGreaterThan(0);
  expect(batch.files).toHaveLength(10);

  const issued = await t.prisma.issuedDocument.findMany({ where: { id: { gt: before } } });
  for (const file of batch.files) {
    const res = await evaluator.get(`/api/batches/${batch.id}/files/${enc(file.name)}`).buffer(true).parse(binary).expect(200);
    const pdf = res.body as Buffer;
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toContain('%%EOF');
    expect(sha256(pdf)).toBe(file.sha256);
    const attached = JSON.parse((await readEvaluationAttachment(pdf))!.toString('utf8'));
    const projectId = /（([^）]+)）\.pdf$/.exec(file.name)![1];
    expect({ evaluationId: attached.evaluationId, subject: attached.evaluation?.subject?.id ?? attached.subject?.id }).toEqual({ evaluationId: evaluationOf.get(projectId), subject: projectId });
    // Registered as issued, once, as the file it is.
    expect(issued.filter((r) => r.pdfSha256 === file.sha256).map((r) => r.evaluationId)).toEqual([evaluationOf.get(projectId)]);
  }
  expect(issued).toHaveLength(10);

  const zip = await JSZip.loadAsync((await evaluator.get(`/api/batches/${batch.id}/projects.zip`).buffer(true).parse(binary).expect(200)).body);
  const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
  expect(manifest.reports).toHaveLength(10);
  expect(manifest.failures).toEqual([]);
  for (const r of manifest.reports) expect(sha256(await zip.file(r.file)!.async('uint8array'))).toBe(batch.files.find((f: { name: string }) => r.file.endsWith(f.name)).sha256);

  // The submission was audited with its user; the repeated one too (it returned the same batch).
  const audit = await t.prisma.auditLog.findMany({ where: { action: 'POST /api/batches' } });
  expect(audit.map((a) => a.user)).toEqual([expect.stringMatching(/^test-evaluator/), expect.stringMatching(/^test-evaluator/)]);
}, 120_000);

it('cancels a batch: it stops taking parts, the cancellation is audited, and a finished batch cannot be cancelled', async () => {
  const submitted = (await evaluator.post('/api/batches').send({ year: 2022, region: '武汉' }).expect(202)).body;
  expect(submitted.total).toBe(6);
  const cancelled = await evaluator.delete(`/api/batches/${submitted.id}`).expect(200);
  expect(cancelled.body).toMatchObject({ state: 'cancelled', reason: expect.stringContaining('取消') });
  await sleep(3000);
  const after = (await evaluator.get(`/api/batches/${submitted.id}`).expect(200)).body;
  expect(after.state).toBe('cancelled');
  expect(after.done).toBeLessThan(6);
  expect(after.files.length).toBe(after.done);
  const again = await evaluator.delete(`/api/batches/${submitted.id}`).expect(409);
  expect(again.body.message).toContain('已取消，不能取消');
  const audit = await t.prisma.auditLog.findMany({ where: { action: 'DELETE /api/batches/:id' } });
  expect(audit).toHaveLength(1);
  expect(audit[0].comment).toBe(`/api/batches/${submitted.id}`);
}, 60_000);

it('region users see only their region’s batches, as if the others did not exist', async () => {
  const xiangyang = await t.as('region', '襄阳');
  const wuhan = await t.as('region', '武汉');
  // Without a region, a region user's batch is their region's.
  const own = (await xiangyang.post('/api/batches').send({ year: 2022 }).expect(202)).body;
  expect(own).toMatchObject({ region: '襄阳', total: 4 });
  const province = (await evaluator.post('/api/batches').send({ year: 2022, stage: 'acceptance' }).expect(202)).body;
  const notFound = await xiangyang.get(`/api/batches/${province.id}`).expect(404);
  expect(notFound.body.message).toBe(`批量任务 ${province.id} 不存在`);
  await xiangyang.delete(`/api/batches/${province.id}`).expect(404);
  await xiangyang.post('/api/batches').send({ year: 2022, region: '武汉' }).expect(404);
  await wuhan.get(`/api/batches/${own.id}`).expect(404);
  await wuhan.get(`/api/batches/nonexistent`).expect(404);
  const done = (await finish(xiangyang, own.id)).batch;
  expect(done).toMatchObject({ state: 'completed', done: 4 });
  await wuhan.get(`/api/batches/${own.id}/files/${enc(done.files[0].name)}`).expect(404);
  // The list: a region user's holds only their region's batches; the evaluator's holds both.
  const listed = (await xiangyang.get('/api/batches').expect(200)).body as { id: string; region: string | null }[];
  expect(listed.map((b) => b.id)).toContain(own.id);
  expect(listed.every((b) => b.region === '襄阳')).toBe(true);
  expect((await wuhan.get('/api/batches').expect(200)).body.map((b: { id: string }) => b.id)).not.toContain(own.id);
  expect((await evaluator.get('/api/batches').expect(200)).body.map((b: { id: string }) => b.id)).toEqual(expect.arrayContaining([own.id, province.id]));
  await wuhan.get(`/api/batches/${own.id}/projects.zip`).expect(404);
  await xiangyang.get(`/api/batches/${own.id}/files/${enc(done.files[0].name)}`).expect(200);
  await finish(evaluator, province.id);
}, 120_000);

it('refuses bad requests with every problem and its pointer, and another rule set to whom may not choose it', async () => {
  const bad = await evaluator.post('/api/batches').send({ kind: 'everything', year: '2022', colour: 'red' }).expect(400);
  expect(bad.body.details.map((d: { pointer: string }) => d.pointer).sort()).toEqual(['/colour', '/kind', '/year']);
  const other = await evaluator.post('/api/batches').send({ year: 2022, ruleSet: 'hubei-2022@7' }).expect(403);
  expect(other.body.message).toContain('只有政策处和管理员');
  const viewer = await t.as('viewer');
  await viewer.post('/api/batches').send({ kind: 'evaluations', year: 2022, stage: 'application' }).expect(403);
  expect(await t.prisma.batch.count({ where: { kind: 'evaluations' } })).toBe(0);
});

it('an evaluations batch evaluates and stores each project once, as its requester', async () => {
  const before = await t.prisma.evaluation.count({ where: { region: '襄阳', stage: 'acceptance' } });
  const submitted = (await evaluator.post('/api/batches').send({ kind: 'evaluations', year: 2022, stage: 'acceptance', region: '襄阳' }).expect(202)).body;
  expect(submitted).toMatchObject({ kind: 'evaluations', total: 4 });
  const { batch } = await finish(evaluator, submitted.id);
  expect(batch).toMatchObject({ state: 'completed', done: 4, files: [] });
  const stored = await t.prisma.evaluation.findMany({ where: { region: '襄阳', stage: 'acceptance' }, orderBy: { createdAt: 'asc' } });
  expect(stored).toHaveLength(before + 4);
  expect(new Set(stored.slice(before).map((e) => e.projectId)).size).toBe(4);
  expect(stored.slice(before).every((e) => /^test-evaluator/.test(e.createdBy ?? ''))).toBe(true);
}, 60_000);

it('the CLI submits the same kind of batch, runs it in its own process (embedded) and writes the ZIP', async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'batch-cli-')), '襄阳.zip');
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'dist', 'cli', 'main.js'), 'batch', '--year', '2022', '--region', '襄阳', '--stage', 'application', '--out', out], {
      // The database of this file's app (startTestApp set it: a SQLite file, or PostgreSQL under TEST_DATABASE=postgresql).
      env: { ...process.env },
    });
    const result = JSON.parse(stdout);
    expect(result.batch).toMatchObject({ state: 'completed', done: 4, total: 4, region: '襄阳', requestedBy: expect.stringMatching(/^命令行/) });
    const zip = await JSZip.loadAsync(fs.readFileSync(out));
    const pdfs = Object.keys(zip.files).filter((n) => n.endsWith('.pdf'));
    expect(pdfs).toHaveLength(4);
    for (const name of pdfs) {
      const attached = JSON.parse((await readEvaluationAttachment(await zip.file(name)!.async('uint8array')))!.toString('utf8'));
      expect(attached.evaluationId).toBe(evaluationOf.get(/（([^）]+)）\.pdf$/.exec(name)![1]));
    }
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}, 60_000);

it('answers as the OpenAPI document says: every batch operation, success and refusal', async () => {
  const contract = new OpenApiContract((await t.anonymous.get('/docs-json').expect(200)).body);
  const problems: string[] = [];
  const check = async (method: string, path: string, status: number, call: Promise<import('supertest').Response>) => {
    const res = await call;
    if (res.status !== status) problems.push(`${method} ${path}: ${res.status} instead of ${status}`);
    problems.push(...contract.problems(method, path, res));
    return res;
  };
  const body = { year: 2022, stage: 'acceptance', region: '武汉' };
  expect(contract.requestProblems('post', '/api/batches', body)).toEqual([]);
  const created = await check('post', '/api/batches', 202, evaluator.post('/api/batches').send(body));
  await check('post', '/api/batches', 400, evaluator.post('/api/batches').send({ year: 'x' }));
  await check('get', '/api/batches/{id}', 200, evaluator.get(`/api/batches/${created.body.id}`));
  await check('get', '/api/batches', 200, evaluator.get('/api/batches'));
  await check('get', '/api/batches/{id}', 404, evaluator.get('/api/batches/none'));
  await check('get', '/api/batches/{id}/projects.zip', 409, evaluator.get(`/api/batches/${created.body.id}/projects.zip`));
  await check('delete', '/api/batches/{id}', 200, evaluator.delete(`/api/batches/${created.body.id}`));
  await check('delete', '/api/batches/{id}', 409, evaluator.delete(`/api/batches/${created.body.id}`));
  await check('get', '/api/batches/{id}/files/{name}', 404, evaluator.get(`/api/batches/${created.body.id}/files/none.pdf`));
  expect(problems).toEqual([]);
});

it('started again after a crash, the embedded queue takes up the parts of unfinished batches that had not committed', async () => {
  const items = (await t.prisma.project.findMany({ where: { region: '襄阳' }, orderBy: { id: 'asc' }, select: { id: true } })).map((p) => p.id);
  const params = { year: 2022, stage: 'application', region: '襄阳', ruleSet: { id: 'hubei-2022', version: 1 }, items, partSize: 2, requester: { id: 1, name: 'test-admin', role: 'admin', region: null } };
  // As a process that died after committing part 0 of 2 leaves it.
  const marker = Buffer.from(JSON.stringify({ part: 0, items: items.slice(0, 2), files: [], failures: [] }));
  await t.prisma.batch.create({ data: { id: 'crashed-batch', kind: 'scorecards', params: JSON.stringify(params), state: 'running', total: 4, done: 2, requestedBy: 'test-admin' } });
  await t.prisma.batchFile.create({ data: { batchId: 'crashed-batch', name: 'parts/0000.json', mediaType: 'application/json', size: marker.length, sha256: sha256(marker), content: new Uint8Array(marker) } });
  await t.app.get(JobQueue).startConsuming();
  const { batch } = await finish(t.http, 'crashed-batch');
  expect(batch).toMatchObject({ state: 'completed', done: 4, total: 4 });
  // Only part 1 ran again: its two scorecards, not part 0's.
  expect(batch.files.map((f: { name: string }) => /（([^）]+)）\.pdf$/.exec(f.name)![1]).sort()).toEqual(items.slice(2).sort());
}, 60_000);

it('a part run twice at once (a worker that stalled but was not dead, and the one that took over) is kept and counted once', async () => {
  const items = (await t.prisma.project.findMany({ where: { region: '武汉' }, orderBy: { id: 'asc' }, select: { id: true } })).map((p) => p.id).slice(0, 2);
  const params = { year: 2022, stage: 'application', region: '武汉', ruleSet: { id: 'hubei-2022', version: 1 }, items, partSize: 2, requester: { id: 1, name: 'test-admin', role: 'admin', region: null } };
  await t.prisma.batch.create({ data: { id: 'twice-batch', kind: 'scorecards', params: JSON.stringify(params), state: 'queued', total: 2, done: 0, requestedBy: 'test-admin' } });
  const issuedBefore = await t.prisma.issuedDocument.count();
  const processor = t.app.get(BatchPartProcessor);
  const results = await Promise.all([processor.run({ batchId: 'twice-batch', part: 0 }), processor.run({ batchId: 'twice-batch', part: 0 })]);
  expect(results.sort()).toEqual(['done', 'skipped']);
  const batch = (await t.http.get('/api/batches/twice-batch').expect(200)).body;
  expect(batch).toMatchObject({ state: 'completed', done: 2, total: 2 });
  expect(batch.files).toHaveLength(2);
  expect(await t.prisma.issuedDocument.count()).toBe(issuedBefore + 2);
  // And once more after it is over: nothing changes.
  expect(await processor.run({ batchId: 'twice-batch', part: 0 })).toBe('skipped');
  expect(await t.prisma.issuedDocument.count()).toBe(issuedBefore + 2);
}, 60_000);

it('a part that keeps failing ends its batch as failed, with the reason the user sees', async () => {
  const items = (await t.prisma.project.findMany({ where: { region: '襄阳' }, orderBy: { id: 'asc' }, select: { id: true } })).map((p) => p.id);
  // A rule-set version that is gone by the time the part runs: every attempt fails the same way.
  const params = { year: 2022, stage: 'application', region: '襄阳', ruleSet: { id: 'hubei-2022', version: 99 }, items, partSize: 4, requester: { id: 1, name: 'test-admin', role: 'admin', region: null } };
  await t.prisma.batch.create({ data: { id: 'failing-batch', kind: 'scorecards', params: JSON.stringify(params), state: 'queued', total: 4, done: 0, requestedBy: 'test-admin' } });
  await t.app.get(JobQueue).submit('failing-batch', 1, 1);
  const { batch } = await finish(t.http, 'failing-batch', 30_000);
  expect(batch).toMatchObject({ state: 'failed', done: 0, files: [], finishedAt: expect.any(String) });
  expect(batch.reason).toMatch(/^第 1 部分重试 3 次仍未完成，批量任务已停止：.*hubei-2022/);
}, 60_000);

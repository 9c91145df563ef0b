import { createHash, randomBytes } from 'node:crypto';
import JSZip from 'jszip';
import Redis from 'ioredis';
import { startWorkerProcess, WorkerProcess as Worker } from '../src/bench/cluster-services';
import { SpawnedServer, startServer } from '../src/bench/spawned-server';
import { readEvaluationAttachment } from '../src/reports/pdfa/attachments';
import { parseQueueConfig } from '../src/config/queue-config';
import { BatchPartProcessor } from '../src/jobs/batch-part.processor';
import { BullMqJobQueue } from '../src/jobs/bullmq-job-queue';
import { BusyError } from '../src/common/errors';
import { adminQuery } from './support/postgres';
import { chromiumsUnder, cli, killHard, parts, redisOrExplain, REDIS_URL, removeKeys, seededDatabase, sleep, stopRunning } from './support/cluster';
import { startTestApp } from './support/test-app';

/**
 * The multi-machine mode with real processes from dist/: an API process (ROLE=api, enqueues
 * only) and worker processes (ROLE=worker, no HTTP) on one Redis (127.0.0.1:6379, a key prefix
 * of this run's own, removed afterwards) and one PostgreSQL database (127.0.0.1:5432, a
 * throwaway database, dropped afterwards). A worker is killed with SIGKILL in the
 * middle of a batch and another started: the batch completes with every scorecard once.
 */
const PREFIX = `nct-test-${process.pid}-${randomBytes(3).toString('hex')}`;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const QUEUE_ENV = { REDIS_URL, QUEUE_PREFIX: PREFIX, BATCH_PART_SIZE: '3', BATCH_LOCK_MS: '4000' };

/** A worker process (ROLE=worker) from dist/ on the test database and this run's queue. */
const startWorker = (databaseUrl: string): Promise<Worker> => startWorkerProcess({ DATABASE_URL: databaseUrl, ...QUEUE_ENV });

describe('batches on BullMQ: an API process and worker processes', () => {
  let redis: Redis;
  let api: SpawnedServer;
  const workers: Worker[] = [];
  let auth: Record<string, string>;
  let db: { name: string; url: string; drop(): Promise<void> };
  const evaluationIds: string[] = [];
  /** Chromium processes started by the API process (it prints nothing itself). */
  const apiChromiums = () => chromiumsUnder(api.pid);

  beforeAll(async () => {
    redis = await redisOrExplain();
    ({ db, headers: auth } = await seededDatabase('cluster'));
    api = await startServer('unused', { ROLE: 'api', DATABASE_URL: db.url, ...QUEUE_ENV });
    // Stored evaluations, so that every printed file is registered as issued.
    const projects = (await (await fetch(`${api.url}/api/projects?year=2022`, { headers: auth })).json()) as { id: string }[];
    for (const p of projects) {
      const res = await fetch(`${api.url}/api/projects/${p.id}/evaluations`, { method: 'POST', headers: auth, body: JSON.stringify({ stage: 'application' }) });
      expect(res.status).toBe(201);
      evaluationIds.push(((await res.json()) as { id: string }).id);
    }
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null) killHard(w.proc.pid!);
    if (api?.proc.exitCode === null) killHard(api.pid);
    if (redis) {
      await removeKeys(redis, PREFIX);
      redis.disconnect();
    }
    await db?.drop();
  });

  it('without a worker, a scorecard download is refused with 503 and Retry-After: the API process prints nothing itself', async () => {
    const res = await fetch(`${api.url}/api/evaluations/${evaluationIds[0]}/report.pdf`, { headers: auth });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { message: string }).message).toBe('暂无可用的打印进程（worker），请稍后重试');
    expect(apiChromiums()).toEqual([]);
    // Health says so, without calling the API process degraded: everything else still answers.
    expect(await (await fetch(`${api.url}/health`)).json()).toMatchObject({ status: 'ok', renderer: { state: 'remote', workers: 0 } });
  });

  it('the API only enqueues; a worker killed mid-batch loses its part to another, and every scorecard is issued once', async () => {
    const health = await (await fetch(`${api.url}/health`)).json();
    expect(health.queue).toMatchObject({ backend: 'redis', state: 'ok' });

    const submitted = await (await fetch(`${api.url}/api/batches`, { method: 'POST', headers: auth, body: JSON.stringify({ year: 2022, stage: 'application' }) })).json();
    expect(submitted).toMatchObject({ state: 'queued', total: 12, done: 0 });
    const get = async () => (await (await fetch(`${api.url}/api/batches/${submitted.id}`, { headers: auth })).json()) as { state: string; done: number; total: number; files: { name: string; sha256: string }[]; reason: string | null };
    // ROLE=api runs nothing: without a worker the batch waits.
    await sleep(1500);
    expect(await get()).toMatchObject({ state: 'queued', done: 0 });

    const first = await startWorker(db.url);
    workers.push(first);
    // Killed once it has committed a part and is printing the next one.
    const printing = () => {
      const done = parts(first, 'committed');
      return done.length > 0 && parts(first, 'started').some((p) => !done.includes(p));
    };
    for (const end = Date.now() + 60_000; !printing(); await sleep(10)) if (Date.now() > end) throw new Error(`no part done in 60 s:\n${first.output()}`);
    killHard(first.proc.pid!);
    const atKill = await get();
    expect(atKill.done).toBeLessThan(12);

    workers.push(await startWorker(db.url));
    let batch = await get();
    for (const end = Date.now() + 90_000; ['queued', 'running'].includes(batch.state); batch = await get()) {
      if (Date.now() > end) throw new Error(`batch not done in 90 s (${batch.done}/12):\n${workers[1].output()}`);
      await sleep(200);
    }
    expect(batch).toMatchObject({ state: 'completed', done: 12, total: 12, reason: null });
    expect(batch.files).toHaveLength(12);
    // Each of the 4 parts committed once; the part the first worker was printing when it died was committed by the second.
    const committed = [...parts(workers[0], 'committed'), ...parts(workers[1], 'committed')].sort();
    expect(committed).toEqual([0, 1, 2, 3]);
    const lost = parts(workers[0], 'started').filter((p) => !parts(workers[0], 'committed').includes(p));
    expect(lost).toHaveLength(1);
    expect(parts(workers[1], 'committed')).toContain(lost[0]);
    expect(new Set(batch.files.map((f) => f.name)).size).toBe(12);

    const issuedTo = new Map<string, string>();
    for (const file of batch.files) {
      const res = await fetch(`${api.url}/api/batches/${submitted.id}/files/${encodeURIComponent(file.name)}`, { headers: auth });
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(sha256(pdf)).toBe(file.sha256);
      const attached = JSON.parse((await readEvaluationAttachment(pdf))!.toString('utf8'));
      expect(file.name).toContain(`（${attached.evaluation?.subject?.id ?? attached.subject?.id}）`);
      issuedTo.set(file.sha256, attached.evaluationId);
    }
    // The register of issued files holds each scorecard once: the killed part issued nothing.
    const rows = (await adminQuery('SELECT "evaluationId", "pdfSha256" FROM "IssuedDocument"', db.name)).rows as { evaluationId: string; pdfSha256: string }[];
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.evaluationId)).size).toBe(12);
    for (const r of rows) expect(issuedTo.get(r.pdfSha256)).toBe(r.evaluationId);
  }, 240_000);

  it('a worker stopped with SIGTERM finishes the part in hand before it exits; the next worker does the rest', async () => {
    // The workers of the test before stop first, so the new one takes the first part.
    await stopRunning(workers);
    const submitted = await (await fetch(`${api.url}/api/batches`, { method: 'POST', headers: auth, body: JSON.stringify({ year: 2022, stage: 'acceptance' }) })).json();
    const worker = await startWorker(db.url);
    workers.push(worker);
    for (const end = Date.now() + 30_000; !/part \d+: started/.test(worker.output()); await sleep(20)) if (Date.now() > end) throw new Error(`no part started:\n${worker.output()}`);
    const exited = new Promise<number | null>((resolve) => worker.proc.once('exit', (code) => resolve(code)));
    worker.proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    const started = /part (\d+): started/.exec(worker.output())![1];
    expect(worker.output()).toContain(`part ${started}: committed`);
    workers.push(await startWorker(db.url));
    let batch = { state: 'queued', done: 0 };
    for (const end = Date.now() + 60_000; ['queued', 'running'].includes(batch.state); await sleep(200)) {
      if (Date.now() > end) throw new Error('batch not done in 60 s');
      batch = await (await fetch(`${api.url}/api/batches/${submitted.id}`, { headers: auth })).json();
    }
    expect(batch).toMatchObject({ state: 'completed', done: 12 });
  }, 120_000);

  it('a batch whose parts Redis lost (restarted without its data) is taken up by the next worker that starts, each scorecard once', async () => {
    await stopRunning(workers);
    const submitted = await (await fetch(`${api.url}/api/batches`, { method: 'POST', headers: auth, body: JSON.stringify({ year: 2022, stage: 'application' }) })).json();
    expect(submitted).toMatchObject({ state: 'queued', total: 12 });
    const partKeys = await redis.keys(`${PREFIX}:batch-parts:*`);
    expect(partKeys.length).toBeGreaterThan(0);
    await redis.del(...partKeys);
    const worker = await startWorker(db.url);
    workers.push(worker);
    let batch = { state: 'queued', done: 0, files: [] as unknown[] };
    for (const end = Date.now() + 60_000; ['queued', 'running'].includes(batch.state); await sleep(200)) {
      if (Date.now() > end) throw new Error(`batch not taken up in 60 s:\n${worker.output()}`);
      batch = await (await fetch(`${api.url}/api/batches/${submitted.id}`, { headers: auth })).json();
    }
    expect(batch).toMatchObject({ state: 'completed', done: 12 });
    expect(batch.files).toHaveLength(12);
    expect(worker.output()).toContain(`batch ${submitted.id}: parts 0, 1, 2, 3 were no longer queued (Redis restarted?): queued again`);
  }, 90_000);

  it('a worker with WORKER_HEALTH_PORT answers GET /health with the state of its database, Chromium and queue, and nothing else', async () => {
    const worker = await startWorkerProcess({ DATABASE_URL: db.url, ...QUEUE_ENV, WORKER_HEALTH_PORT: '0' });
    workers.push(worker);
    const url = /health at (http:\/\/\S+\/health)/.exec(worker.output())?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/health$/);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', role: 'worker', pid: worker.pid, database: 'ok', queue: { backend: 'redis', state: 'ok' }, renderer: { state: 'running' } });
    const other = await fetch(url!.replace('/health', '/api/batches'));
    expect(other.status).toBe(404);
    expect(((await other.json()) as { message: string }).message).toBe('未找到：工作进程只提供 GET /health');
    // Without the setting a worker listens on nothing.
    expect(workers[0].output()).not.toContain('health at');
  }, 60_000);

  it('a scorecard download through the API is printed by a worker: an archival record of its evaluation, registered, with no Chromium under the API', async () => {
    const id = evaluationIds[1];
    const res = await fetch(`${api.url}/api/evaluations/${id}/report.pdf`, { headers: auth });
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('<pdfaid:part>3</pdfaid:part>');
    const attached = JSON.parse((await readEvaluationAttachment(pdf))!.toString('utf8'));
    expect(attached.evaluationId).toBe(id);
    const rows = (await adminQuery(`SELECT "evaluationId" FROM "IssuedDocument" WHERE "pdfSha256" = '${sha256(pdf)}'`, db.name)).rows as { evaluationId: string }[];
    expect(rows).toEqual([{ evaluationId: id }]);
    expect(apiChromiums()).toEqual([]);
    const health = (await (await fetch(`${api.url}/health`)).json()) as { renderer: { state: string; workers: number } };
    expect(health.renderer.state).toBe('remote');
    expect(health.renderer.workers).toBeGreaterThanOrEqual(1);
    // The page came back through Redis and was collected: no printed page is left there.
    expect(await redis.keys(`${PREFIX}:single-prints:result:*`)).toEqual([]);
  }, 60_000);

  it('the projects ZIP through the API is made by a worker as the requesting user: the scorecards of the region and the booklet, registered to them; a refusal the worker meets is the same 403', async () => {
    const wuhan = JSON.parse(cli(db.url, ['users', 'create', '--name', `wuhan-${process.pid}`, '--role', 'region', '--region', '武汉'])) as { token: string };
    const as = { Authorization: `Bearer ${wuhan.token}` };
    const res = await fetch(`${api.url}/api/reports/projects.zip?year=2022`, { headers: as });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as { reports: { file: string }[]; booklet: { file: string; pages: number }; failures: unknown[] };
    expect(manifest.failures).toEqual([]);
    // A region user's ZIP holds their region's projects only, as from one process.
    expect(manifest.reports.map((r) => r.file).every((f) => f.includes('武汉'))).toBe(true);
    const own = (await (await fetch(`${api.url}/api/projects?year=2022`, { headers: as })).json()) as { region: string }[];
    expect(own.length).toBeGreaterThan(1);
    expect(manifest.reports).toHaveLength(own.length);
    const booklet = await zip.file(manifest.booklet.file)!.async('nodebuffer');
    expect(booklet.toString('latin1')).toContain('<pdfaid:part>3</pdfaid:part>');
    const hashes = [...manifest.reports.map((r) => r.file), manifest.booklet.file].map(async (f) => sha256(await zip.file(f)!.async('uint8array')));
    const rows = (await adminQuery(`SELECT "kind", "issuedBy" FROM "IssuedDocument" WHERE "pdfSha256" IN (${(await Promise.all(hashes)).map((h) => `'${h}'`).join(', ')})`, db.name)).rows as { kind: string; issuedBy: string }[];
    // A row per evaluation a file carries: each scorecard its own, the booklet all of them.
    expect(rows.map((r) => r.kind).sort()).toEqual([...own.map(() => 'booklet'), ...own.map(() => 'project')]);
    expect(new Set(rows.map((r) => r.issuedBy))).toEqual(new Set([`wuhan-${process.pid}`]));

    const refused = await fetch(`${api.url}/api/reports/projects.zip?year=2022&ruleSet=hubei-2022@2`, { headers: as });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ statusCode: 403, error: 'Forbidden', details: [{ pointer: '?ruleSet' }] });
    expect(apiChromiums()).toEqual([]);
  }, 90_000);
});

describe('the BullMQ queue itself', () => {
  it('retries a failing part with backoff, waits out a busy printer without spending an attempt, then fails the batch', async () => {
    const redis = await redisOrExplain();
    const prefix = `${PREFIX}-q`;
    const fail = jest.fn().mockResolvedValue(undefined);
    const run = jest.fn().mockRejectedValueOnce(new BusyError('报告生成繁忙', 1)).mockRejectedValue(new Error('Chromium crashed'));
    const queue = new BullMqJobQueue(parseQueueConfig({ REDIS_URL, QUEUE_PREFIX: prefix, BATCH_ATTEMPTS: '2', BATCH_LOCK_MS: '4000' }), { run, fail } as unknown as BatchPartProcessor);
    try {
      await queue.startConsuming();
      await queue.submit('b-fail', 1, 1);
      await queue.submit('b-fail', 1, 1); // the same part again is the same job
      for (const end = Date.now() + 20_000; fail.mock.calls.length === 0; await sleep(50)) if (Date.now() > end) throw new Error('the part never failed for good');
      expect(run).toHaveBeenCalledTimes(3); // busy (not counted), then two attempts
      expect(fail).toHaveBeenCalledWith({ batchId: 'b-fail', part: 0 }, 2, 'Chromium crashed');
    } finally {
      await queue.close();
      await removeKeys(redis, prefix);
      redis.disconnect();
    }
  }, 60_000);

  it('a part whose batch row is not committed yet is put back for half a second, not failed', async () => {
    const redis = await redisOrExplain();
    const prefix = `${PREFIX}-m`;
    const fail = jest.fn().mockResolvedValue(undefined);
    const run = jest.fn().mockResolvedValueOnce('missing').mockResolvedValueOnce('done');
    const queue = new BullMqJobQueue(parseQueueConfig({ REDIS_URL, QUEUE_PREFIX: prefix, BATCH_ATTEMPTS: '1' }), { run, fail } as unknown as BatchPartProcessor);
    try {
      await queue.startConsuming();
      const started = Date.now();
      await queue.submit('b-late', 1, 1);
      for (const end = Date.now() + 10_000; run.mock.calls.length < 2; await sleep(20)) if (Date.now() > end) throw new Error('the part was not tried again');
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
      await sleep(200);
      expect(fail).not.toHaveBeenCalled();
      expect(await queue.health()).toMatchObject({ state: 'ok', waiting: 0, active: 0 });
    } finally {
      await queue.close();
      await removeKeys(redis, prefix);
      redis.disconnect();
    }
  }, 30_000);

  it('recover queues again the parts Redis lost, and reports a part that failed for good with its reason', async () => {
    const redis = await redisOrExplain();
    const prefix = `${PREFIX}-r`;
    const fail = jest.fn().mockRejectedValue(new Error('the worker died before it recorded the failure'));
    const run = jest.fn().mockRejectedValue(new Error('Chromium crashed'));
    const queue = new BullMqJobQueue(parseQueueConfig({ REDIS_URL, QUEUE_PREFIX: prefix, BATCH_ATTEMPTS: '1' }), { run, fail } as unknown as BatchPartProcessor);
    try {
      await queue.submit('b-lost', 2, 1);
      // Redis restarted without its data: the parts are gone.
      await redis.del(...(await redis.keys(`${prefix}:*`)));
      expect(await queue.recover('b-lost', [0, 1], 1)).toEqual({ requeued: [0, 1], failed: null });
      expect(await queue.health()).toMatchObject({ state: 'ok', waiting: 2 });
      // Asked again, the parts are there: nothing is queued twice.
      expect(await queue.recover('b-lost', [0, 1], 1)).toEqual({ requeued: [], failed: null });
      expect(await queue.health()).toMatchObject({ waiting: 2 });

      // The parts fail for good, and recording it fails too (as if the worker had died then).
      await queue.startConsuming();
      for (const end = Date.now() + 10_000; fail.mock.calls.length < 2; await sleep(50)) if (Date.now() > end) throw new Error('the parts never failed');
      expect(await queue.recover('b-lost', [0, 1], 1)).toEqual({ requeued: [], failed: { part: 0, attempts: 1, reason: 'Chromium crashed' } });
    } finally {
      await queue.close();
      await removeKeys(redis, prefix);
      redis.disconnect();
    }
  }, 30_000);

  it('while Redis cannot be reached, a new batch is refused with 503 and Retry-After, nothing is stored, and health says so', async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:9';
    const t = await startTestApp();
    try {
      const refused = await t.http.post('/api/batches').send({ year: 2022 }).expect(503);
      expect(refused.body.message).toBe('批量任务队列（Redis）暂时不可用，请稍后重试');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(await t.prisma.batch.count()).toBe(0);
      expect(await t.prisma.auditLog.count({ where: { action: 'POST /api/batches' } })).toBe(0);
      const health = (await t.anonymous.get('/health').expect(200)).body;
      expect(health).toMatchObject({ status: 'degraded', queue: { backend: 'redis', state: 'error' } });
    } finally {
      delete process.env.REDIS_URL;
      await t.close();
    }
  }, 60_000);
});

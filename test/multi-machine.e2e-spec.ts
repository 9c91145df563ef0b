import { createHash, randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { startWorkerProcess, WorkerProcess } from '../src/bench/cluster-services';
import { DRY_RUN } from '../src/bench/load-clients';
import { sampleProjects } from '../src/bench/pdf-fixtures';
import { SpawnedServer, startServer } from '../src/bench/spawned-server';
import { readEvaluationAttachment } from '../src/reports/pdfa/attachments';
import { chromiumsUnder, killHard, parts, redisOrExplain, REDIS_URL, removeKeys, seededDatabase, sleep } from './support/cluster';
import { adminQuery } from './support/postgres';

/**
 * The multi-machine mode as deployed: two API processes (ROLE=api) and two workers (ROLE=worker)
 * from dist/, on one throwaway PostgreSQL database and one Redis key prefix of this run's own
 * (both removed afterwards). A year of 100 projects is evaluated and then printed as one batch,
 * submitted through one API process and followed through both, with dry runs against both
 * alongside; a worker is killed (with its Chromium) in the middle. Every scorecard must arrive
 * once, byte-valid, carrying the evaluation the register says it carries.
 */
const PREFIX = `nct-mm-${process.pid}-${randomBytes(3).toString('hex')}`;
const COUNT = 100;
/** BATCH_PART_SIZE as shipped; cut for two workers (partSizeFor): 6 parts of at most 17. */
const QUEUE_ENV = { REDIS_URL, QUEUE_PREFIX: PREFIX, BATCH_PART_SIZE: '20', BATCH_LOCK_MS: '4000' };
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

type BatchView = { id: string; state: string; done: number; total: number; reason: string | null; files: { name: string; sha256: string }[] };
type RuleOutcome = { ruleId: string; outcome: string; message: string };

let redis: Redis;
let db: { name: string; url: string; drop(): Promise<void> };
const apis: SpawnedServer[] = [];
const workers: WorkerProcess[] = [];
let headers: Record<string, string>;

const api = (i: number) => apis[i % apis.length];
async function call<T>(i: number, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api(i).url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

/** Follows a batch through both API processes in turn until it is over. */
async function finished(id: string, seconds: number): Promise<BatchView> {
  for (let poll = 0, end = Date.now() + seconds * 1000; ; poll++) {
    const { body } = await call<BatchView>(poll, 'GET', `/api/batches/${id}`);
    if (!['queued', 'running'].includes(body.state)) return body;
    if (Date.now() > end) throw new Error(`batch ${id} not over in ${seconds} s (${body.done}/${body.total}):\n${workers.map((w) => w.output()).join('\n')}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  redis = await redisOrExplain();
  ({ db, headers } = await seededDatabase('multi'));
  for (let i = 0; i < 2; i++) apis.push(await startServer('unused', { ROLE: 'api', DATABASE_URL: db.url, ...QUEUE_ENV }));
  for (let i = 0; i < 2; i++) workers.push(await startWorkerProcess({ DATABASE_URL: db.url, ...QUEUE_ENV }));
  // The year filled to 100 projects, through both API processes.
  const have = (await call<{ id: string }[]>(0, 'GET', '/api/projects?year=2022')).body.length;
  const created = await Promise.all(sampleProjects(COUNT - have).map((p, i) => call(i, 'POST', '/api/projects', p)));
  expect(created.filter((r) => r.status !== 201)).toEqual([]);
}, 180_000);

afterAll(async () => {
  for (const p of [...workers, ...apis]) if (p.proc.exitCode === null) killHard(p.proc.pid!);
  if (redis) {
    await removeKeys(redis, PREFIX);
    redis.disconnect();
  }
  await db?.drop();
});

it('two API processes and two workers: a 100-scorecard batch survives a killed worker, each report once and carrying its evaluation, with dry runs answered alongside', async () => {
  const evaluations = await call<BatchView>(1, 'POST', '/api/batches', { kind: 'evaluations', year: 2022, stage: 'application' });
  expect(evaluations).toMatchObject({ status: 202, body: { state: 'queued', total: COUNT } });
  expect(await finished(evaluations.body.id, 120)).toMatchObject({ state: 'completed', done: COUNT, reason: null });
  const stored = (await adminQuery('SELECT "id", "subjectId" FROM "Evaluation"', db.name)).rows as { id: string; subjectId: string }[];
  expect(new Set(stored.map((e) => e.subjectId)).size).toBe(COUNT);

  // What a dry run answers on a quiet cluster: every dry run during the batch must answer the same.
  const reference = await call<{ evaluations: { results: RuleOutcome[] }[] }>(0, 'POST', '/api/evaluate', JSON.parse(DRY_RUN));
  expect(reference.status).toBe(200);
  const outcomes = (r: { evaluations: { results: RuleOutcome[] }[] }) => r.evaluations[0].results.map((x) => `${x.ruleId} ${x.outcome} ${x.message}`);
  expect(outcomes(reference.body).length).toBeGreaterThan(10);

  const submitted = await call<BatchView>(0, 'POST', '/api/batches', { kind: 'scorecards', year: 2022, stage: 'application' });
  expect(submitted).toMatchObject({ status: 202, body: { state: 'queued', total: COUNT, done: 0 } });
  const batchId = submitted.body.id;
  // Cut for the two workers that were taking parts: 6 parts of 17 (15 in the last), not 5 of 20.
  const params = JSON.parse((await adminQuery(`SELECT "params" FROM "Batch" WHERE "id" = '${batchId}'`, db.name)).rows[0].params as string) as { partSize: number };
  expect(params.partSize).toBe(17);

  let printing = true;
  const dryRuns: { status: number; same: boolean }[] = [];
  const alongside = (async () => {
    for (let i = 0; printing; i++) {
      const r = await call<{ evaluations: { results: RuleOutcome[] }[] }>(i, 'POST', '/api/evaluate', JSON.parse(DRY_RUN));
      dryRuns.push({ status: r.status, same: r.status === 200 && outcomes(r.body).join('\n') === outcomes(reference.body).join('\n') });
      await sleep(50);
    }
  })();

  // The first worker is killed, with its Chromium, once it has committed a part and is printing the next.
  const [victim, survivor] = workers;
  const inHand = () => parts(victim, 'started', batchId).filter((p) => !parts(victim, 'committed', batchId).includes(p));
  for (const end = Date.now() + 90_000; !(parts(victim, 'committed', batchId).length > 0 && inHand().length > 0); await sleep(5)) {
    if (Date.now() > end) throw new Error(`the first worker committed no part and started another in 90 s:\n${victim.output()}`);
  }
  const lost = inHand();
  killHard(victim.proc.pid!);
  const batch = await finished(batchId, 120);
  printing = false;
  await alongside;

  expect(batch).toMatchObject({ state: 'completed', done: COUNT, total: COUNT, reason: null });
  // The part in hand when the worker died was done by the other, and every part committed once.
  expect(lost).toHaveLength(1);
  expect(parts(survivor, 'committed', batchId)).toContain(lost[0]);
  const committed = [...parts(victim, 'committed', batchId), ...parts(survivor, 'committed', batchId)].sort((a, b) => a - b);
  expect(committed).toEqual([0, 1, 2, 3, 4, 5]);

  // Dry runs through both API processes went on while the batch printed, each with the same result.
  expect(dryRuns.length).toBeGreaterThan(5);
  expect(dryRuns.filter((d) => !d.same)).toEqual([]);

  // Every project's scorecard once: byte-valid, served by either API process, carrying its evaluation.
  expect(batch.files).toHaveLength(COUNT);
  const projectOf = new Map(stored.map((e) => [e.id, e.subjectId]));
  const carried = new Map<string, string>();
  for (const [i, file] of batch.files.entries()) {
    const res = await fetch(`${api(i).url}/api/batches/${batchId}/files/${encodeURIComponent(file.name)}`, { headers });
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    expect(sha256(pdf)).toBe(file.sha256);
    const attached = JSON.parse((await readEvaluationAttachment(pdf))!.toString('utf8')) as { evaluationId: string };
    expect(file.name).toContain(`（${projectOf.get(attached.evaluationId)}）`);
    carried.set(file.sha256, attached.evaluationId);
  }
  expect(new Set(carried.values()).size).toBe(COUNT);
  // The register holds each file once, naming the evaluation the file carries; the killed part issued nothing.
  const issued = (await adminQuery('SELECT "evaluationId", "pdfSha256" FROM "IssuedDocument"', db.name)).rows as { evaluationId: string; pdfSha256: string }[];
  const ofBatch = issued.filter((r) => carried.has(r.pdfSha256));
  expect(ofBatch).toHaveLength(COUNT);
  for (const r of ofBatch) expect(r.evaluationId).toBe(carried.get(r.pdfSha256));
  // Neither API process started a Chromium: the workers printed everything.
  expect(apis.flatMap((a) => chromiumsUnder(a.pid))).toEqual([]);
}, 300_000);

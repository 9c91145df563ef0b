/**
 * npm run bench:cluster — the same 100-scorecard batch, with the mixed load of bench:load alongside,
 * against (a) the embedded mode (one process, SQLite temp file, in-process queue) and (b) the
 * multi-machine set-up on this machine: two API processes (ROLE=api) and two workers
 * (ROLE=worker) on one throwaway PostgreSQL database (127.0.0.1:5432) and one Redis
 * (127.0.0.1:6379) under a key prefix of the run's own. The two set-ups run in turns, round by
 * round, so a neighbour's load on the shared machine falls on both.
 *
 * Each set-up first, without load: answers 200 dry runs, evaluates and stores its 100 projects as
 * an `evaluations` batch and prints them as a `scorecards` batch, each twice (the first pays each
 * process's first use of the rule set and of batch printing) — CPU per dry run, per evaluation and per report, for
 * the README's capacity note. Then BENCH_ROUNDS (5) scorecard batches with bench:load's mix alongside:
 * BENCH_CLIENTS (20) clients paced to BENCH_RATE (20) requests/s in all, so both set-ups get the
 * same load (0: closed loop), 60 % dry runs, 30 % reads, 10 % scorecard downloads (BENCH_MIX). The
 * workers run in the idle scheduling class, as a unit with CPUSchedulingPolicy=idle would beside an
 * API (BENCH_WORKER_PRIORITY: idle, normal, or a nice value; see cluster-services.ts), and the
 * embedded service prints with REPORT_CPU_PRIORITY=idle (its Chromium in the idle class; set
 * REPORT_CPU_PRIORITY=normal to compare; the API processes print nothing). In the
 * cluster the batch is submitted through the first API process and polled through both in turn,
 * and each client's requests alternate between the two. Medians over the rounds are compared
 * against the goals: cluster throughput ≥ 85 % of embedded, no report lost or issued twice, the
 * API's dry-run p95 < 50 ms while the batch prints.
 *
 * Bounded: a batch must finish within BENCH_SECONDS (180); loopback only. Everything it starts
 * or creates (processes and their Chromium, the database, the Redis keys, the temp folder) is
 * removed at the end, on failure and on Ctrl-C. Exit 1 if a report is lost or duplicated, a batch
 * does not complete, or a request got a 5xx other than 503 with Retry-After (or no answer).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { auditBatch, BatchAudit, lastIssuedId } from './batch-check';
import { createThrowawayDatabase, describePriority, killDescendants, postgresBackendCpu, startWorkerProcess, stopProcess, throwawayRedisPrefix, workerPriorityFrom } from './cluster-services';
import { callJson, isBad, latencyRows, LoadPaths, mixFromEnv, prepareLoad, runClients, Sample, Target, target } from './load-clients';
import { sampleProjects } from './pdf-fixtures';
import { CpuMeter } from './cpu-meter';
import { createUserToken, prepareDatabase, seedWithAdmin, startServer } from './spawned-server';

const COUNT = Number(process.env.BENCH_COUNT ?? 100);
const ROUNDS = Math.max(1, Math.min(10, Number(process.env.BENCH_ROUNDS ?? 5)));
const CLIENTS = Math.max(1, Math.min(200, Number(process.env.BENCH_CLIENTS ?? 20)));
/** Requests per second of the load, paced so both set-ups get the same; 0: closed loop, as fast as answered. */
const RATE = Math.max(0, Number(process.env.BENCH_RATE ?? 20));
/** How the workers yield this machine's cores to the API processes beside them. */
const WORKER_PRIORITY = workerPriorityFrom(process.env.BENCH_WORKER_PRIORITY, { kind: 'idle' });
/** REPORT_CPU_PRIORITY of the embedded service and the API processes: their own Chromium's class. */
const PRINT_PRIORITY = process.env.REPORT_CPU_PRIORITY || 'idle';
/**
 * Print slots per worker (REPORT_CONCURRENCY): the cores each has to itself, as on machines of
 * their own; here the two share this machine's cores, so the cluster prints as many pages at once
 * as the embedded process does, not twice as many.
 */
const WORKER_SLOTS = String(Math.max(1, Number(process.env.BENCH_WORKER_SLOTS ?? Math.floor(os.cpus().length / 2))));
const SECONDS = Math.min(600, Number(process.env.BENCH_SECONDS ?? 180));
const PART_SIZE = process.env.BATCH_PART_SIZE ?? '20';
const YEAR = 2022;
const STAGE = 'application';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

/**
 * What the run made, removed in reverse order by cleanUp() (also on Ctrl-C); last of all, any
 * process of ours still alive (one interrupted while starting).
 */
const cleanups: { what: string; run: () => Promise<unknown> }[] = [{ what: 'processes still running', run: async () => killDescendants() }];
let cleaning: Promise<void> | null = null;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c.run();
      } catch (err) {
        process.stderr.write(`[bench] could not remove ${c.what}: ${(err as Error).message}\n`);
      }
    }
  })();
  return cleaning;
}

interface SetUp {
  name: 'embedded' | 'cluster';
  databaseUrl: string;
  apis: Target[];
  /** Process trees whose CPU is counted: the API processes, and the workers (none when embedded). */
  apiPids: number[];
  workerPids: number[];
  /** CPU of the API processes' and the workers' trees (Node + Chromium). */
  apiCpu: CpuMeter;
  workerCpu: CpuMeter;
  /** The PostgreSQL database whose server processes' CPU is counted (cluster only). */
  postgres: string | null;
  token: string;
  /** The batches run as a user of their own, so their register rows are told from the load's. */
  batchToken: string;
  projectIds: string[];
  paths: LoadPaths;
}

interface BatchRun {
  seconds: number;
  total: number;
  state: string;
  reason: string | null;
  /** CPU seconds of the worker processes (Node + Chromium) and of the API processes during the batch. */
  workerCpu: number;
  apiCpu: number;
  /** CPU seconds of the PostgreSQL server processes of the set-up's database (a lower bound). */
  postgresCpu: number;
  audit: BatchAudit | null;
  samples: Sample[];
}

/** The sample projects beyond the seed's, so the year holds COUNT projects. */
async function fillYear(api: Target, token: string): Promise<string[]> {
  const have = await callJson<{ id: string }[]>(api, token, 'GET', `/api/projects?year=${YEAR}`);
  const missing = COUNT - have.length;
  if (missing < 0) throw new Error(`the seed holds ${have.length} projects of ${YEAR}, more than BENCH_COUNT=${COUNT}`);
  for (const p of sampleProjects(missing, YEAR)) await callJson(api, token, 'POST', '/api/projects', JSON.stringify(p));
  return (await callJson<{ id: string }[]>(api, token, 'GET', `/api/projects?year=${YEAR}`)).map((p) => p.id);
}

async function finishSetUp(name: SetUp['name'], databaseUrl: string, urls: string[], apiPids: number[], workerPids: number[], postgres: string | null, token: string): Promise<SetUp> {
  const apis = urls.map((u) => target(u, CLIENTS + 2));
  cleanups.push({ what: `${name} HTTP agents`, run: async () => apis.forEach((a) => a.agent.destroy()) });
  const projectIds = await fillYear(apis[0], token);
  const batchToken = createUserToken(databaseUrl, 'admin', `batch-bench-${name}-${process.pid}`);
  const paths = await prepareLoad(apis, token);
  const apiCpu = new CpuMeter(() => apiPids);
  const workerCpu = new CpuMeter(() => workerPids);
  cleanups.push({ what: `${name} CPU meters`, run: async () => (apiCpu.stop(), workerCpu.stop()) });
  return { name, databaseUrl, apis, apiPids, workerPids, apiCpu, workerCpu, postgres, token, batchToken, projectIds, paths };
}

async function embeddedSetUp(): Promise<SetUp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cluster-'));
  cleanups.push({ what: dir, run: async () => fs.rmSync(dir, { recursive: true, force: true }) });
  const dbFile = path.join(dir, 'embedded.db');
  const { token } = prepareDatabase(dbFile);
  const server = await startServer(dbFile, { REDIS_URL: '', ROLE: 'all', BATCH_PART_SIZE: PART_SIZE, REPORT_CPU_PRIORITY: PRINT_PRIORITY });
  cleanups.push({ what: `embedded service ${server.pid}`, run: () => stopProcess(server.proc, server.exited) });
  return finishSetUp('embedded', `file:${dbFile}`, [server.url], [server.pid], [], null, token);
}

async function clusterSetUp(): Promise<SetUp> {
  const redis = await throwawayRedisPrefix();
  cleanups.push({ what: `Redis keys ${redis.prefix}:*`, run: () => redis.remove() });
  const db = await createThrowawayDatabase((drop, name) => cleanups.push({ what: `database ${name}`, run: drop }));
  const { token } = seedWithAdmin(db.url);
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, BATCH_PART_SIZE: PART_SIZE };
  const apis = [];
  for (let i = 0; i < 2; i++) {
    const api = await startServer('', { ...env, ROLE: 'api', REPORT_CPU_PRIORITY: PRINT_PRIORITY });
    cleanups.push({ what: `API process ${api.pid}`, run: () => stopProcess(api.proc, api.exited) });
    apis.push(api);
  }
  const workers = [];
  for (let i = 0; i < 2; i++) {
    const worker = await startWorkerProcess({ ...env, REPORT_CONCURRENCY: WORKER_SLOTS }, WORKER_PRIORITY);
    cleanups.push({ what: `worker ${worker.pid}`, run: () => stopProcess(worker.proc, worker.exited) });
    workers.push(worker);
  }
  log(`cluster: database ${db.name}, Redis prefix ${redis.prefix}, API ${apis.map((a) => `${a.pid} ${a.url}`).join(', ')}, workers ${workers.map((w) => w.pid).join(', ')}`);
  return finishSetUp('cluster', db.url, apis.map((a) => a.url), apis.map((a) => a.pid), workers.map((w) => w.pid), db.name, token);
}

const postgresCpuOf = async (s: SetUp) => (s.postgres ? postgresBackendCpu(s.postgres) : new Map<number, number>());

/**
 * One batch: submitted through the first API process, polled every 100 ms through each in turn
 * until it is over; the load (if any) runs from just before the submission until then.
 */
async function runBatch(s: SetUp, kind: 'scorecards' | 'evaluations', withLoad: boolean): Promise<BatchRun> {
  const issuedBefore = await lastIssuedId(s.databaseUrl);
  let loadOver = false;
  const startedAt = performance.now();
  const load = withLoad
    ? runClients({ targets: s.apis, token: s.token, clients: CLIENTS, mix: mixFromEnv(), paths: s.paths, stop: () => loadOver, maxRequests: 1_000_000, startedAt, rate: RATE || undefined })
    : Promise.resolve([] as Sample[]);
  try {
    if (withLoad) await sleep(1000); // the clients are at full speed when the batch comes
    const cpu0 = { worker: s.workerCpu.total(), api: s.apiCpu.total(), postgres: await postgresCpuOf(s) };
    const t0 = performance.now();
    type View = { id: string; state: string; done: number; total: number; reason: string | null };
    const submitted = await callJson<View>(s.apis[0], s.batchToken, 'POST', '/api/batches', JSON.stringify({ kind, year: YEAR, stage: STAGE }));
    let batch = submitted;
    for (let poll = 1; ['queued', 'running'].includes(batch.state); poll++) {
      if (performance.now() - t0 > SECONDS * 1000) throw new Error(`${s.name}: ${kind} batch ${batch.id} not over within BENCH_SECONDS=${SECONDS} (${batch.done}/${batch.total})`);
      await sleep(100);
      batch = await callJson<View>(s.apis[poll % s.apis.length], s.batchToken, 'GET', `/api/batches/${submitted.id}`);
    }
    const t1 = performance.now();
    const cpu1 = { worker: s.workerCpu.total(), api: s.apiCpu.total(), postgres: await postgresCpuOf(s) };
    const postgresCpu = [...cpu1.postgres].reduce((sum, [pid, cpu]) => sum + cpu - (cpu0.postgres.get(pid) ?? 0), 0);
    loadOver = true;
    const samples = (await load).filter((x) => x.at >= t0 - startedAt && x.at <= t1 - startedAt);
    const audit = kind === 'scorecards' ? await auditBatch(s.databaseUrl, submitted.id, s.projectIds, issuedBefore) : null;
    return { seconds: (t1 - t0) / 1000, total: batch.total, state: batch.state, reason: batch.reason, workerCpu: cpu1.worker - cpu0.worker, apiCpu: cpu1.api - cpu0.api, postgresCpu, audit, samples };
  } finally {
    loadOver = true;
    await load;
  }
}

const DRY_RUNS = 200;

/** CPU of the API processes per dry run, without a batch: 200 dry runs, 4 at a time, spread over the APIs. */
async function dryRunCost(s: SetUp): Promise<number> {
  const before = s.apiCpu.total();
  const samples = await runClients({ targets: s.apis, token: s.token, clients: 4, mix: { dryShare: 100, readShare: 0 }, paths: s.paths, stop: () => false, maxRequests: DRY_RUNS, startedAt: performance.now() });
  const bad = samples.filter((x) => x.status !== 200);
  if (bad.length) throw new Error(`${s.name}: ${bad.length} of ${DRY_RUNS} dry runs failed (${bad[0].error ?? bad[0].status})`);
  return ((s.apiCpu.total() - before) * 1000) / DRY_RUNS;
}

interface RoundFigures {
  perSecond: number;
  requestsPerSecond: number;
  dryP95: number;
  readP95: number;
  bad: Sample[];
  lost: number;
  duplicated: number;
  ok: boolean;
}

function figures(run: BatchRun): RoundFigures {
  const rows = latencyRows(run.samples);
  const a = run.audit!;
  const ok = run.state === 'completed' && run.total === COUNT && a.files === COUNT && a.lost.length === 0 && a.duplicated.length === 0 && a.issued === COUNT && a.issuedEvaluations === COUNT;
  return {
    perSecond: run.total / run.seconds,
    requestsPerSecond: run.samples.length / run.seconds,
    dryP95: rows.find((r) => r.kind === 'dry-run')!.p95,
    readP95: rows.find((r) => r.kind === 'read')!.p95,
    bad: run.samples.filter(isBad),
    lost: a.lost.length + Math.max(0, COUNT - a.issuedEvaluations),
    duplicated: a.duplicated.length + Math.max(0, a.issued - a.issuedEvaluations),
    ok,
  };
}

const ms = (x: number) => (Number.isNaN(x) ? '-' : `${x.toFixed(0)} ms`);

function describeRun(s: SetUp, label: string, run: BatchRun): string {
  const a = run.audit;
  const cpu = s.workerPids.length ? `workers ${run.workerCpu.toFixed(1)} s, API ${run.apiCpu.toFixed(1)} s, PostgreSQL ≥ ${run.postgresCpu.toFixed(1)} s` : `the process ${run.apiCpu.toFixed(1)} s`;
  const head = `${s.name.padEnd(8)} ${label.padEnd(12)} ${run.state} ${run.total} in ${run.seconds.toFixed(1)} s = ${(run.total / run.seconds).toFixed(1)}/s; CPU ${cpu}`;
  if (!a) return head;
  const f = figures(run);
  const rows = latencyRows(run.samples);
  return `${head}; files ${a.files}, lost ${f.lost}, duplicated ${f.duplicated}, registered ${a.issued} (${a.issuedEvaluations} evaluations)` +
    (run.samples.length ? `; load ${run.samples.length} requests = ${f.requestsPerSecond.toFixed(1)}/s, p95 ${rows.map((r) => `${r.kind} ${ms(r.p95)}`).join(', ')}; bad answers ${f.bad.length}` : '');
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(__dirname, '..', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first');
  const out: string[] = [];
  const print = (line: string) => {
    out.push(line);
    process.stdout.write(line + '\n');
  };
  print(`bench:cluster — ${COUNT} scorecards per batch (parts of ${PART_SIZE}), ${ROUNDS} rounds with ${CLIENTS} clients alongside (${RATE ? `${RATE} requests/s` : 'closed loop'}, mix ${process.env.BENCH_MIX ?? '60,30'}), workers at ${describePriority(WORKER_PRIORITY)} with ${WORKER_SLOTS} print slot(s) each, API and embedded Chromium at REPORT_CPU_PRIORITY=${PRINT_PRIORITY}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(2)} at start`);
  log('starting the embedded service (SQLite temp file, in-process queue)');
  const embedded = await embeddedSetUp();
  log('starting the cluster (2 API processes, 2 workers, PostgreSQL, Redis)');
  const cluster = await clusterSetUp();
  const setUps = [embedded, cluster];

  // Quiet: CPU per evaluation and per report, and the first print of every browser.
  const quiet = new Map<SetUp, { evaluations: BatchRun; first: BatchRun; scorecards: BatchRun }>();
  const dryRunCpu = new Map<SetUp, number>();
  for (const s of setUps) {
    dryRunCpu.set(s, await dryRunCost(s));
    log(`${s.name}: two evaluations batches, then two scorecards batches, without load`);
    // The first batch pays each process's first use of the rule set (loading, compiling its CEL):
    // the second is what every later evaluation costs.
    print(describeRun(s, 'evaluate 1st', await runBatch(s, 'evaluations', false)));
    const evaluations = await runBatch(s, 'evaluations', false);
    print(describeRun(s, 'evaluate 2nd', evaluations));
    // Likewise the first print of a batch in each process (cutter threads, fonts into the PDFs).
    const first = await runBatch(s, 'scorecards', false);
    print(describeRun(s, 'print 1st', first));
    const scorecards = await runBatch(s, 'scorecards', false);
    print(describeRun(s, 'print 2nd', scorecards));
    quiet.set(s, { evaluations, first, scorecards });
  }
  const loaded = new Map<SetUp, BatchRun[]>(setUps.map((s) => [s, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const s of setUps) {
      log(`${s.name}: round ${round} of ${ROUNDS}, scorecards batch with ${CLIENTS} clients alongside`);
      const run = await runBatch(s, 'scorecards', true);
      loaded.get(s)!.push(run);
      print(describeRun(s, `print ${round}/${ROUNDS}`, run));
    }
  }

  const q = (s: SetUp) => ({ first: figures(quiet.get(s)!.first), second: figures(quiet.get(s)!.scorecards) });
  const summary = new Map(setUps.map((s) => {
    const f = loaded.get(s)!.map(figures);
    return [s, {
      perSecond: median(f.map((x) => x.perSecond)),
      requestsPerSecond: median(f.map((x) => x.requestsPerSecond)),
      dryP95: median(f.map((x) => x.dryP95)),
      readP95: median(f.map((x) => x.readP95)),
      bad: f.flatMap((x) => x.bad),
      lost: [...f, q(s).first, q(s).second].reduce((n, x) => n + x.lost, 0),
      duplicated: [...f, q(s).first, q(s).second].reduce((n, x) => n + x.duplicated, 0),
      allOk: [...f, q(s).first, q(s).second].every((x) => x.ok) && quiet.get(s)!.evaluations.state === 'completed',
    }] as const;
  }));
  print(`medians of ${ROUNDS} rounds with load    scorecards/s   load req/s   dry-run p95   read p95   lost   duplicated   bad answers`);
  for (const s of setUps) {
    const m = summary.get(s)!;
    print(`${s.name.padEnd(38)} ${m.perSecond.toFixed(2).padStart(12)} ${m.requestsPerSecond.toFixed(1).padStart(12)} ${ms(m.dryP95).padStart(13)} ${ms(m.readP95).padStart(10)} ${String(m.lost).padStart(6)} ${String(m.duplicated).padStart(12)} ${String(m.bad.length).padStart(13)}`);
  }
  const e = summary.get(embedded)!;
  const c = summary.get(cluster)!;
  const ratio = c.perSecond / e.perSecond;
  print(`cluster/embedded: throughput ${(ratio * 100).toFixed(0)} % (goal ≥ 85 %: ${ratio >= 0.85 ? 'met' : 'NOT met'}), load req/s ${((c.requestsPerSecond / e.requestsPerSecond) * 100).toFixed(0)} %, dry-run p95 ${ms(c.dryP95)} vs ${ms(e.dryP95)}`);
  print(`goals: zero lost or duplicated reports: ${c.lost + c.duplicated + e.lost + e.duplicated === 0 && c.allOk && e.allOk ? 'met' : 'NOT met'}; cluster dry-run p95 < 50 ms while the batch prints: ${c.dryP95 < 50 ? 'met' : 'NOT met'} (embedded ${e.dryP95 < 50 ? 'met' : 'not met'})`);

  // CPU per unit of work, from the quiet batches: what a worker core must supply.
  const qc = quiet.get(cluster)!;
  const qe = quiet.get(embedded)!;
  const perEvaluation = (qc.evaluations.workerCpu * 1000) / qc.evaluations.total;
  const perReport = (qc.scorecards.workerCpu * 1000) / qc.scorecards.total;
  const pg = (r: BatchRun) => ((r.postgresCpu * 1000) / r.total).toFixed(1);
  print(`CPU per evaluation (evaluate and store, second batch, no load): cluster workers ${perEvaluation.toFixed(1)} ms + PostgreSQL ≥ ${pg(qc.evaluations)} ms, embedded process ${((qe.evaluations.apiCpu * 1000) / qe.evaluations.total).toFixed(1)} ms`);
  print(`CPU per report (print, cut, store, register; Node + Chromium, second batch, no load): cluster workers ${perReport.toFixed(0)} ms + PostgreSQL ≥ ${pg(qc.scorecards)} ms, embedded process ${((qe.scorecards.apiCpu * 1000) / qe.scorecards.total).toFixed(0)} ms`);
  print(`CPU per dry run (POST /api/evaluate, ${DRY_RUNS} without a batch, 4 at a time): cluster API ${dryRunCpu.get(cluster)!.toFixed(1)} ms, embedded process ${dryRunCpu.get(embedded)!.toFixed(1)} ms`);
  const loadRuns = loaded.get(cluster)!;
  const requests = loadRuns.reduce((n, r) => n + r.samples.length, 0);
  const apiCpu = loadRuns.reduce((n, r) => n + r.apiCpu, 0);
  print(`CPU of the API processes per load request (mix ${process.env.BENCH_MIX ?? '60,30'}, while batches print): ${((apiCpu * 1000) / Math.max(1, requests)).toFixed(1)} ms; workers per report under load: ${((loadRuns.reduce((n, r) => n + r.workerCpu, 0) * 1000) / (loadRuns.length * COUNT)).toFixed(0)} ms`);
  print(`load average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (wall times include any other load on the machine; CPU times do not)`);

  const failures = [
    ...setUps.filter((s) => !summary.get(s)!.allOk).map((s) => `${s.name}: a batch did not complete with each of the ${COUNT} reports stored and registered exactly once`),
    ...setUps.flatMap((s) => {
      const bad = summary.get(s)!.bad;
      return bad.length ? [`${s.name}: ${bad.length} answers were 5xx (not 503 with Retry-After) or none: ${[...new Set(bad.map((b) => b.error ?? String(b.status)))].join('; ')}`] : [];
    }),
  ];
  for (const f of failures) print(`FAILED ${f}`);
  return failures.length ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`[bench] ${signal}: stopping every process and removing the database and Redis keys\n`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  async (code) => {
    await cleanUp();
    process.exit(code);
  },
  async (err: unknown) => {
    process.stderr.write(`bench:cluster failed: ${(err as Error).stack ?? String(err)}\n`);
    await cleanUp();
    process.exit(1);
  },
);

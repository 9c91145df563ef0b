/**
 * npm run bench:load — 50 concurrent clients for 60 s against the built service on 127.0.0.1,
 * mixing dry-run evaluations, reads and scorecard PDF downloads. Prints throughput, latency
 * percentiles per kind, answers by status and the service's peak memory (Node + Chromium).
 *
 * Bounded: loopback only, BENCH_SECONDS (default 60, at most 300) and BENCH_MAX_REQUESTS
 * (default 200 000). The service runs on its own temporary database, never on data/app.db.
 * Exit 1 if any request got a 5xx other than 503-with-Retry-After, or got no answer at all.
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { sampleProjects } from './pdf-fixtures';
import { cpuSeconds, peakSampler, treeCpuSeconds } from './process-memory';
import { prepareDatabase, startServer } from './spawned-server';

const CLIENTS = Math.min(200, Number(process.env.BENCH_CLIENTS ?? 50));
const SECONDS = Math.min(300, Number(process.env.BENCH_SECONDS ?? 60));
const MAX_REQUESTS = Math.min(1_000_000, Number(process.env.BENCH_MAX_REQUESTS ?? 200_000));
const TIMEOUT_MS = 60_000;
/** Percentages of dry runs and reads; the rest are scorecard downloads (BENCH_MIX=60,30). */
const [DRY_SHARE, READ_SHARE] = (process.env.BENCH_MIX ?? '60,30').split(',').map(Number);

type Kind = 'dry-run' | 'read' | 'scorecard';
interface Sample {
  kind: Kind;
  /** When the request was sent, in ms since the clients started. */
  at: number;
  ms: number;
  status: number | 'no-answer';
  retryAfter: boolean;
  error?: string;
}

/** A complete new project of the sample recipe, without its id: a dry run of an unsaved form. */
const DRY_RUN = (() => {
  const { id: _id, ...project } = sampleProjects(1)[0];
  return JSON.stringify({ project: { ...project, name: '压测项目' } });
})();

function call(agent: http.Agent, base: URL, token: string, method: string, pathname: string, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: base.hostname, port: base.port, method, path: pathname, timeout: TIMEOUT_MS, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-'));
  const dbFile = path.join(dir, 'bench.db');
  process.stderr.write(`[bench] preparing a temporary database in ${dir}\n`);
  const { token } = prepareDatabase(dbFile);
  const server = await startServer(dbFile);
  const base = new URL(server.url);
  if (!['127.0.0.1', 'localhost', '::1'].includes(base.hostname)) throw new Error('bench:load only drives a service on the loopback interface');
  // Idle sockets are dropped by the client after 4 s, before the server's 5 s keep-alive timeout:
  // otherwise a request can race the server closing its socket (ECONNRESET, a client artefact).
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS, timeout: 4000 });
  try {
    const projects = JSON.parse((await call(agent, base, token, 'GET', '/api/projects?year=2022')).body.toString()) as { id: string }[];
    const stored = await call(agent, base, token, 'POST', `/api/projects/${projects[0].id}/evaluations`, '{}');
    const evaluationId = (JSON.parse(stored.body.toString()) as { id: string }).id;
    // One warm-up print so the first client does not pay Chromium's launch.
    await call(agent, base, token, 'GET', `/api/evaluations/${evaluationId}/report.pdf`);
    const reads = ['/api/projects?year=2022', `/api/projects/${projects[1 % projects.length].id}`, '/api/rule-sets/hubei-2022', '/api/regions/progress?year=2022'];

    const samples: Sample[] = [];
    let issued = 0;
    const sampler = peakSampler(500, server.pid);
    const cpuAtStart = { node: cpuSeconds(server.pid), tree: treeCpuSeconds(server.pid), bench: process.cpuUsage() };
    const started = Date.now();
    const startedAt = performance.now();
    const deadline = started + SECONDS * 1000;
    process.stderr.write(`[bench] ${CLIENTS} clients for ${SECONDS} s against ${server.url}\n`);

    const client = async (c: number) => {
      let i = c;
      while (Date.now() < deadline && issued < MAX_REQUESTS) {
        issued++;
        i++;
        // 60 % dry-run evaluations, 30 % reads, 10 % scorecard downloads.
        const roll = (i * 7919) % 100;
        const kind: Kind = roll < DRY_SHARE ? 'dry-run' : roll < DRY_SHARE + READ_SHARE ? 'read' : 'scorecard';
        const t0 = performance.now();
        try {
          const res =
            kind === 'dry-run' ? await call(agent, base, token, 'POST', '/api/evaluate', DRY_RUN)
            : kind === 'read' ? await call(agent, base, token, 'GET', reads[i % reads.length])
            : await call(agent, base, token, 'GET', `/api/evaluations/${evaluationId}/report.pdf`);
          samples.push({ kind, at: t0 - startedAt, ms: performance.now() - t0, status: res.status, retryAfter: res.headers['retry-after'] !== undefined });
          // A polite client waits as told when the print queue is full.
          if (res.status === 503) await new Promise((r) => setTimeout(r, Math.min(1000, Number(res.headers['retry-after'] ?? 1) * 1000)));
        } catch (err) {
          samples.push({ kind, at: t0 - startedAt, ms: performance.now() - t0, status: 'no-answer', retryAfter: false, error: `${kind}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    const elapsed = (Date.now() - started) / 1000;
    const peakMemory = sampler.stop();
    // Who used the two cores: the service's event loop, its Chromium, and this load generator.
    const nodeCpu = cpuSeconds(server.pid) - cpuAtStart.node;
    const chromiumCpu = treeCpuSeconds(server.pid) - cpuAtStart.tree - nodeCpu;
    const benchUsage = process.cpuUsage(cpuAtStart.bench);
    const benchCpu = (benchUsage.user + benchUsage.system) / 1e6;

    const byStatus: Record<string, number> = {};
    for (const s of samples) byStatus[String(s.status)] = (byStatus[String(s.status)] ?? 0) + 1;
    const rows = (['dry-run', 'read', 'scorecard'] as Kind[]).map((kind) => {
      const ok = samples.filter((s) => s.kind === kind && s.status === 200).map((s) => s.ms).sort((a, b) => a - b);
      const all = samples.filter((s) => s.kind === kind);
      return { kind, requests: all.length, ok: ok.length, p50: percentile(ok, 50), p95: percentile(ok, 95), p99: percentile(ok, 99), max: ok[ok.length - 1] ?? NaN };
    });
    // The machine is shared: a neighbour's burst shows as one bad window, steady overload as all.
    const windows = new Map<number, number[]>();
    for (const s of samples) {
      if (s.kind !== 'dry-run' || s.status !== 200) continue;
      const w = Math.floor(s.at / 10_000);
      windows.set(w, [...(windows.get(w) ?? []), s.ms]);
    }
    const windowP95 = [...windows.entries()].sort(([a], [b]) => a - b).map(([, ms]) => percentile(ms.sort((a, b) => a - b), 95));
    const bad = samples.filter((s) => s.status === 'no-answer' || (typeof s.status === 'number' && s.status >= 500 && !(s.status === 503 && s.retryAfter))).length;
    const f = (ms: number) => (Number.isNaN(ms) ? '-' : ms.toFixed(1).padStart(8));
    const lines = [
      `bench:load — ${CLIENTS} clients, ${elapsed.toFixed(1)} s, ${samples.length} requests, ${(samples.length / elapsed).toFixed(1)} req/s, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(2)}`,
      'kind        requests       ok   p50 ms   p95 ms   p99 ms   max ms',
      ...rows.map((r) => `${r.kind.padEnd(10)} ${String(r.requests).padStart(9)} ${String(r.ok).padStart(8)} ${f(r.p50)} ${f(r.p95)} ${f(r.p99)} ${f(r.max)}`),
      `dry-run p95 in each 10 s of the run: ${windowP95.map((ms) => ms.toFixed(0)).join(', ')} ms`,
      `answers by status: ${Object.entries(byStatus).map(([k, v]) => `${k}: ${v}`).join(', ')}`,
      `503 without Retry-After: ${samples.filter((s) => s.status === 503 && !s.retryAfter).length}; 5xx (other) or no answer: ${bad}`,
      ...(bad > 0 ? [`no answer: ${[...new Set(samples.filter((s) => s.error).map((s) => s.error))].join('; ')}`] : []),
      `peak memory of the service (Node + Chromium, PSS): ${(peakMemory / 1024 / 1024).toFixed(0)} MiB`,
      `CPU used per second of the run (${os.cpus().length} cores): service Node ${(nodeCpu / elapsed).toFixed(2)} s, its Chromium ${(chromiumCpu / elapsed).toFixed(2)} s, this load generator ${(benchCpu / elapsed).toFixed(2)} s`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return bad === 0 ? 0 : 1;
  } finally {
    agent.destroy();
    server.proc.kill('SIGTERM');
    await server.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench:load failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);

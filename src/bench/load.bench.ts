/**
 * npm run bench:load — 50 concurrent clients for 60 s against the built service on 127.0.0.1,
 * mixing dry-run evaluations, reads and scorecard PDF downloads. Prints throughput, latency
 * percentiles per kind, answers by status and the service's peak memory (Node + Chromium).
 *
 * Bounded: loopback only, BENCH_SECONDS (default 60, at most 300) and BENCH_MAX_REQUESTS
 * (default 200 000). The service runs on its own temporary database, never on data/app.db.
 * Exit 1 if any request got a 5xx other than 503-with-Retry-After, or got no answer at all.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { countByStatus, isBad, latencyRows, mixFromEnv, percentile, prepareLoad, runClients, target } from './load-clients';
import { cpuSeconds, peakSampler, treeCpuSeconds } from './process-memory';
import { prepareDatabase, startServer } from './spawned-server';

const CLIENTS = Math.min(200, Number(process.env.BENCH_CLIENTS ?? 50));
const SECONDS = Math.min(300, Number(process.env.BENCH_SECONDS ?? 60));
const MAX_REQUESTS = Math.min(1_000_000, Number(process.env.BENCH_MAX_REQUESTS ?? 200_000));

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-'));
  const dbFile = path.join(dir, 'bench.db');
  process.stderr.write(`[bench] preparing a temporary database in ${dir}\n`);
  const { token } = prepareDatabase(dbFile);
  const server = await startServer(dbFile);
  const api = target(server.url, CLIENTS);
  try {
    const paths = await prepareLoad([api], token);
    const sampler = peakSampler(500, server.pid);
    const cpuAtStart = { node: cpuSeconds(server.pid), tree: treeCpuSeconds(server.pid), bench: process.cpuUsage() };
    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    process.stderr.write(`[bench] ${CLIENTS} clients for ${SECONDS} s against ${server.url}\n`);
    const samples = await runClients({ targets: [api], token, clients: CLIENTS, mix: mixFromEnv(), paths, stop: () => Date.now() >= deadline, maxRequests: MAX_REQUESTS, startedAt: performance.now() });
    const elapsed = (Date.now() - started) / 1000;
    const peakMemory = sampler.stop();
    // Who used the two cores: the service's event loop, its Chromium, and this load generator.
    const nodeCpu = cpuSeconds(server.pid) - cpuAtStart.node;
    const chromiumCpu = treeCpuSeconds(server.pid) - cpuAtStart.tree - nodeCpu;
    const benchUsage = process.cpuUsage(cpuAtStart.bench);
    const benchCpu = (benchUsage.user + benchUsage.system) / 1e6;

    const byStatus = countByStatus(samples);
    const rows = latencyRows(samples);
    // The machine is shared: a neighbour's burst shows as one bad window, steady overload as all.
    const windows = new Map<number, number[]>();
    for (const s of samples) {
      if (s.kind !== 'dry-run' || s.status !== 200) continue;
      const w = Math.floor(s.at / 10_000);
      windows.set(w, [...(windows.get(w) ?? []), s.ms]);
    }
    const windowP95 = [...windows.entries()].sort(([a], [b]) => a - b).map(([, ms]) => percentile(ms.sort((a, b) => a - b), 95));
    const bad = samples.filter(isBad).length;
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
    api.agent.destroy();
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

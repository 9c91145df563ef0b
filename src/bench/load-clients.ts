import http from 'node:http';
import { sampleProjects } from './pdf-fixtures';

/**
 * The mixed load of bench:load — closed-loop clients sending dry-run evaluations, reads and
 * scorecard PDF downloads — shared by bench:load (one service) and bench:cluster (the same mix
 * spread over several API processes).
 */
export type Kind = 'dry-run' | 'read' | 'scorecard';
export const KINDS: Kind[] = ['dry-run', 'read', 'scorecard'];

export interface Sample {
  kind: Kind;
  /** When the request was sent, in ms since the clients started. */
  at: number;
  ms: number;
  status: number | 'no-answer';
  retryAfter: boolean;
  /** Which target (API process) answered, by its index in the list given to runClients. */
  target: number;
  error?: string;
}

export interface Mix {
  /** Percent dry runs; percent reads; the rest are scorecard downloads. */
  dryShare: number;
  readShare: number;
}

/** BENCH_MIX=60,30: percent dry runs, percent reads, the rest PDFs. */
export function mixFromEnv(): Mix {
  const [dryShare, readShare] = (process.env.BENCH_MIX ?? '60,30').split(',').map(Number);
  return { dryShare, readShare };
}

const TIMEOUT_MS = 60_000;

/** A complete new project of the sample recipe, without its id: a dry run of an unsaved form. */
export const DRY_RUN = (() => {
  const { id: _id, ...project } = sampleProjects(1)[0];
  return JSON.stringify({ project: { ...project, name: '压测项目' } });
})();

export interface Target {
  base: URL;
  agent: http.Agent;
}

/** An API process to send requests to, with its own keep-alive sockets. */
export function target(url: string, maxSockets: number): Target {
  const base = new URL(url);
  if (!['127.0.0.1', 'localhost', '::1'].includes(base.hostname)) throw new Error(`the benchmarks only drive services on the loopback interface, not ${url}`);
  // Idle sockets are dropped by the client after 4 s, before the server's 5 s keep-alive timeout:
  // otherwise a request can race the server closing its socket (ECONNRESET, a client artefact).
  return { base, agent: new http.Agent({ keepAlive: true, maxSockets, timeout: 4000 }) };
}

export function call(t: Target, token: string, method: string, pathname: string, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent: t.agent, host: t.base.hostname, port: t.base.port, method, path: pathname, timeout: TIMEOUT_MS, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } },
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

/** JSON of a call that must succeed (set-up steps of the benchmarks), or an error saying what answered. */
export async function callJson<T>(t: Target, token: string, method: string, pathname: string, body?: string): Promise<T> {
  const res = await call(t, token, method, pathname, body);
  if (res.status >= 300) throw new Error(`${method} ${pathname} answered ${res.status}: ${res.body.toString().slice(0, 500)}`);
  return JSON.parse(res.body.toString()) as T;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** What the clients read and download: the year's list, a project, the rule set, progress, one stored evaluation's PDF. */
export interface LoadPaths {
  reads: string[];
  scorecard: string;
}

/**
 * Stores one evaluation to download and prints it once, so the first client does not pay
 * Chromium's launch (on every target given: each API process has its own browser).
 */
export async function prepareLoad(targets: Target[], token: string): Promise<LoadPaths> {
  const projects = await callJson<{ id: string }[]>(targets[0], token, 'GET', '/api/projects?year=2022');
  const stored = await callJson<{ id: string }>(targets[0], token, 'POST', `/api/projects/${projects[0].id}/evaluations`, '{}');
  const scorecard = `/api/evaluations/${stored.id}/report.pdf`;
  for (const t of targets) await call(t, token, 'GET', scorecard);
  return { reads: ['/api/projects?year=2022', `/api/projects/${projects[1 % projects.length].id}`, '/api/rule-sets/hubei-2022', '/api/regions/progress?year=2022'], scorecard };
}

/**
 * `clients` closed-loop clients until `stop()` says so or `maxRequests` were sent; client c sends
 * its requests to targets[(c + i) % targets.length], so every target gets the same mix. `at` is
 * measured from `startedAt` (performance.now()).
 */
export async function runClients(options: {
  targets: Target[];
  token: string;
  clients: number;
  mix: Mix;
  paths: LoadPaths;
  stop: () => boolean;
  maxRequests: number;
  startedAt: number;
  /**
   * Requests per second of all clients together, paced (each client sends at most one request
   * every clients/rate seconds, skipping the slots it missed); unset: as fast as answers come.
   * Paced, every set-up compared gets the same load, however fast it answers.
   */
  rate?: number;
}): Promise<Sample[]> {
  const { targets, token, mix, paths } = options;
  const samples: Sample[] = [];
  let issued = 0;
  const interval = options.rate ? (options.clients * 1000) / options.rate : 0;
  const client = async (c: number) => {
    let i = c;
    // Clients start spread over one interval, so the requests do not come in waves.
    let next = performance.now() + (c * interval) / options.clients;
    while (!options.stop() && issued < options.maxRequests) {
      if (interval) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        next = Math.max(next + interval, performance.now());
        if (options.stop()) break;
      }
      issued++;
      i++;
      // By default 60 % dry-run evaluations, 30 % reads, 10 % scorecard downloads.
      const roll = (i * 7919) % 100;
      const kind: Kind = roll < mix.dryShare ? 'dry-run' : roll < mix.dryShare + mix.readShare ? 'read' : 'scorecard';
      const to = (c + i) % targets.length;
      const t = targets[to];
      const t0 = performance.now();
      try {
        const res =
          kind === 'dry-run' ? await call(t, token, 'POST', '/api/evaluate', DRY_RUN)
          : kind === 'read' ? await call(t, token, 'GET', paths.reads[i % paths.reads.length])
          : await call(t, token, 'GET', paths.scorecard);
        samples.push({ kind, at: t0 - options.startedAt, ms: performance.now() - t0, status: res.status, retryAfter: res.headers['retry-after'] !== undefined, target: to });
        // A polite client waits as told when the print queue is full.
        if (res.status === 503) await new Promise((r) => setTimeout(r, Math.min(1000, Number(res.headers['retry-after'] ?? 1) * 1000)));
      } catch (err) {
        samples.push({ kind, at: t0 - options.startedAt, ms: performance.now() - t0, status: 'no-answer', retryAfter: false, target: to, error: `${kind}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, c) => client(c)));
  return samples;
}

/** An answer the benchmarks fail on: none at all, or a 5xx other than 503 with Retry-After. */
export function isBad(s: Sample): boolean {
  return s.status === 'no-answer' || (s.status >= 500 && !(s.status === 503 && s.retryAfter));
}

export interface KindRow {
  kind: Kind;
  requests: number;
  ok: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Latency percentiles of the successful answers, per kind. */
export function latencyRows(samples: Sample[]): KindRow[] {
  return KINDS.map((kind) => {
    const ok = samples.filter((s) => s.kind === kind && s.status === 200).map((s) => s.ms).sort((a, b) => a - b);
    const all = samples.filter((s) => s.kind === kind);
    return { kind, requests: all.length, ok: ok.length, p50: percentile(ok, 50), p95: percentile(ok, 95), p99: percentile(ok, 99), max: ok[ok.length - 1] ?? NaN };
  });
}

export function countByStatus(samples: Sample[]): Record<string, number> {
  const byStatus: Record<string, number> = {};
  for (const s of samples) byStatus[String(s.status)] = (byStatus[String(s.status)] ?? 0) + 1;
  return byStatus;
}

import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { ROOT_DIR } from '../config/app-config';
import { createPostgresPool } from '../prisma/postgres-pool';
import { cpuSeconds } from './process-memory';
import { descendantPids } from './spawned-server';

/**
 * What bench:cluster runs its multi-machine set-up on: a throwaway PostgreSQL database and a Redis
 * key prefix of the run's own (on the servers already listening on loopback), and worker
 * processes from dist/. Everything made here is removed by the caller's clean-up.
 */
export const BENCH_POSTGRES = (process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432').replace(/\/+$/, '');
export const BENCH_REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`bench:cluster only uses servers on the loopback interface, not ${url}`);
}

async function adminQuery<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const pool = createPostgresPool(`${BENCH_POSTGRES}/postgres`, { max: 1 });
  try {
    return (await pool.query(sql, params)).rows as T[];
  } finally {
    await pool.end();
  }
}

/**
 * A new empty database on the loopback PostgreSQL, with the migrations of prisma/postgresql applied.
 * `created` hears of it before the migrations run, so an interrupted run still drops it.
 */
export async function createThrowawayDatabase(created: (drop: () => Promise<void>, name: string) => void): Promise<{ url: string; name: string }> {
  assertLoopback(BENCH_POSTGRES);
  const name = `nct_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await adminQuery(`CREATE DATABASE "${name}"`);
  } catch (err) {
    throw new Error(`bench:cluster needs PostgreSQL at ${BENCH_POSTGRES} accepting user postgres without a password, to create a throwaway database (${(err as Error).message}). Start it, or set BENCH_POSTGRES_URL.`);
  }
  created(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined), name);
  const url = `${BENCH_POSTGRES}/${name}`;
  await new Promise<void>((resolve, reject) =>
    execFile(path.join(ROOT_DIR, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy', '--config', 'prisma/postgresql/prisma.config.ts'], { cwd: ROOT_DIR, env: { ...process.env, DATABASE_URL: url } }, (err, stdout, stderr) =>
      err ? reject(new Error(`prisma migrate deploy failed on ${name}:\n${stdout}${stderr}`)) : resolve(),
    ),
  );
  return { url, name };
}

/**
 * CPU seconds used so far by each PostgreSQL server process serving `database` (one per
 * connection; the server runs on this machine). A connection closed between two readings takes
 * its CPU with it, so differences of two readings are a lower bound.
 */
export async function postgresBackendCpu(database: string): Promise<Map<number, number>> {
  const rows = await adminQuery<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
  return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
}

/** A key prefix of this run's own on the loopback Redis; remove() deletes every key under it. */
export async function throwawayRedisPrefix(): Promise<{ url: string; prefix: string; remove(): Promise<number> }> {
  assertLoopback(BENCH_REDIS);
  const prefix = `nct-bench-${process.pid}-${randomBytes(3).toString('hex')}`;
  const redis = new Redis(BENCH_REDIS, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new Error(`bench:cluster needs Redis at ${BENCH_REDIS} (${(err as Error).message}). Start it (\`redis-server --daemonize yes\`), or set BENCH_REDIS_URL.`);
  }
  return {
    url: BENCH_REDIS,
    prefix,
    async remove() {
      let removed = 0;
      try {
        for (let cursor = '0'; ; ) {
          const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          if (found.length) removed += await redis.del(...found);
          cursor = next;
          if (cursor === '0') break;
        }
      } finally {
        redis.disconnect();
      }
      return removed;
    },
  };
}

export interface WorkerProcess {
  proc: ChildProcess;
  pid: number;
  output(): string;
  exited: Promise<number | string>;
}

/**
 * How a worker yields the cores to API processes beside it: `nice` (systemd Nice=) lowers the
 * priority of the worker's Node threads, but Chromium running as root sets its own threads back
 * to nice 0 or -8 (seen here: of 106 threads of a browser started at nice 10, 2 kept it), so the
 * printing does not yield. The idle scheduling class (`chrt --idle 0`, systemd
 * CPUSchedulingPolicy=idle) is inherited by every thread and Chromium leaves it alone: a worker
 * then runs on what the API processes leave, whoever it runs as.
 */
export type WorkerPriority = { kind: 'normal' } | { kind: 'nice'; nice: number } | { kind: 'idle' };

/** BENCH_WORKER_PRIORITY: `idle`, `normal`, or a nice value 1–19. */
export function workerPriorityFrom(value: string | undefined, fallback: WorkerPriority): WorkerPriority {
  if (value === undefined || value === '') return fallback;
  if (value === 'idle' || value === 'normal') return { kind: value };
  const nice = Number(value);
  if (!Number.isInteger(nice) || nice < 1 || nice > 19) throw new Error(`BENCH_WORKER_PRIORITY must be idle, normal or a nice value 1–19, not "${value}"`);
  return { kind: 'nice', nice };
}

export function describePriority(p: WorkerPriority): string {
  return p.kind === 'nice' ? `nice ${p.nice}` : p.kind === 'idle' ? 'the idle scheduling class (chrt --idle 0)' : 'normal priority';
}

/** A worker (ROLE=worker) from dist/, resolved once its Chromium is warm and it takes parts. */
export function startWorkerProcess(env: Record<string, string>, priority: WorkerPriority = { kind: 'normal' }): Promise<WorkerProcess> {
  // SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") as for the API processes.
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const worker = [...nodeArgs, path.join(ROOT_DIR, 'dist', 'main.js')];
  const [command, args] = priority.kind === 'idle' ? ['chrt', ['--idle', '0', process.execPath, ...worker]] : [process.execPath, worker];
  const proc = spawn(command, args, { env: { ...process.env, ...env, ROLE: 'worker' }, stdio: ['ignore', 'pipe', 'pipe'] });
  // Set before the worker starts Chromium (which would inherit it, were it not root: see above).
  if (priority.kind === 'nice') os.setPriority(proc.pid!, priority.nice);
  let out = '';
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start within 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (/worker \d+ ready/.test(out)) {
        clearTimeout(timer);
        resolve({ proc, pid: proc.pid!, output: () => out, exited });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`worker exited (${code}) before it was ready:\n${out}`)));
  });
}

/**
 * SIGKILL to every process this one started that is still alive, and theirs (a service or worker
 * interrupted while it was starting, before anyone held its handle).
 */
export function killDescendants(): void {
  for (const pid of descendantPids(process.pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Stops a process started by the bench: SIGTERM, then after `graceMs` SIGKILL to it and to every
 * descendant still alive (its Chromium), so nothing outlives the run.
 */
export async function stopProcess(proc: ChildProcess, exited: Promise<unknown>, graceMs = 10_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const family = [proc.pid!, ...descendantPids(proc.pid!)];
  proc.kill('SIGTERM');
  const timer = new Promise((r) => setTimeout(r, graceMs));
  await Promise.race([exited, timer]);
  for (const pid of family) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

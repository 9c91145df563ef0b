import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { WorkerProcess } from '../../src/bench/cluster-services';
import { descendantPids } from '../../src/bench/spawned-server';
import { createThrowawayDatabase, deployMigrations } from './postgres';
import { ROOT } from './test-app';

/**
 * What the multi-machine tests share: the loopback Redis (or TEST_REDIS_URL), the CLI from dist/,
 * and ways to read, stop and kill the spawned API and worker processes.
 */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The CLI from dist/ on the test database (seed, users). */
export function cli(databaseUrl: string, args: string[]): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli', 'main.js'), ...args], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export const readCmdline = (pid: number): string => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1');
  } catch {
    return ''; // gone meanwhile
  }
};

/** Chromium processes under a process (an API process prints nothing itself). */
export const chromiumsUnder = (pid: number) => descendantPids(pid).filter((p) => /chrom/i.test(readCmdline(p)));

/** The parts a worker logged as started or committed (of one batch, if named). */
export function parts(w: WorkerProcess, what: 'started' | 'committed', batchId = '\\S+'): number[] {
  return [...w.output().matchAll(new RegExp(`batch ${batchId} part (\\d+): ${what}`, 'g'))].map((m) => Number(m[1]));
}

/** Kills a process and its Chromium at once, as a machine that dies would. */
export function killHard(pid: number): void {
  for (const p of [pid, ...descendantPids(pid)]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Stops (SIGTERM) the workers still running, each after the part in hand. */
export async function stopRunning(list: WorkerProcess[]): Promise<void> {
  for (const w of list.filter((x) => x.proc.exitCode === null && x.proc.signalCode === null)) {
    const gone = new Promise((resolve) => w.proc.once('exit', resolve));
    w.proc.kill('SIGTERM');
    await gone;
  }
}

/** Deletes every key under a prefix (SCAN, so a large queue does not block Redis). */
export async function removeKeys(redis: Redis, prefix: string): Promise<void> {
  const keys: string[] = [];
  for (let cursor = '0'; ; ) {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    keys.push(...found);
    cursor = next;
    if (cursor === '0') break;
  }
  if (keys.length) await redis.del(...keys);
}

/** Says exactly what is missing when Redis cannot be reached. */
export async function redisOrExplain(): Promise<Redis> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new Error(
      `The multi-machine test needs Redis at ${REDIS_URL} and cannot reach it (${(err as Error).message}). ` +
        'Start it (`redis-server --daemonize yes`, or `service redis-server start`), install it as root (`apt-get install -y redis-server`; `npm test` set-up does so when nothing listens on 6379), or point TEST_REDIS_URL at one.',
    );
  }
}

/**
 * A throwaway PostgreSQL database with the migrations deployed, the seed loaded and an admin of
 * its own, as `set-up` leaves a new installation: the database, and the admin's request headers.
 */
export async function seededDatabase(label: string): Promise<{ db: Awaited<ReturnType<typeof createThrowawayDatabase>>; headers: Record<string, string> }> {
  const db = await createThrowawayDatabase(label);
  const deployed = await deployMigrations(db.url);
  if (deployed.code !== 0) throw new Error(`prisma migrate deploy failed:\n${deployed.output}`);
  cli(db.url, ['seed']);
  const admin = JSON.parse(cli(db.url, ['users', 'create', '--name', `${label}-${process.pid}`, '--role', 'admin'])) as { token: string };
  return { db, headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' } };
}

/**
 * Where batches run. Without REDIS_URL everything stays in this process (the one-machine
 * default); with it, batches are jobs on a BullMQ queue in Redis that worker processes take.
 */
export interface QueueConfig {
  /** redis://… or rediss://…; null: the embedded, in-process queue. */
  redisUrl: string | null;
  /** Prefix of every Redis key, so several installations (or test runs) can share one Redis. */
  prefix: string;
  /** api: serves HTTP and enqueues; worker: no HTTP, runs the jobs; all: both (the default). */
  role: 'api' | 'worker' | 'all';
  /** Scorecards per part of a batch: a worker killed mid-batch loses at most one part. */
  partSize: number;
  /** Parts allowed to wait in the queue; past that a new batch gets 503 with Retry-After. */
  maxWaitingParts: number;
  /** Runs of a failing part before its batch fails. */
  attempts: number;
  /** How long a worker's claim on a part lasts unrenewed: after that, another worker takes it up. */
  lockMs: number;
  /** Parts one worker process runs at once (each prints across all its print slots). */
  workerConcurrency: number;
  /** Days a finished batch and its files are kept (about 65 KB a scorecard) before they are deleted. */
  keepDays: number;
  /** WORKER_HEALTH_PORT: a worker answers GET /health on it (on HOST); null: no HTTP at all. */
  workerHealthPort: number | null;
}

const ROLES = ['api', 'worker', 'all'] as const;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, max = 1_000_000): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new Error(`${name} must be an integer from 1 to ${max}, got "${raw}"`);
  return Number(raw);
}

export function parseQueueConfig(env: NodeJS.ProcessEnv): QueueConfig {
  const url = (env.REDIS_URL ?? '').trim();
  if (url !== '' && !/^rediss?:\/\/[^\s]+$/.test(url)) throw new Error(`REDIS_URL must be a redis:// or rediss:// URL, got "${env.REDIS_URL}"`);
  const role = (env.ROLE ?? 'all').trim();
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`ROLE must be one of ${ROLES.join(', ')}, got "${env.ROLE}"`);
  if (role !== 'all' && url === '') throw new Error(`ROLE=${role} needs REDIS_URL: without it the queue lives in one process, which must do both`);
  const prefix = (env.QUEUE_PREFIX ?? 'nct').trim();
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) throw new Error(`QUEUE_PREFIX must be 1-64 letters, digits, "_", "." or "-", got "${env.QUEUE_PREFIX}"`);
  return {
    redisUrl: url === '' ? null : url,
    prefix,
    role: role as QueueConfig['role'],
    partSize: positiveInt(env, 'BATCH_PART_SIZE', 20, 200),
    maxWaitingParts: positiveInt(env, 'BATCH_QUEUE_LIMIT', 500),
    attempts: positiveInt(env, 'BATCH_ATTEMPTS', 3, 20),
    lockMs: positiveInt(env, 'BATCH_LOCK_MS', 30_000),
    workerConcurrency: positiveInt(env, 'BATCH_WORKER_CONCURRENCY', 1, 16),
    keepDays: positiveInt(env, 'BATCH_KEEP_DAYS', 30, 3650),
    workerHealthPort: healthPort(env.WORKER_HEALTH_PORT),
  };
}

function healthPort(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) > 65535) throw new Error(`WORKER_HEALTH_PORT must be a port number (0: any free port), got "${raw}"`);
  return Number(raw);
}

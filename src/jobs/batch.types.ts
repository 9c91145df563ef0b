import { Role } from '../auth/roles.decorator';
import { Stage } from '../rule-sets/rule-set.types';

/** What a batch does: print the year's scorecards, or evaluate and store the year's projects. */
export const BATCH_KINDS = ['scorecards', 'evaluations'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

export const BATCH_STATES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type BatchState = (typeof BATCH_STATES)[number];

/** States in which a batch still takes parts (and with which a second submission is the same batch). */
export const UNFINISHED: BatchState[] = ['queued', 'running'];

/**
 * Who asked for the batch. Parts run outside any request, in whichever process takes them, so the
 * acting user travels with the batch: a part runs as them (region scope, rule-set choice, the
 * register's and the evaluations' author), never unrestricted.
 */
export interface BatchRequester {
  id: number;
  name: string;
  role: Role;
  region: string | null;
}

/** Batch.params: everything a part needs, fixed at submission so every part prints the same way. */
export interface BatchParams {
  year: number;
  stage: Stage | null;
  /** The region asked for (or the region user's own); null: every region. */
  region: string | null;
  /** The rule-set version resolved at submission: a change of the active version mid-batch does not split it. */
  ruleSet: { id: string; version: number };
  /** The project ids, in print order; part i takes items [i·partSize, (i+1)·partSize). */
  items: string[];
  partSize: number;
  requester: BatchRequester;
}

/** One unit of queued work: a part of a batch. Small on purpose: the rest is in the Batch row. */
export interface PartJob {
  batchId: string;
  part: number;
}

export function partCount(params: Pick<BatchParams, 'items' | 'partSize'>): number {
  return Math.ceil(params.items.length / params.partSize);
}

/**
 * The part size of a batch of `total` items: at most `maxSize` (BATCH_PART_SIZE), and the parts
 * spread evenly over the processes that take them. 100 scorecards in parts of 20 on two workers
 * would be 3 parts on one and 2 on the other, the batch ending a part after the second worker
 * idled (at best 83 % of what the two could print); in 6 parts of 17 they end together. One
 * consumer (the embedded mode, where a part is spread over the print slots instead) keeps maxSize.
 */
export function partSizeFor(total: number, maxSize: number, consumers: number): number {
  if (total <= 0 || consumers <= 1) return maxSize;
  const parts = consumers * Math.ceil(Math.ceil(total / maxSize) / consumers);
  return Math.max(1, Math.ceil(total / parts));
}

export function itemsOfPart(params: Pick<BatchParams, 'items' | 'partSize'>, part: number): string[] {
  return params.items.slice(part * params.partSize, (part + 1) * params.partSize);
}

/** The marker file a finished part leaves (not a download): it makes a part run twice count once. */
export function partMarkerName(part: number): string {
  return `parts/${String(part).padStart(4, '0')}.json`;
}

export const MARKER_PREFIX = 'parts/';

/** What a finished part records in its marker: what it printed and what it could not. */
export interface PartRecord {
  part: number;
  items: string[];
  files: { key: string; name: string }[];
  failures: { key: string; bookmark: string; error: string }[];
}

/** What recover found: the parts queued again, and a part that failed for good, if any. */
export interface Recovery {
  requeued: number[];
  failed: { part: number; attempts: number; reason: string } | null;
}

/** How the queue behind the batches is doing, for /health. */
export interface QueueHealth {
  backend: 'embedded' | 'redis';
  state: 'ok' | 'error';
  waiting: number;
  active: number;
  error?: string;
}

/**
 * The queue of batch parts, one interface for both modes: in this process (embedded) or on
 * BullMQ for worker processes. Submitting is the API's half; consuming is started only where
 * parts should run (the worker role, or the one process of the embedded mode).
 */
export abstract class JobQueue {
  /** 503 (BusyError, with Retry-After) when the queue is over its limit: refuse before writing. */
  abstract assertCapacity(): Promise<void>;
  /** Enqueues the parts of a batch; a part already queued is not queued twice. */
  abstract submit(batchId: string, parts: number, priority: number): Promise<void>;
  /** Drops the batch's parts that have not started (those running stop at their next check). */
  abstract cancel(batchId: string, parts: number): Promise<void>;
  /**
   * For an unfinished batch's parts that have not committed (`pending`): queues again those the
   * queue no longer holds (Redis restarted without its data), and reports one that failed for
   * good whose failure was never recorded (its worker died in between). BatchRecovery calls it.
   */
  abstract recover(batchId: string, pending: number[], priority: number): Promise<Recovery>;
  /**
   * How many processes take parts now (at least 1), so that a batch is cut into parts they
   * finish together (partSizeFor).
   */
  abstract consumers(): Promise<number>;
  /** Starts running parts in this process. */
  abstract startConsuming(): Promise<void>;
  abstract health(): Promise<QueueHealth>;
  abstract close(): Promise<void>;
}

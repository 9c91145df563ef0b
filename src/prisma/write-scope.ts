import { BusyError } from '../common/errors';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import { DatabaseEngine, UnitOfWriting } from './database-engine';

/**
 * How long a write waits for the one writer (SQLite's, or its turn on PostgreSQL: see
 * postgres-engine.ts; then 503, try again), and how long it may hold it: a request's transaction
 * lasts from its first write to its audit row, well under a second.
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 60_000 };

/**
 * The one transaction of a unit of writing (an unsafe HTTP request, or a service call outside
 * one). Opened at the first write, not before, so reading an upload or evaluating never holds the
 * writer; ended by whoever opened the scope: committed once the work and its audit row are in it,
 * or rolled back with everything written when anything failed.
 */
export class WriteScope implements UnitOfWriting {
  private tx: Promise<Prisma.TransactionClient> | null = null;
  private settle: ((commit: boolean) => void) | null = null;
  private finished: Promise<void> | null = null;
  private closed = false;
  /** Set when an audit row was written in this scope. */
  audited = false;
  /** The engine's handle on the open transaction (see UnitOfWriting). */
  connection: unknown = null;
  /** See UnitOfWriting.stamp. */
  stamp?: Promise<string | null>;

  constructor(
    private readonly client: PrismaClient,
    private readonly engine: DatabaseEngine,
  ) {}

  /** Whether anything was written (the transaction was asked for). */
  get wrote(): boolean {
    return this.tx !== null;
  }

  transaction(): Promise<Prisma.TransactionClient> {
    // A write left running after its request ended would open a transaction nobody commits.
    if (this.closed) return Promise.reject(new Error('write after its unit of writing ended'));
    this.tx ??= new Promise((resolve, reject) => {
      this.finished = this.engine.transaction(
        this.client,
        (tx) => {
          resolve(tx);
          return new Promise<void>((done, fail) => (this.settle = (commit) => (commit ? done() : fail(new RolledBack()))));
        },
        TRANSACTION_OPTIONS,
        this,
      );
      // Before it started, a failure is the writer's to hear (after, reject is a no-op).
      this.finished.catch((err: unknown) => reject(this.engine.isBusy(err) ? new BusyError('数据正在被其他请求写入，请稍后重试', 5) : err));
    });
    return this.tx;
  }

  /** Commits or rolls back. Rejects when the commit itself failed: then nothing was written. */
  async end(commit: boolean): Promise<void> {
    this.closed = true;
    if (!this.tx) return;
    try {
      await this.tx;
    } catch {
      return; // never started: nothing to end
    }
    this.settle!(commit);
    try {
      await this.finished;
    } catch (err) {
      // Rolling back, the caller's own error is the one to report.
      if (commit && !(err instanceof RolledBack)) throw err;
    }
  }
}

class RolledBack extends Error {}

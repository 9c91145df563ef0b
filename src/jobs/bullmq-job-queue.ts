import { Logger } from '@nestjs/common';
import { DelayedError, Job, Queue, Worker } from 'bullmq';
import { BusyError } from '../common/errors';
import { QueueConfig } from '../config/queue-config';
import { REDIS_TIMEOUT_MS, redisCall, within } from './redis-calls';
import { BatchPartProcessor } from './batch-part.processor';
import { JobQueue, PartJob, QueueHealth, Recovery } from './batch.types';

const QUEUE_NAME = 'batch-parts';
const BUSY = '批量任务排队已满，请稍后重试';
const UNAVAILABLE = '批量任务队列（Redis）暂时不可用，请稍后重试';
/** How long a part waits for the row of its batch, which the submitting request has not committed yet. */
const MISSING_GRACE_MS = 60_000;

const jobIdOf = (batchId: string, part: number) => `${batchId}-${part}`;

/**
 * The multi-machine mode (BullMQ lives here and in bullmq-print-service.ts): API processes add
 * one job per part of a batch to a Redis queue; worker processes take them (`startConsuming`).
 * BullMQ gives the rest: bounded retries with exponential backoff, priorities, and stalled-job
 * recovery — a worker that dies stops renewing its lock on the part it was printing, and after
 * `lockMs` another worker takes the part up. A part's work commits all at once
 * (BatchPartProcessor), so the part run again replaces nothing and issues nothing twice.
 */
export class BullMqJobQueue extends JobQueue {
  private readonly logger = new Logger('BatchQueue');
  private readonly queue: Queue<PartJob>;
  private worker: Worker<PartJob> | null = null;

  constructor(
    private readonly config: QueueConfig,
    private readonly processor: BatchPartProcessor,
  ) {
    super();
    // API side: a request waits at most REDIS_TIMEOUT_MS for Redis (then 503); reconnects on its own.
    this.queue = new Queue<PartJob>(QUEUE_NAME, {
      prefix: config.prefix,
      connection: { url: config.redisUrl!, maxRetriesPerRequest: 1, retryStrategy: (n: number) => Math.min(n * 200, 2000) },
    });
    this.queue.on('error', (err) => this.logger.warn(`Redis: ${err.message}`));
  }

  async assertCapacity(): Promise<void> {
    const counts = await this.redis(() => this.queue.getJobCounts('wait', 'prioritized', 'delayed'));
    const waiting = Object.values(counts).reduce((a, b) => a + b, 0);
    if (waiting >= this.config.maxWaitingParts) {
      const workers = await this.redis(() => this.queue.getWorkersCount()).catch(() => 1);
      throw new BusyError(BUSY, Math.min(60, Math.max(5, Math.ceil((waiting * 3) / Math.max(1, workers)))));
    }
  }

  async submit(batchId: string, parts: number, priority: number): Promise<void> {
    await this.redis(() => this.queue.addBulk(this.jobsFor(batchId, [...Array(parts).keys()], priority)));
  }

  async recover(batchId: string, pending: number[], priority: number): Promise<Recovery> {
    const lost: number[] = [];
    for (const part of pending) {
      const job = await this.redis(() => this.queue.getJob(jobIdOf(batchId, part)));
      if (!job) {
        lost.push(part);
        continue;
      }
      if ((await this.redis(() => job.getState())) === 'failed') {
        return { requeued: [], failed: { part, attempts: Math.max(job.attemptsMade, 1), reason: job.failedReason ?? '未知原因' } };
      }
    }
    if (lost.length) await this.redis(() => this.queue.addBulk(this.jobsFor(batchId, lost, priority)));
    return { requeued: lost, failed: null };
  }

  async consumers(): Promise<number> {
    // CLIENT LIST (how BullMQ counts workers) may be refused by a managed Redis: then one.
    return Math.max(1, await within(REDIS_TIMEOUT_MS, this.queue.getWorkersCount()).catch(() => 1));
  }

  private jobsFor(batchId: string, parts: number[], priority: number) {
    return parts.map((part) => ({
      name: 'part',
      data: { batchId, part },
      opts: {
        // One id per part: added twice, it is one job.
        jobId: jobIdOf(batchId, part),
        priority,
        attempts: this.config.attempts,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    }));
  }

  async cancel(batchId: string, parts: number): Promise<void> {
    // Best effort: a part already running, or Redis away, finds the batch cancelled when it checks.
    await Promise.all([...Array(parts).keys()].map((part) => within(REDIS_TIMEOUT_MS, this.queue.remove(jobIdOf(batchId, part))).catch(() => 0)));
  }

  async startConsuming(): Promise<void> {
    this.worker = new Worker<PartJob>(QUEUE_NAME, (job, token) => this.process(job, token), {
      prefix: this.config.prefix,
      connection: { url: this.config.redisUrl!, maxRetriesPerRequest: null },
      concurrency: this.config.workerConcurrency,
      lockDuration: this.config.lockMs,
      stalledInterval: Math.max(1000, Math.floor(this.config.lockMs / 2)),
      // A part whose worker died twice more is tried on: the third time it fails the batch.
      maxStalledCount: 2,
    });
    this.worker.on('error', (err) => this.logger.warn(`worker: ${err.message}`));
    this.worker.on('failed', (job, err) => void this.failedForGood(job, err));
    await this.worker.waitUntilReady();
    this.logger.log(`taking batch parts from ${this.config.prefix}:${QUEUE_NAME} (${this.config.workerConcurrency} at once)`);
  }

  async health(): Promise<QueueHealth> {
    try {
      const counts = await within(REDIS_TIMEOUT_MS, this.queue.getJobCounts('wait', 'prioritized', 'delayed', 'active'));
      return { backend: 'redis', state: 'ok', waiting: counts.wait + counts.prioritized + counts.delayed, active: counts.active };
    } catch (err) {
      return { backend: 'redis', state: 'error', waiting: 0, active: 0, error: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    // A worker finishes the part it runs before it closes (SIGTERM); a killed one leaves it to the others.
    await this.worker?.close();
    // With Redis away, closing would wait for it: drop the connection instead.
    await within(REDIS_TIMEOUT_MS, this.queue.close()).catch(() => this.queue.disconnect());
  }

  private async process(job: Job<PartJob>, token?: string): Promise<void> {
    try {
      const result = await this.processor.run(job.data);
      if (result === 'missing' && Date.now() - job.timestamp < MISSING_GRACE_MS) await this.later(job, 500, token);
    } catch (err) {
      // The printer is busy with this process's own downloads: later, without spending a retry.
      if (err instanceof BusyError) await this.later(job, err.retryAfterSeconds * 1000, token);
      throw err;
    }
  }

  private async later(job: Job<PartJob>, ms: number, token?: string): Promise<never> {
    await job.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  }

  private async failedForGood(job: Job<PartJob> | undefined, err: Error): Promise<void> {
    if (!job) return;
    try {
      if ((await job.getState()) !== 'failed') return; // it will be retried
      await this.processor.fail(job.data, Math.max(job.attemptsMade, 1), err.message);
    } catch (e) {
      this.logger.error(`batch ${job.data.batchId}: could not record its failure: ${(e as Error).message}`);
    }
  }

  private redis<T>(work: () => Promise<T>): Promise<T> {
    return redisCall(this.logger, UNAVAILABLE, work);
  }
}

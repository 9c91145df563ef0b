import { AsyncResource } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import { BusyError } from '../common/errors';
import { PrismaService } from '../prisma/prisma.service';
import { PrintQueue } from '../reports/print-queue';
import { QueueConfig } from '../config/queue-config';
import { BatchPartProcessor } from './batch-part.processor';
import { BatchParams, JobQueue, MARKER_PREFIX, partCount, partMarkerName, PartJob, QueueHealth, Recovery, UNFINISHED } from './batch.types';

const BUSY = '批量任务排队已满，请稍后重试';
/** How long a part waits for the row of its batch, which the submitting request has not committed yet. */
const MISSING_GRACE_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one-machine mode: parts run in this process, one at a time, in a bounded in-process queue
 * (PrintQueue, as the prints themselves), a region's batch before the province's (priority). A
 * part that fails is tried again after 1, 2, 4 … s, and its batch fails after `attempts` runs; a
 * part refused by a busy printer waits its turn without counting as a failure. Started again (after a crash or a restart), the process takes up every
 * unfinished batch's parts that had not committed.
 */
export class EmbeddedJobQueue extends JobQueue {
  private readonly logger = new Logger('EmbeddedQueue');
  private readonly queue: PrintQueue;
  private readonly pending = new Set<string>();
  /** The parts started or waiting in this process: close() waits for them. */
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  /**
   * Starts a part in the context this queue was made in, not the submitting request's: a part
   * must not join the request's unit of writing (ended by the time it writes) or act as its user
   * by accident (it acts as the batch's requester, deliberately).
   */
  private readonly launch = AsyncResource.bind((job: PartJob, priority: number) => this.start(job, priority));

  constructor(
    private readonly config: QueueConfig,
    private readonly processor: BatchPartProcessor,
    private readonly prisma: PrismaService,
  ) {
    super();
    this.queue = new PrintQueue(1, config.maxWaitingParts, BUSY);
  }

  async assertCapacity(): Promise<void> {
    // Parts of an admitted batch all wait; a new batch is refused while more than the limit do.
    const { waiting } = this.queue.size;
    if (waiting >= this.config.maxWaitingParts) throw new BusyError(BUSY, this.queue.retryAfterSeconds());
  }

  async submit(batchId: string, parts: number, priority: number): Promise<void> {
    for (let part = 0; part < parts; part++) this.enqueue({ batchId, part }, priority);
  }

  async cancel(): Promise<void> {
    // Queued parts find their batch cancelled when their turn comes and return at once.
  }

  async recover(batchId: string, pending: number[], priority: number): Promise<Recovery> {
    // The parts live in this process: one not in hand nor waiting is queued again (enqueue skips the others).
    const lost = pending.filter((part) => !this.pending.has(`${batchId}/${part}`));
    for (const part of lost) this.enqueue({ batchId, part }, priority);
    return { requeued: lost, failed: null };
  }

  async startConsuming(): Promise<void> {
    const unfinished = await this.prisma.batch.findMany({ where: { state: { in: UNFINISHED } }, orderBy: [{ priority: 'asc' }, { createdAt: 'asc' }] });
    for (const batch of unfinished) {
      const params = JSON.parse(batch.params) as BatchParams;
      const markers = await this.prisma.batchFile.findMany({ where: { batchId: batch.id, name: { startsWith: MARKER_PREFIX } }, select: { name: true } });
      const done = new Set(markers.map((m) => m.name));
      const left = [...Array(partCount(params)).keys()].filter((part) => !done.has(partMarkerName(part)));
      this.logger.log(`taking up batch ${batch.id}: ${left.length} parts left`);
      for (const part of left) this.enqueue({ batchId: batch.id, part }, batch.priority);
    }
  }

  /** This process alone: a part is spread over its print slots instead. */
  async consumers(): Promise<number> {
    return 1;
  }

  async health(): Promise<QueueHealth> {
    const { running, waiting } = this.queue.size;
    return { backend: 'embedded', state: 'ok', waiting, active: running };
  }

  /**
   * Takes no new attempt and waits for the part in hand to commit (the parts behind it return at
   * once): stopped in the middle, a part would otherwise be redone at the next start.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.inFlight]);
  }

  private enqueue(job: PartJob, priority: number): void {
    this.launch(job, priority);
  }

  private start(job: PartJob, priority: number): void {
    const key = `${job.batchId}/${job.part}`;
    if (this.pending.has(key)) return;
    this.pending.add(key);
    const running: Promise<void> = this.queue
      .run(() => this.runWithRetries(job), { admitted: true, priority })
      .catch((err: unknown) => this.logger.error(`batch ${job.batchId} part ${job.part}: ${(err as Error).message}`))
      .finally(() => {
        this.pending.delete(key);
        this.inFlight.delete(running);
      });
    this.inFlight.add(running);
  }

  private async runWithRetries(job: PartJob): Promise<void> {
    const since = Date.now();
    for (let attempt = 1; !this.closed; ) {
      try {
        const result = await this.processor.run(job);
        if (result !== 'missing') return;
        if (Date.now() - since > MISSING_GRACE_MS) return; // its request was rolled back: no batch
        await sleep(200);
      } catch (err) {
        if (err instanceof BusyError) {
          await sleep(err.retryAfterSeconds * 1000);
          continue;
        }
        if (attempt >= this.config.attempts) {
          await this.processor.fail(job, attempt, (err as Error).message);
          return;
        }
        this.logger.warn(`batch ${job.batchId} part ${job.part} attempt ${attempt} failed: ${(err as Error).message}`);
        await sleep(1000 * 2 ** (attempt - 1));
        attempt++;
      }
    }
  }
}

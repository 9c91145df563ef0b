import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import { BatchPartProcessor } from './batch-part.processor';
import { PeriodicSweep } from './periodic-sweep';
import { BatchParams, JobQueue, MARKER_PREFIX, partCount, partMarkerName, UNFINISHED } from './batch.types';

/** Often enough that a batch Redis lost is taken up within a minute, rarely enough to cost nothing. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Keeps unfinished batches moving when the queue itself lost track of them: Redis restarted
 * without its data (the parts waiting in it are gone: they are queued again), or the worker that
 * saw a part fail for the last time died before it recorded the failure (the batch is failed
 * with the part's reason). Without this such a batch stayed queued or running for ever. Run by
 * every process that takes parts, at start and every minute; two doing it at once is harmless
 * (a part queued again under its own id is one job, and failing a batch is done once).
 */
@Injectable()
export class BatchRecovery {
  private readonly logger = new Logger('Batches');
  private readonly periodic = new PeriodicSweep(() => this.sweep(), SWEEP_EVERY_MS, this.logger, 'checking unfinished batches');

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: JobQueue,
    private readonly processor: BatchPartProcessor,
  ) {}

  /** Looks at every unfinished batch once; returns how many parts were queued again. */
  async sweep(): Promise<number> {
    let requeued = 0;
    const batches = await this.prisma.batch.findMany({ where: { state: { in: UNFINISHED } }, select: { id: true, params: true, priority: true } });
    for (const batch of batches) {
      const params = JSON.parse(batch.params) as BatchParams;
      const markers = await this.prisma.batchFile.findMany({ where: { batchId: batch.id, name: { startsWith: MARKER_PREFIX } }, select: { name: true } });
      const done = new Set(markers.map((m) => m.name));
      const pending = [...Array(partCount(params)).keys()].filter((part) => !done.has(partMarkerName(part)));
      if (pending.length === 0) continue;
      const found = await this.queue.recover(batch.id, pending, batch.priority);
      if (found.failed) {
        await this.processor.fail({ batchId: batch.id, part: found.failed.part }, found.failed.attempts, found.failed.reason);
        continue;
      }
      if (found.requeued.length) this.logger.warn(`batch ${batch.id}: parts ${found.requeued.join(', ')} were no longer queued (Redis restarted?): queued again`);
      requeued += found.requeued.length;
    }
    return requeued;
  }

  /** Sweeps now and every minute, without keeping the process alive. */
  start(): void {
    this.periodic.start();
  }

  stop(): void {
    this.periodic.stop();
  }
}

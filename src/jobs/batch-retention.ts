import { Injectable, Logger } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { PrismaService } from '../prisma/prisma.service';
import { PeriodicSweep } from './periodic-sweep';

const DAY_MS = 24 * 3600 * 1000;
const SWEEP_EVERY_MS = 6 * 3600 * 1000;
const FINISHED = ['completed', 'failed', 'cancelled'];

/**
 * Deletes finished batches, with their files, once they are older than BATCH_KEEP_DAYS: the PDFs
 * live in the database (about 65 KB a scorecard), and a year printed every deadline day would
 * otherwise pile up there. The issued files stay in the register (IssuedDocument), so a scorecard
 * downloaded from a deleted batch still verifies. Run by every process that takes parts (a worker,
 * or the one process of the default role): deleting the same rows twice is harmless.
 */
@Injectable()
export class BatchRetention {
  private readonly logger = new Logger('Batches');
  private readonly periodic = new PeriodicSweep(() => this.sweep(), SWEEP_EVERY_MS, this.logger, 'deleting old batches');

  constructor(private readonly prisma: PrismaService) {}

  /** Deletes what is past keeping at `now`; returns how many batches went. */
  async sweep(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - loadConfig().queue.keepDays * DAY_MS);
    const old = { state: { in: FINISHED }, finishedAt: { lt: before } };
    const deleted = await this.prisma.write(async (tx) => {
      // Files first, in the same transaction: no foreign-key cascade is relied on.
      await tx.batchFile.deleteMany({ where: { batch: old } });
      return (await tx.batch.deleteMany({ where: old })).count;
    });
    if (deleted > 0) this.logger.log(`deleted ${deleted} finished batches older than ${loadConfig().queue.keepDays} days`);
    return deleted;
  }

  /** Sweeps now and every six hours, without keeping the process alive. */
  start(): void {
    this.periodic.start();
  }

  stop(): void {
    this.periodic.stop();
  }
}

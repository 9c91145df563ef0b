import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { BatchRecovery } from './batch-recovery';
import { BatchRetention } from './batch-retention';
import { JobQueue } from './batch.types';
import { PrintConsumer } from './bullmq-print-service';
import { ReportsService } from '../reports/reports.service';

/**
 * Starts taking parts where this process should run them: a worker, or the one process of
 * either mode's default role `all`. Called by the entry points (main.ts, worker.ts), not on
 * module start, so the CLI and the tests' apps do not take up other processes' batches.
 */
@Injectable()
export class JobQueueLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly queue: JobQueue,
    private readonly retention: BatchRetention,
    private readonly recovery: BatchRecovery,
    private readonly reports: ReportsService,
  ) {}

  /** With REDIS_URL, the single reports API processes send (src/jobs/bullmq-print-service.ts). */
  private pages: PrintConsumer | null = null;

  async startIfThisRoleRuns(): Promise<boolean> {
    const config = loadConfig().queue;
    if (config.role === 'api') return false;
    await this.queue.startConsuming();
    if (config.redisUrl) {
      this.pages = new PrintConsumer(config, this.reports.printer, (r) => this.reports.batchZip(r.year, r.region, r.stage, r.ruleSet));
      await this.pages.start();
    }
    this.retention.start();
    this.recovery.start();
    return true;
  }

  /**
   * Stops taking parts and waits for the ones in hand. Call it before closing the application:
   * Nest disconnects the database (onModuleDestroy) before any shutdown hook, and a part must
   * still be able to commit.
   */
  stop(): Promise<void> {
    this.retention.stop();
    this.recovery.stop();
    this.stopped ??= Promise.all([this.queue.close(), this.pages?.close()]).then(() => undefined);
    return this.stopped;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  private stopped: Promise<void> | null = null;
}

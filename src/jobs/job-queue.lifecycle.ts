import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { BatchRetention } from './batch-retention';
import { JobQueue } from './batch.types';

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
  ) {}

  async startIfThisRoleRuns(): Promise<boolean> {
    if (loadConfig().queue.role === 'api') return false;
    await this.queue.startConsuming();
    this.retention.start();
    return true;
  }

  /**
   * Stops taking parts and waits for the ones in hand. Call it before closing the application:
   * Nest disconnects the database (onModuleDestroy) before any shutdown hook, and a part must
   * still be able to commit.
   */
  stop(): Promise<void> {
    this.retention.stop();
    this.stopped ??= this.queue.close();
    return this.stopped;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  private stopped: Promise<void> | null = null;
}

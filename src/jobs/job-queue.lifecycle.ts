import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { JobQueue } from './batch.types';

/**
 * Starts taking parts where this process should run them: a worker, or the one process of
 * either mode's default role `all`. Called by the entry points (main.ts, worker.ts), not on
 * module start, so the CLI and the tests' apps do not take up other processes' batches.
 */
@Injectable()
export class JobQueueLifecycle implements OnApplicationShutdown {
  constructor(private readonly queue: JobQueue) {}

  async startIfThisRoleRuns(): Promise<boolean> {
    if (loadConfig().queue.role === 'api') return false;
    await this.queue.startConsuming();
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}

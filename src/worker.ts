import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from './config/app-config';
import { JobQueueLifecycle } from './jobs/job-queue.lifecycle';
import { ReportsService } from './reports/reports.service';
import { HealthService } from './health/health.service';
import { serveWorkerHealth } from './worker-health';
import { WorkerModule } from './worker.module';

/**
 * A worker process (ROLE=worker, with REDIS_URL): takes parts of batches from the queue and runs
 * them with its own Chromium. No HTTP but GET /health on WORKER_HEALTH_PORT, when set. SIGTERM
 * lets the part in hand finish (its lock is released, nothing is lost), then stops Chromium and
 * the database.
 */
export async function startWorker(): Promise<void> {
  const config = loadConfig();
  if (!config.queue.redisUrl) throw new Error('a worker process needs REDIS_URL: without it batches run inside the API process');
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['log', 'warn', 'error'] });
  const logger = new Logger('Worker');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing the part in hand, then stopping`);
    void app.get(JobQueueLifecycle).stop().then(() => app.close()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await app.get(ReportsService).printer.warmUp();
  await app.get(JobQueueLifecycle).startIfThisRoleRuns();
  const health = config.queue.workerHealthPort === null ? null : await serveWorkerHealth(app.get(HealthService), config.queue.workerHealthPort, config.host);
  // Closed with the process: nothing else keeps it from exiting once the queue has stopped.
  health?.server.unref();
  logger.log(`worker ${process.pid} ready (queue prefix ${config.queue.prefix}${health ? `, health at ${health.url}` : ''})`);
}

if (require.main === module) {
  startWorker().catch((err: unknown) => {
    process.stderr.write(`worker failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  });
}

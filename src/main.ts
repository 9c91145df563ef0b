import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { GracefulShutdown } from './common/graceful-shutdown';
import { loadConfig } from './config/app-config';
import { JobQueueLifecycle } from './jobs/job-queue.lifecycle';
import { startWorker } from './worker';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // One build, two roles: ROLE=worker runs batches with no HTTP (src/worker.ts).
  if (config.queue.role === 'worker') return startWorker();
  const shutdown = new GracefulShutdown();
  const app = await createApp({ shutdown });
  shutdown.listen(app);
  await app.listen(config.port, config.host);
  // With PORT=0 the system picks the port: print the real one (the SIGTERM tests read it).
  const port = (app.getHttpServer().address() as { port: number }).port;
  // ROLE=all (the default) also runs batches here; ROLE=api only enqueues them.
  const jobs = app.get(JobQueueLifecycle);
  await jobs.startIfThisRoleRuns();
  // On SIGTERM the part in hand commits while the database is still open.
  shutdown.beforeClose(() => jobs.stop());
  new Logger('Bootstrap').log(`serving on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port} (API docs at /docs)`);
  if (!config.publicBaseUrlSet) {
    new Logger('Bootstrap').warn(`PUBLIC_BASE_URL is not set: the QR codes on printed scorecards point to ${config.publicBaseUrl}/verify/…, which people elsewhere cannot reach. Set it to the address the public uses.`);
  }
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});

import { Server } from 'node:http';
import { INestApplication, Logger } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';

/**
 * SIGTERM/SIGINT handling. Nest's own shutdown hooks disconnect the database before the HTTP
 * server stops, which would fail requests still running. So, in order:
 *   1. stop accepting connections, and answer new requests on open keep-alive connections with 503;
 *   2. wait for the requests in flight (an evaluation, an import, a PDF) to finish, up to a limit;
 *   3. app.close(): module hooks close Chromium and the database;
 *   4. exit.
 */
export class GracefulShutdown {
  private inFlight = 0;
  private draining = false;
  private idle: (() => void) | null = null;
  private readonly logger = new Logger('Shutdown');
  private readonly beforeClosing: (() => Promise<unknown>)[] = [];

  constructor(private readonly graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 25_000)) {}

  /** Counts requests; refuses new ones while draining. Register before everything else. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (this.draining) {
      res.setHeader('Connection', 'close');
      res.setHeader('Retry-After', '5');
      res.status(503).json({ statusCode: 503, error: 'Service Unavailable', message: '服务正在停止，请稍后重试' });
      return;
    }
    this.inFlight++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.inFlight--;
      if (this.inFlight === 0) this.idle?.();
    };
    res.on('finish', finish);
    res.on('close', finish);
    next();
  };

  /**
   * Work to finish after the requests and before the application closes (the database goes with
   * it): the batch part in hand. Given what is left of the grace period.
   */
  beforeClose(finish: () => Promise<unknown>): void {
    this.beforeClosing.push(finish);
  }

  listen(app: INestApplication, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
    for (const signal of signals) process.once(signal, () => void this.shutdown(app, signal));
  }

  async shutdown(app: INestApplication, signal: string): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const started = Date.now();
    this.logger.log(`${signal}: finishing ${this.inFlight} request(s) in flight, refusing new ones`);
    const server = app.getHttpServer() as Server;
    server.close();
    server.closeIdleConnections?.();
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        setTimeout(() => {
          this.logger.warn(`grace period over with ${this.inFlight} request(s) unfinished`);
          resolve();
        }, this.graceMs).unref();
      });
    }
    server.closeAllConnections?.();
    if (this.beforeClosing.length > 0) {
      const left = Math.max(0, started + this.graceMs - Date.now());
      const finished = await Promise.race([
        Promise.all(this.beforeClosing.map((finish) => finish().catch((err: Error) => this.logger.error(`while finishing work: ${err.message}`)))).then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), left).unref()),
      ]);
      if (!finished) this.logger.warn('grace period over with work unfinished (a batch part is redone at the next start)');
    }
    try {
      await app.close();
    } catch (err) {
      this.logger.error(`error while closing: ${(err as Error).message}`);
      process.exitCode = 1;
    }
    this.logger.log('stopped');
    process.exit();
  }
}

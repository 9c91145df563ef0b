import { Logger } from '@nestjs/common';

/**
 * A sweep run now and then every `everyMs`, without keeping the process alive; a failed run is
 * logged and the next one tries again. For the processes that take parts (BatchRetention,
 * BatchRecovery).
 */
export class PeriodicSweep {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sweep: () => Promise<unknown>,
    private readonly everyMs: number,
    private readonly logger: Logger,
    /** What failed, in the log: “deleting old batches”. */
    private readonly what: string,
  ) {}

  start(): void {
    if (this.timer) return;
    const run = () => void this.sweep().catch((err: Error) => this.logger.warn(`${this.what} failed: ${err.message}`));
    run();
    this.timer = setInterval(run, this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

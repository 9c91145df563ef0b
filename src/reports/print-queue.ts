import { BusyError } from '../common/errors';

/**
 * A bounded queue with a fixed number of jobs running at once, first come first served within a
 * priority (lower first, as BullMQ's: a region's batch parts, 1, before the province's, 2; no
 * priority, 0, before both). When the waiting line is full a new job is refused at once with
 * BusyError (HTTP 503 + Retry-After) instead of piling up HTML and PDFs in memory. Jobs that
 * belong to work already admitted (the prints of a running batch) pass `admitted` and are queued
 * regardless, so an admitted batch never fails half-way for load.
 */
export class PrintQueue {
  private running = 0;
  private readonly waiting: { priority: number; start: () => void }[] = [];
  private avgMs = 300;

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
    private readonly busyMessage = '报告生成繁忙，请稍后重试',
  ) {}

  get size(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Throws BusyError (with `message`, by default this queue's) if a new job would be refused now. */
  assertCapacity(message = this.busyMessage): void {
    if (this.running >= this.concurrency && this.waiting.length >= this.maxWaiting) {
      throw new BusyError(message, this.retryAfterSeconds());
    }
  }

  async run<T>(job: () => Promise<T>, opts: { admitted?: boolean; priority?: number } = {}): Promise<T> {
    if (!opts.admitted) this.assertCapacity();
    // A finishing job hands its slot straight to the next in line, so `running` never overshoots.
    if (this.running >= this.concurrency) await new Promise<void>((start) => this.wait(opts.priority ?? 0, start));
    else this.running++;
    const started = Date.now();
    try {
      return await job();
    } finally {
      // Moving average of job time, for an honest Retry-After.
      this.avgMs = this.avgMs * 0.8 + (Date.now() - started) * 0.2;
      const next = this.waiting.shift();
      if (next) next.start();
      else this.running--;
    }
  }

  /** In line behind every job of the same or a lower priority (number). */
  private wait(priority: number, start: () => void): void {
    const behind = this.waiting.findIndex((w) => w.priority > priority);
    this.waiting.splice(behind === -1 ? this.waiting.length : behind, 0, { priority, start });
  }

  /** Seconds until the line ahead of a new job has likely drained (1–60). */
  retryAfterSeconds(): number {
    const ahead = this.running + this.waiting.length;
    return Math.min(60, Math.max(1, Math.ceil((ahead * this.avgMs) / this.concurrency / 1000)));
  }
}

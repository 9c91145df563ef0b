/**
 * Sign-in rate limit, in memory (one process serves the bureau): after 5 failures for one name
 * from one address, or 20 from one address, further attempts are refused for 15 minutes without
 * even checking the password. A success clears the name's counter.
 */
const WINDOW_MS = 15 * 60_000;
const PER_NAME = 5;
const PER_ADDRESS = 20;

export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly perName = PER_NAME,
    private readonly perAddress = PER_ADDRESS,
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Seconds to wait before trying again, or 0 when an attempt is allowed now. */
  retryAfter(address: string, name: string, now = Date.now()): number {
    const waits = [this.wait(`n:${address}:${name}`, this.perName, now), this.wait(`a:${address}`, this.perAddress, now)];
    return Math.max(...waits);
  }

  fail(address: string, name: string, now = Date.now()): void {
    for (const key of [`n:${address}:${name}`, `a:${address}`]) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
    if (this.failures.size > 10_000) this.sweep(now);
  }

  succeed(address: string, name: string): void {
    this.failures.delete(`n:${address}:${name}`);
  }

  private wait(key: string, limit: number, now: number): number {
    const list = this.recent(key, now);
    if (list.length < limit) return 0;
    return Math.ceil((list[list.length - limit] + this.windowMs - now) / 1000);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }

  /** Bounded memory under a spray of made-up names. */
  private sweep(now: number): void {
    for (const [key, list] of this.failures) {
      if (list.every((t) => now - t >= this.windowMs)) this.failures.delete(key);
    }
  }
}

/**
 * Requests to the public verifier, per client address, in memory (one process serves the bureau),
 * in the sign-in limiter's style: a sliding window of timestamps. 30 a minute is far more than a
 * person checking reports needs and far too few to try codes or evaluation ids (a code is 64
 * bits, an id a random UUID). The address is req.ip: the client's own behind a proxy only when
 * TRUST_PROXY names that proxy (src/config/app-config.ts), as for sign-in.
 */
export interface VerificationLimits {
  perAddress: number;
  windowMs: number;
}

export const VERIFICATION_LIMITS: VerificationLimits = { perAddress: 30, windowMs: 60_000 };

export class VerificationLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly limits: VerificationLimits = VERIFICATION_LIMITS) {}

  /** Counts a request from `address`: 0 when it may go on, else the seconds until one may. */
  take(address: string, now = Date.now()): number {
    const list = this.recent(address, now);
    if (list.length >= this.limits.perAddress) {
      this.hits.set(address, list);
      return Math.max(1, Math.ceil((list[list.length - this.limits.perAddress] + this.limits.windowMs - now) / 1000));
    }
    list.push(now);
    this.hits.set(address, list);
    if (this.hits.size > 10_000) this.sweep(now);
    return 0;
  }

  private recent(address: string, now: number): number[] {
    return (this.hits.get(address) ?? []).filter((t) => now - t < this.limits.windowMs);
  }

  /** Bounded memory under requests from many addresses. */
  private sweep(now: number): void {
    for (const [address, list] of this.hits) {
      if (list.every((t) => now - t >= this.limits.windowMs)) this.hits.delete(address);
    }
  }
}

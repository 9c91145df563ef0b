/**
 * Sign-in rate limits, in memory (one process serves the bureau). Failures count for 15 minutes:
 * - 5 for one name from one address lock that name for that address only, so whoever guesses at
 *   a name cannot lock its owner out from another address;
 * - 20 from one address, whatever the names, lock that address (a spray of names);
 * - 50 for one name from all addresses together lock the name for every address it has not
 *   signed in from successfully in the last 30 days (slow guessing from many addresses), while
 *   its owner's usual addresses still get in.
 * A locked attempt is refused without checking the password. A success clears the name's counter
 * for that address and remembers the address as one of the name's own.
 */
const WINDOW_MS = 15 * 60_000;
const KNOWN_MS = 30 * 24 * 60 * 60_000;
/** Addresses remembered per name: a user on the move has a few, not hundreds. */
const KNOWN_PER_NAME = 20;

export interface SignInLimits {
  perNameAndAddress: number;
  perAddress: number;
  perName: number;
  windowMs: number;
}

export const SIGN_IN_LIMITS: SignInLimits = { perNameAndAddress: 5, perAddress: 20, perName: 50, windowMs: WINDOW_MS };

export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();
  /** name → address → time of the last successful sign-in from there. */
  private readonly known = new Map<string, Map<string, number>>();

  constructor(private readonly limits: SignInLimits = SIGN_IN_LIMITS) {}

  /** Seconds to wait before trying again, or 0 when an attempt is allowed now. */
  retryAfter(address: string, name: string, now = Date.now()): number {
    const waits = [
      this.wait(pairKey(address, name), this.limits.perNameAndAddress, now),
      this.wait(addressKey(address), this.limits.perAddress, now),
    ];
    if (!this.isKnown(name, address, now)) waits.push(this.wait(nameKey(name), this.limits.perName, now));
    return Math.max(...waits);
  }

  fail(address: string, name: string, now = Date.now()): void {
    for (const key of [pairKey(address, name), addressKey(address), nameKey(name)]) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
    if (this.failures.size > 10_000) this.sweep(now);
  }

  succeed(address: string, name: string, now = Date.now()): void {
    this.failures.delete(pairKey(address, name));
    const addresses = this.known.get(name) ?? new Map<string, number>();
    addresses.delete(address);
    addresses.set(address, now);
    // Map order is insertion order: the first entry is the longest unused.
    if (addresses.size > KNOWN_PER_NAME) addresses.delete(addresses.keys().next().value!);
    this.known.set(name, addresses);
  }

  private isKnown(name: string, address: string, now: number): boolean {
    const at = this.known.get(name)?.get(address);
    return at !== undefined && now - at < KNOWN_MS;
  }

  private wait(key: string, limit: number, now: number): number {
    const list = this.recent(key, now);
    if (list.length < limit) return 0;
    return Math.ceil((list[list.length - limit] + this.limits.windowMs - now) / 1000);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.limits.windowMs);
  }

  /** Bounded memory under a spray of made-up names. */
  private sweep(now: number): void {
    for (const [key, list] of this.failures) {
      if (list.every((t) => now - t >= this.limits.windowMs)) this.failures.delete(key);
    }
  }
}

// No address holds NUL, so address-first keys cannot collide whatever the name holds.
const pairKey = (address: string, name: string) => `n\u0000${address}\u0000${name}`;
const addressKey = (address: string) => `a\u0000${address}`;
const nameKey = (name: string) => `g\u0000${name}`;

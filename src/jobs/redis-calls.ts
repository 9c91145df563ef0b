import { Logger } from '@nestjs/common';
import { BusyError } from '../common/errors';

/** An API request waits this long for Redis, then answers 503 rather than hang. */
export const REDIS_TIMEOUT_MS = 3_000;

/** `work`, or an error once `ms` have passed (the timer never keeps a stopping process alive). */
export function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms).unref()));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A call to Redis made for a request: a Redis that is away or slow becomes 503 with Retry-After
 * and `unavailable` (the user's words), logged once here; a BusyError passes as it is.
 */
export async function redisCall<T>(logger: Logger, unavailable: string, work: () => Promise<T>): Promise<T> {
  try {
    return await within(REDIS_TIMEOUT_MS, work());
  } catch (err) {
    if (err instanceof BusyError) throw err;
    logger.warn(`Redis: ${(err as Error).message}`);
    throw new BusyError(unavailable, 5);
  }
}

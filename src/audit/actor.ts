import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is acting in the current request or command, for the audit log. The HTTP layer runs each
 * request inside `actorStorage.run(name, …)`; commands and the seed act as "system".
 */
export const actorStorage = new AsyncLocalStorage<string>();

export function currentActor(): string {
  return actorStorage.getStore() ?? 'system';
}

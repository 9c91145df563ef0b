import { actorStorage } from '../audit/actor';
import { AuthUser, runWithUser } from '../auth/current-user';
import { BatchRequester } from './batch.types';

/**
 * Runs a part as the user who submitted its batch: the same region scope and rule-set rights as
 * their request had, and their name on what it writes (issued files, evaluations).
 */
export function runAsRequester<T>(requester: BatchRequester, fn: () => Promise<T>): Promise<T> {
  const user = { id: requester.id, name: requester.name, role: requester.role, region: requester.region, via: 'cli' as const };
  return runWithUser(user, () => actorStorage.run(requester.name, fn));
}

/** Who a queued piece of work runs as: the user of the request that queued it (none outside one). */
export function requesterOf(user: AuthUser): BatchRequester;
export function requesterOf(user: AuthUser | undefined): BatchRequester | null;
export function requesterOf(user: AuthUser | undefined): BatchRequester | null {
  return user ? { id: user.id, name: user.name, role: user.role, region: user.region } : null;
}

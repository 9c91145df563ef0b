import { AsyncLocalStorage } from 'node:async_hooks';
import { ForbiddenException } from '@nestjs/common';
import { Role } from './roles.decorator';

/** The signed-in user of the current request (or the user a CLI command acts as). */
export interface AuthUser {
  id: number;
  name: string;
  role: Role;
  /** Short 市州 name for role `region`; null otherwise. */
  region: string | null;
  /** How the request proved who it is; cookie sessions need a CSRF token on unsafe methods. */
  via: 'token' | 'session' | 'cli';
  /** Session id hash (cookie sessions only), for sign-out and the CSRF check. */
  sessionId?: string;
  csrfToken?: string;
}

interface RequestContext {
  user: AuthUser | null;
}

/**
 * One context per HTTP request, opened by the authentication middleware before any controller
 * runs. Services read the user from here instead of taking it as a parameter, so region scoping
 * and audit rows need no change to every signature between the controller and the database.
 */
const storage = new AsyncLocalStorage<RequestContext>();

export function runWithUser<T>(user: AuthUser | null, fn: () => T): T {
  return storage.run({ user }, fn);
}

/** The current user; undefined outside a request (CLI, seed, set-up), which act unrestricted. */
export function currentUser(): AuthUser | undefined {
  return storage.getStore()?.user ?? undefined;
}

/**
 * The region the current user is confined to, or null when they may see every region.
 * A region user without a region sees nothing rather than everything (fail closed).
 */
export function regionScope(): string | null {
  const user = currentUser();
  if (user?.role !== 'region') return null;
  return user.region ?? '\u0000no-region';
}

/** Whether data of `region` may be shown to the current user (else answer 404, never the data). */
export function canSeeRegion(region: string | null | undefined): boolean {
  const scope = regionScope();
  return scope === null || scope === region;
}

/** Refuses (403) a write of another region's data by a region user. */
export function assertCanWriteRegion(region: string | null | undefined): void {
  const scope = regionScope();
  if (scope !== null && scope !== region) {
    throw new ForbiddenException(`只能新建或修改本市州（${currentUser()?.region ?? '未绑定'}）的数据`);
  }
}

/** The name recorded in updatedBy/createdBy columns and audit rows. */
export function currentUserName(): string | null {
  return currentUser()?.name ?? null;
}

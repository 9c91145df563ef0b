import { currentUser } from '../auth/current-user';
import { ForbiddenError } from '../common/errors';

/**
 * Drafts are the policy office's work in progress: until published they are nobody else's to
 * read, by any route (a version number, an export, a schema, a diff, a summary). Outside a
 * request (CLI, seed, set-up) there is no user and nothing to hide.
 */
export function canReadDrafts(): boolean {
  const user = currentUser();
  return !user || user.role === 'policy' || user.role === 'admin';
}

/** Refuses (403) a draft to a role that may not read drafts; `pointer` names what asked for it. */
export function assertCanReadDraft(id: string, version: number, pointer: string): void {
  if (!canReadDrafts()) throw draftRefusal(id, version, pointer);
}

export function draftRefusal(id: string, version: number, pointer: string): ForbiddenError {
  const message = `规则集“${id}”第 ${version} 版是未发布的草稿，仅政策处和管理员可查看`;
  return new ForbiddenError(message, [{ pointer, message: '请选择已发布的版本' }]);
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API tokens and session ids: 32 random bytes, shown once; only their sha256 is stored, so a copy
 * of the database (a backup, say) does not let anyone act as a user. sha256 suffices here because
 * the secret is random, not a password someone chose.
 */
export const TOKEN_PREFIX = 'nct_';

export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

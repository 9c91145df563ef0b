import { Request, Response } from 'express';

export const SESSION_COOKIE = 'nc_session';
/** Readable by page scripts, which echo it in X-CSRF-Token (the server checks it against the session). */
export const CSRF_COOKIE = 'nc_csrf';
/** Login-form CSRF (double submit): set with the form, compared with its hidden field. */
export const LOGIN_CSRF_COOKIE = 'nc_login_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Cookie header parsing (no cookie-parser dependency for three cookies). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Secure when the request came over https (directly or via a proxy that says so), or when forced. */
function secure(req: Request): boolean {
  return process.env.COOKIE_SECURE === 'true' || req.secure;
}

export function setCookie(req: Request, res: Response, name: string, value: string, options: { httpOnly: boolean; maxAgeMs?: number }): void {
  res.cookie(name, value, { httpOnly: options.httpOnly, sameSite: 'strict', secure: secure(req), path: '/', maxAge: options.maxAgeMs });
}

export function clearCookie(req: Request, res: Response, name: string, httpOnly: boolean): void {
  res.clearCookie(name, { httpOnly, sameSite: 'strict', secure: secure(req), path: '/' });
}

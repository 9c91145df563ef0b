import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../config/app-config';

/**
 * The sign-in page: plain HTML, no script, no CDN. The inline style is allowed by its sha256 in
 * the page's CSP rather than by 'unsafe-inline'. Everything substituted is escaped.
 */
const STYLE = [
  'body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;background:#f4f6f8;margin:0}',
  'main{max-width:22rem;margin:8vh auto;padding:0 1rem}',
  'h1{font-size:1.1rem;color:#1f3b57;text-align:center}',
  'form{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:1.5rem}',
  'h2{margin-top:0;font-size:1.2rem}',
  'label{display:block;margin:.8rem 0 .3rem}',
  'input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}',
  'button{margin-top:1.2rem;width:100%;padding:.6rem;font-size:1rem;background:#1f5fa0;color:#fff;border:0;border-radius:4px}',
  '.error{color:#b00020;background:#fdecea;padding:.5rem;border-radius:4px}',
  '.hint{color:#667;font-size:.85rem}',
].join('');

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

export const LOGIN_PAGE_CSP = [
  "default-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  // The site icon (/assets/favicon.svg), like every page's.
  "img-src 'self'",
  `style-src 'sha256-${STYLE_HASH}'`,
].join(';');

const TEMPLATE = fs.readFileSync(path.join(ROOT_DIR, 'src', 'auth', 'login.html'), 'utf8');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only same-site paths: a crafted link must not send a user elsewhere after signing in. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && next.length <= 500 ? next : '/';
}

export function loginPage(options: { csrf: string; next?: string; error?: string }): string {
  const values: Record<string, string> = {
    style: STYLE,
    csrf: escapeHtml(options.csrf),
    next: escapeHtml(safeNext(options.next)),
    error: options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : '',
  };
  return TEMPLATE.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}

/** Why a browser sign-in failed, as a code in the /login URL: the page never echoes text from the URL. */
export type LoginErrorCode = 'failed' | 'locked';

/** Where a failed form sign-in is sent: /login with the reason, the wait (seconds) and where to go afterwards. */
export function loginErrorUrl(code: LoginErrorCode, next: unknown, waitSeconds?: number): string {
  const query = new URLSearchParams({ error: code });
  if (waitSeconds !== undefined) query.set('wait', String(Math.ceil(waitSeconds)));
  const target = safeNext(next);
  if (target !== '/') query.set('next', target);
  return `/login?${query.toString()}`;
}

/** The message of an error code from the URL; undefined for anything else. */
export function loginErrorMessage(code: unknown, wait: unknown): string | undefined {
  if (code === 'failed') return '用户名或密码错误';
  if (code === 'locked') {
    const seconds = Math.min(Math.max(Number.parseInt(String(wait), 10) || 60, 1), 24 * 3600);
    return `登录失败次数过多，请 ${Math.ceil(seconds / 60)} 分钟后再试`;
  }
  return undefined;
}

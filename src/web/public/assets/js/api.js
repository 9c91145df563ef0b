// The one place pages talk to the API: JSON in and out, the CSRF header on unsafe methods, the
// revision (If-Match) on guarded writes, and every failure turned into an ApiError carrying the
// server's Chinese message and its per-field details — never a stack trace or raw response text.

/** A refused or failed request: status, the server's message, and [{ pointer, message }]. */
export class ApiError extends Error {
  constructor(status, message, details = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.details = Array.isArray(details) ? details : [];
  }

  get conflict() {
    return this.status === 409;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Names set by src/auth/cookies.ts: the session's CSRF token in a readable cookie, echoed back in
// a header on every unsafe request (the session cookie itself is HttpOnly).
const CSRF_COOKIE = 'nc_csrf';
const CSRF_HEADER = 'X-CSRF-Token';

let knownToken = null;

/** Remembers the token /api/auth/me reported, for when the cookie cannot be read. */
export function rememberCsrf(token) {
  knownToken = token ?? null;
}

/** The CSRF token the server set in a readable cookie at sign-in. */
export function csrfToken() {
  const hit = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(CSRF_COOKIE + '='));
  return hit ? decodeURIComponent(hit.slice(CSRF_COOKIE.length + 1)) : knownToken;
}

const FALLBACK = {
  400: '提交的数据有错误', 401: '请先登录', 403: '没有权限执行此操作', 404: '请求的内容不存在',
  409: '数据已被他人修改', 413: '提交的内容过大', 429: '操作过于频繁，请稍后再试', 503: '服务繁忙，请稍后再试',
};

/** Sends the visitor to the sign-in page, coming back here afterwards. */
export function toLogin() {
  const next = location.pathname + location.search;
  location.assign(`/login?next=${encodeURIComponent(next)}`);
}

/** Builds headers for a request; exported for downloads that use fetch directly. */
export function requestHeaders(method, extra = {}) {
  const headers = { Accept: 'application/json', ...extra };
  if (UNSAFE.has(method)) {
    const token = csrfToken();
    if (token) headers[CSRF_HEADER] = token;
  }
  return headers;
}

/** Turns a non-2xx response into an ApiError (reads the JSON error body when there is one). */
export async function errorFrom(res) {
  let body = null;
  try {
    if ((res.headers.get('content-type') ?? '').includes('json')) body = await res.json();
  } catch {
    body = null;
  }
  const message = typeof body?.message === 'string' && body.message ? body.message : FALLBACK[res.status] ?? `服务器出错（${res.status}），请稍后重试或联系管理员`;
  return new ApiError(res.status, message, body?.details);
}

/**
 * fetch with the service's conventions: a network failure, a 401 (sent on to the sign-in page
 * unless allowAnonymous) and any error status become an ApiError. Returns the Response.
 * Exported for uploads and downloads that build their own request bodies.
 */
export async function send(url, init, { allowAnonymous = false } = {}) {
  let res;
  try {
    res = await fetch(url, { ...init, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, '无法连接服务器，请检查网络后重试');
  }
  if (res.status === 401 && !allowAnonymous) {
    toLogin();
    throw new ApiError(401, FALLBACK[401]);
  }
  if (!res.ok) throw await errorFrom(res);
  return res;
}

/**
 * api('GET', '/api/projects?year=2022') → parsed JSON (null for 204).
 * options: { body, ifMatch, headers, raw } — raw returns the Response (for ETag or files).
 */
export async function api(method, url, options = {}) {
  const headers = requestHeaders(method, options.headers);
  let body;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (options.ifMatch !== undefined && options.ifMatch !== null) headers['If-Match'] = `"${options.ifMatch}"`;
  const res = await send(url, { method, headers, body }, options);
  if (options.raw) return res;
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') ?? '';
  return type.includes('json') ? res.json() : res.text();
}

/** The revision a guarded resource was read at: the ETag header, else the body's revision field. */
export function revisionOf(res, body) {
  const etag = res.headers.get('etag');
  if (etag) return etag.replace(/^W\//, '').replace(/"/g, '');
  return body?.revision ?? null;
}

export const get = (url, options) => api('GET', url, options);
export const post = (url, body, options = {}) => api('POST', url, { ...options, body });
export const put = (url, body, options = {}) => api('PUT', url, { ...options, body });
export const patch = (url, body, options = {}) => api('PATCH', url, { ...options, body });
export const del = (url, options) => api('DELETE', url, options);

/** Encodes one path segment (region names are Chinese; rule ids contain dots). */
export const seg = (value) => encodeURIComponent(String(value));

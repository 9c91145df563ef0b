import { InputError } from './errors';

/**
 * Refuses fields a small hand-checked body does not know (the AJV-checked bodies do this with
 * additionalProperties: false). A typo such as "activte" must not be silently ignored.
 */
export function assertKnownFields(body: unknown, known: string[]): void {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const unknown = Object.keys(body).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new InputError('请求数据有错误', unknown.map((k) => ({ pointer: '/' + k.replace(/~/g, '~0').replace(/\//g, '~1'), message: '不允许的字段（未知字段）' })));
  }
}

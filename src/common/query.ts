import { InputError } from './errors';

/** An optional integer query parameter (?year=2022); a non-integer is refused, not ignored. */
export function optionalInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw new InputError(`查询参数 ${name} 应为整数`, [{ pointer: `?${name}`, message: `“${value}”不是整数` }]);
  return Number(value);
}

export function requiredInt(value: string | undefined, name: string): number {
  const n = optionalInt(value, name);
  if (n === undefined) throw new InputError(`缺少查询参数 ${name}`, [{ pointer: `?${name}`, message: '缺少必填项' }]);
  return n;
}

/** If-Match: "3" or 3 → 3; absent → undefined. */
export function revisionFrom(ifMatch: string | undefined, body: unknown): number | undefined {
  const fromBody = (body as { revision?: unknown } | null)?.revision;
  const raw = ifMatch?.replace(/^W\//, '').replace(/"/g, '') ?? (fromBody !== undefined ? String(fromBody) : undefined);
  if (raw === undefined || raw === '' || raw === '*') return undefined;
  if (!/^\d+$/.test(raw)) throw new InputError('If-Match 应为版本号', [{ pointer: '/revision', message: `“${raw}”不是版本号` }]);
  return Number(raw);
}

/** Removes the revision field a client echoes back from a GET before the body is validated. */
export function withoutRevision(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const { revision: _r, ...rest } = body as Record<string, unknown>;
  return rest;
}

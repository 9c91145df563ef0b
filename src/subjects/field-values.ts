/** Reading and writing a subject's fields by their dotted keys ("funding.provincial"). */

/** Keys are few and read for every subject of a batch: split each once. */
const PARTS = new Map<string, string[]>();

export function keyParts(key: string): string[] {
  let parts = PARTS.get(key);
  if (!parts) {
    parts = key.split('.');
    if (PARTS.size < 10_000) PARTS.set(key, parts);
  }
  return parts;
}

export function valueAt(obj: unknown, key: string): unknown {
  let node = obj;
  for (const part of keyParts(key)) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export function setValueAt(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null || Array.isArray(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/** Filled in: not null, not blank text, not an empty list. Zero and false are answers. */
export function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

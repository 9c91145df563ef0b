import { TextEncoding } from './text-decoding';
import { SheetProblem } from './sheet-problem';

export type ImportAction = 'create' | 'update' | 'unchanged';

/** What importing one record would do; `before` is the stored body an update replaces. */
export interface PlannedChange<T> {
  action: ImportAction;
  /** Project id, or "<year>/<region>" for a region progress record. */
  key: string;
  sheet: string;
  row: number;
  body: T;
  before?: T;
  /** Top-level fields an update changes. */
  changed?: string[];
}

/**
 * The outcome of reading a file, before anything is written: a dry run returns it as is, a real
 * import writes `changes` only when `problems` is empty (all or nothing).
 */
export interface ImportPlan<T> {
  format: 'xlsx' | 'csv';
  encoding?: TextEncoding;
  changes: PlannedChange<T>[];
  problems: SheetProblem[];
  warnings: SheetProblem[];
  summary: { create: number; update: number; unchanged: number; problems: number };
}

export function summarise<T>(plan: Omit<ImportPlan<T>, 'summary'>): ImportPlan<T> {
  const count = (a: ImportAction) => plan.changes.filter((c) => c.action === a).length;
  return { ...plan, summary: { create: count('create'), update: count('update'), unchanged: count('unchanged'), problems: plan.problems.length } };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The stored body with the uploaded fields laid over it: columns the file does not have keep
 * their stored values (a sheet with only the progress columns does not wipe the form), while an
 * emptied cell clears its field.
 */
export function mergeBody<T>(stored: T, patch: Record<string, unknown>): T {
  const out: Record<string, unknown> = isPlainObject(stored) ? structuredClone(stored) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? mergeBody(out[key], value) : value;
  }
  return out as T;
}

/** JSON with sorted keys and nulls dropped, so that equal bodies compare equal. */
export function canonical(value: unknown): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (isPlainObject(v)) {
      return Object.fromEntries(
        Object.keys(v).sort().filter((k) => v[k] !== null && v[k] !== undefined).map((k) => [k, strip(v[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(strip(value));
}

export function changedFields(before: unknown, after: unknown): string[] {
  const a = isPlainObject(before) ? before : {};
  const b = isPlainObject(after) ? after : {};
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonical(a[k]) !== canonical(b[k])).sort();
}

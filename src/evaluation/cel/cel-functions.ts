import { isCalendarDate, toShanghaiDate } from '../../common/dates';

/**
 * The vetted functions a rule set's expressions may call, besides CEL's own (size, has, map,
 * filter, exists, all, contains, startsWith …). Each is small, pure and total over its declared
 * argument types; a value it cannot work with throws, and the fact that called it is then "not
 * filled in" rather than wrong. Nothing else of JavaScript is reachable from an expression.
 */

/** A failure inside a library function, worded for the policy officer who wrote the expression. */
export class CelFunctionError extends Error {}

function toNumber(value: unknown, fn: string): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  throw new CelFunctionError(`${fn}() 只能用于数字，遇到了“${String(value)}”`);
}

function field(row: unknown, column: string): unknown {
  if (row === null || typeof row !== 'object') return undefined;
  let node: unknown = row;
  for (const part of column.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function same(a: unknown, b: unknown): boolean {
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) return Number(a) === Number(b);
  return a === b;
}

/**
 * Normalises a name for the notice's lookups: people write "十堰房县酿酒…" for "十堰市（房县）酿酒…",
 * or drop the 市/县/区 suffix, so brackets, quotes, spaces and those characters are ignored.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s()（）【】[\]“”"'‘’《》<>「」]/g, '')
    .replace(/[市县区]/g, '')
    .toLowerCase();
}

const DAY_MS = 24 * 60 * 60 * 1000;

function calendarDate(value: unknown, fn: string): string {
  const text = typeof value === 'string' ? toShanghaiDate(value.trim()) : null;
  if (!text || !isCalendarDate(text)) throw new CelFunctionError(`${fn}() 需要 YYYY-MM-DD 格式的日期，遇到了“${String(value)}”`);
  return text;
}

export interface LibraryFunction {
  signature: string;
  handler: (...args: never[]) => unknown;
  /** Shown in the expression editor's function list. */
  description: string;
}

export const CEL_FUNCTIONS: LibraryFunction[] = [
  {
    signature: 'sum(list<dyn>): dyn',
    description: 'sum(列表)：数字之和，如 sum(input.counties.map(c, c.stations))',
    handler: ((list: unknown[]) => list.reduce<number>((total, v) => total + (v === null || v === undefined ? 0 : toNumber(v, 'sum')), 0)) as never,
  },
  {
    signature: 'count(list<dyn>): dyn',
    description: 'count(列表)：项数（与 size 相同，但可直接相除得到比例）',
    handler: ((list: unknown[]) => list.length) as never,
  },
  {
    signature: 'min(list<dyn>): dyn',
    description: 'min(列表)：最小的数字',
    handler: ((list: unknown[]) => {
      if (list.length === 0) throw new CelFunctionError('min() 的列表为空');
      return Math.min(...list.map((v) => toNumber(v, 'min')));
    }) as never,
  },
  {
    signature: 'max(list<dyn>): dyn',
    description: 'max(列表)：最大的数字',
    handler: ((list: unknown[]) => {
      if (list.length === 0) throw new CelFunctionError('max() 的列表为空');
      return Math.max(...list.map((v) => toNumber(v, 'max')));
    }) as never,
  },
  {
    signature: 'round(dyn): dyn',
    description: 'round(数字)：四舍五入到整数',
    handler: ((v: unknown) => roundHalfUp(toNumber(v, 'round'), 0)) as never,
  },
  {
    signature: 'round(dyn, dyn): dyn',
    description: 'round(数字, 位数)：四舍五入到指定小数位，如 round(x, 2)',
    handler: ((v: unknown, digits: unknown) => roundHalfUp(toNumber(v, 'round'), toNumber(digits, 'round'))) as never,
  },
  {
    signature: 'date(string): string',
    description: 'date("2022-03-25")：日期（YYYY-MM-DD），可与其他日期比较先后',
    handler: ((text: string) => calendarDate(text, 'date')) as never,
  },
  {
    signature: 'daysBetween(string, string): dyn',
    description: 'daysBetween(开始日期, 结束日期)：相差的天数（结束晚于开始为正数）',
    handler: ((from: string, to: string) =>
      Math.round((Date.parse(calendarDate(to, 'daysBetween')) - Date.parse(calendarDate(from, 'daysBetween'))) / DAY_MS)) as never,
  },
  {
    signature: 'lookup(list<dyn>, string, dyn): dyn',
    description: 'lookup(表, "列", 值)：表中该列等于该值的一行，如 lookup(tables.regions, "name", input.region).class',
    handler: ((rows: unknown[], column: string, value: unknown) => {
      const row = rows.find((r) => same(field(r, column), value));
      if (row === undefined) throw new CelFunctionError(`表中没有“${column}”为“${String(value)}”的行`);
      return row;
    }) as never,
  },
  {
    signature: 'inTable(list<dyn>, string, dyn): bool',
    description: 'inTable(表, "列", 值)：表中是否有该列等于该值的行',
    handler: ((rows: unknown[], column: string, value: unknown) => rows.some((r) => same(field(r, column), value))) as never,
  },
  {
    signature: 'matchName(list<dyn>, string, string): dyn',
    description: 'matchName(表, "列", 名称)：按名称查找一行，忽略括号、空格和“市、县、区”字样',
    handler: ((rows: unknown[], column: string, name: string) => {
      const wanted = normaliseName(name);
      const row = rows.find((r) => typeof field(r, column) === 'string' && normaliseName(field(r, column) as string) === wanted);
      if (row === undefined) throw new CelFunctionError(`表中找不到名称“${name}”`);
      return row;
    }) as never,
  },
  {
    signature: 'filled(dyn, string): bool',
    description: 'filled(input, "contact.name")：该字段是否已填写（空文字、空列表算未填写）',
    handler: ((record: unknown, key: string) => {
      const value = field(record, key);
      if (value === null || value === undefined) return false;
      if (typeof value === 'string') return value.trim().length > 0;
      if (Array.isArray(value)) return value.length > 0;
      return true;
    }) as never,
  },
  {
    signature: 'sameName(string, string): bool',
    description: 'sameName(名称1, 名称2)：两个名称是否指同一个（忽略括号、空格和“市、县、区”字样）',
    handler: ((a: string, b: string) => normaliseName(a) === normaliseName(b)) as never,
  },
];

/** Half away from zero (四舍五入), at `digits` decimals, without binary-fraction surprises. */
export function roundHalfUp(value: number, digits: number): number {
  const d = Math.max(0, Math.min(10, Math.trunc(digits)));
  const factor = 10 ** d;
  const scaled = Math.abs(value) * factor;
  const rounded = Math.round(Number(scaled.toPrecision(15))) / factor;
  return value < 0 ? -rounded : rounded;
}

import { isCalendarDate } from '../common/dates';
import { parseWan } from '../common/money';

/**
 * Converts one cell as read from .xlsx or .csv into a body value. A cell arrives as a string (CSV,
 * text cells), a number, a boolean or a Date (Excel date cells); empty cells are null. Each parser
 * returns the value or a Chinese message saying what was expected.
 */
export type CellValue = string | number | boolean | Date | null;
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string): Parsed<T> => ({ ok: false, message });

// Narrows out null; blank strings also count as blank but stay typed as strings.
export function isBlank(cell: CellValue): cell is null {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/**
 * Excel stores 25.5 as a binary double and formulas can yield 0.30000000000000004; Excel itself
 * shows 15 significant digits, so that is what the user typed or saw.
 */
function numberText(n: number): string {
  const text = String(Number(n.toPrecision(15)));
  return /e/i.test(text) ? n.toFixed(10).replace(/\.?0+$/, '') : text;
}

/** Full-width digits and punctuation (１２，５) as typed with a Chinese IME. */
function halfWidth(text: string): string {
  return text.normalize('NFKC').trim();
}

export function parseText(cell: CellValue): Parsed<string | null> {
  if (isBlank(cell)) return ok(null);
  if (cell instanceof Date) return ok(formatDate(cell));
  if (typeof cell === 'number') return ok(numberText(cell));
  if (typeof cell === 'boolean') return ok(cell ? '是' : '否');
  return ok(String(cell).trim());
}

/** A whole number; negative ones only when `signed` (a field whose minimum is below zero). */
export function parseInteger(cell: CellValue, signed = false): Parsed<number | null> {
  if (isBlank(cell)) return ok(null);
  const expected = signed ? '应为整数' : '应为不小于0的整数';
  if (typeof cell === 'number') {
    return Number.isInteger(cell) && (signed || cell >= 0) ? ok(cell) : bad(`${expected}，实际为 ${numberText(cell)}`);
  }
  const text = halfWidth(String(cell)).replace(/,/g, '');
  if (!(signed ? /^-?\d+$/ : /^\d+$/).test(text)) return bad(`${expected}，实际为“${String(cell).trim()}”`);
  return ok(Number(text));
}

/** A number with decimals (a rate, an area), as typed or as Excel shows it. */
export function parseNumberCell(cell: CellValue): Parsed<number | null> {
  if (isBlank(cell)) return ok(null);
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(Number(cell.toPrecision(15))) : bad('应为数字');
  if (typeof cell === 'boolean' || cell instanceof Date) return bad('应为数字');
  const text = halfWidth(cell).replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(text)) return bad(`应为数字，实际为“${cell.trim()}”`);
  return ok(Number(text));
}

/**
 * 万元 → integer yuan, exactly: 25 → 250000, 25.5 → 255000, 25.123 → 251230. Four decimals are
 * one yuan; a fifth would be a fraction of a yuan, so 25.12345 is refused rather than rounded (the
 * form is wrong, not the reader).
 */
export function parseWanCell(cell: CellValue): Parsed<number | null> {
  if (isBlank(cell)) return ok(null);
  if (typeof cell === 'boolean' || cell instanceof Date) return bad('应为以万元为单位的金额，如 25 或 25.5');
  const text = typeof cell === 'number' ? numberText(cell) : halfWidth(cell);
  const yuan = parseWan(text);
  if (yuan === null) {
    const shown = typeof cell === 'number' ? text : cell.trim();
    if (/^\d+\.\d{5,}$/.test(text.replace(/,/g, '').replace(/万元?$/, ''))) {
      return bad(`金额“${shown}”万元超出精度：最多保留4位小数（即精确到元），请核对后重填`);
    }
    return bad(`金额“${shown}”无效：应为以万元为单位的非负数，如 25 或 25.5`);
  }
  return ok(yuan);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Excel date cells come back as Date at UTC midnight of the calendar date shown in the cell. */
function formatDate(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Days between Excel's epoch (1899-12-30, after its 1900 leap-year bug) and 1970-01-01. */
const EXCEL_EPOCH_OFFSET = 25569;

/**
 * Accepts what people type or what Excel/WPS write: 2022-03-25, 2022/3/25, 2022.3.25,
 * 2022年3月25日, an Excel date cell, or a bare date serial (a date cell whose format was lost).
 */
export function parseDateCell(cell: CellValue): Parsed<string | null> {
  if (isBlank(cell)) return ok(null);
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return bad('日期无效');
    // A serial computed a hair below midnight (float arithmetic) still means that calendar day.
    return ok(formatDate(new Date(cell.getTime() + 30_000)));
  }
  if (typeof cell === 'number') {
    // Serials 36526–73051 are 2000-01-01 … 2099-12-31; other numbers are not dates.
    if (Number.isInteger(cell) && cell >= 36526 && cell <= 73051) {
      return ok(formatDate(new Date((cell - EXCEL_EPOCH_OFFSET) * 86_400_000)));
    }
    return bad(`“${numberText(cell)}”不是日期，应为 2022-03-25、2022/3/25 或 2022年3月25日`);
  }
  if (typeof cell === 'boolean') return bad('应为日期');
  const text = halfWidth(cell);
  const m =
    /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?$/.exec(text) ??
    /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(text);
  if (!m) return bad(`日期“${cell.trim()}”无法识别，应为 2022-03-25、2022/3/25 或 2022年3月25日`);
  const iso = `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`;
  if (!isCalendarDate(iso)) return bad(`日期“${cell.trim()}”不存在`);
  return ok(iso);
}

const YES = new Set(['是', '有', '已落实', '落实', 'y', 'yes', 'true', '1', '√', '✓', '已完成', '完成']);
const NO = new Set(['否', '无', '未落实', 'n', 'no', 'false', '0', '×', '✗', '未完成']);

export function parseBooleanCell(cell: CellValue): Parsed<boolean | null> {
  if (isBlank(cell)) return ok(null);
  if (typeof cell === 'boolean') return ok(cell);
  const text = halfWidth(String(cell)).toLowerCase();
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return bad(`应填“是”或“否”，实际为“${String(cell).trim()}”`);
}

/** Year of the notice, e.g. 2022 or "2022年". */
export function parseYearCell(cell: CellValue): Parsed<number | null> {
  if (isBlank(cell)) return ok(null);
  const text = typeof cell === 'number' ? numberText(cell) : halfWidth(String(cell)).replace(/年度?$/, '');
  if (!/^\d{4}$/.test(text)) return bad(`年度“${String(cell).trim()}”无效，应为四位年份，如 2022`);
  return ok(Number(text));
}

/**
 * A choice from a rule-set table, typed as its id (new) or its Chinese label (新项目). Unknown text
 * is passed through unchanged so that the project validator reports it with the valid choices.
 */
export function parseChoice(cell: CellValue, choices: { id: string; label: string }[]): Parsed<string | null> {
  const text = parseText(cell);
  if (!text.ok || text.value === null) return text;
  const wanted = halfWidth(text.value).replace(/\s/g, '');
  const hit = choices.find((c) => c.id === wanted || halfWidth(c.label).replace(/\s/g, '') === wanted);
  return ok(hit ? hit.id : text.value);
}

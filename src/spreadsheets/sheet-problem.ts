import { InputError, Problem } from '../common/errors';

/**
 * One problem found in an uploaded sheet, located the way an office worker looks for it: sheet
 * name, row number and column letter as Excel/WPS show them. `row` is null for a problem of the
 * whole sheet, `column` null for a problem of the whole row.
 */
export interface SheetProblem {
  sheet: string;
  row: number | null;
  column: string | null;
  /** The column's header, so the message can be read without opening the file. */
  header?: string;
  message: string;
}

/** An Excel-style reference: "示范项目!C5", "示范项目!5:5" (row), "示范项目!C:C" (column), "示范项目". */
export function cellReference(p: Pick<SheetProblem, 'sheet' | 'row' | 'column'>): string {
  if (p.row !== null && p.column) return `${p.sheet}!${p.column}${p.row}`;
  if (p.row !== null) return `${p.sheet}!${p.row}:${p.row}`;
  if (p.column) return `${p.sheet}!${p.column}:${p.column}`;
  return p.sheet;
}

/** The problem as the API's generic {pointer, message}: the pointer is the cell reference. */
export function toProblem(p: SheetProblem): Problem & SheetProblem {
  return { pointer: cellReference(p), ...p };
}

/** "第5行「省级资金（万元）」：…" — readable on its own, e.g. in CLI output. */
export function describe(p: SheetProblem): string {
  const where = [p.sheet ? `「${p.sheet}」表` : '', p.row !== null ? `第${p.row}行` : '', p.column ? `${p.column}列` : '']
    .filter(Boolean)
    .join('');
  const header = p.header ? `「${p.header}」` : '';
  return `${where}${header}：${p.message}`;
}

export function sheetInputError(problems: SheetProblem[]): InputError {
  return new InputError(`表格有 ${problems.length} 处错误，未导入任何数据`, problems.map(toProblem));
}

/** Excel column letter of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(col: number): string {
  let n = col;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * Problems in the order a reader goes through the file: sheet by sheet as in the workbook, row
 * by row; problems of one row keep their order (unreadable cells first, then the checks).
 */
export function inFileOrder(problems: SheetProblem[], sheets: string[]): SheetProblem[] {
  const sheetRank = (p: SheetProblem) => {
    const i = sheets.indexOf(p.sheet);
    return i < 0 ? sheets.length : i;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => sheetRank(a.p) - sheetRank(b.p) || (a.p.row ?? 0) - (b.p.row ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

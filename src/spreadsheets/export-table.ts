import ExcelJS from 'exceljs';
import { writeCsv } from './csv';
import { DATE_FORMAT, WAN_FORMAT, writeHeader } from './workbook-style';

/** How an exported column is shown: amounts are yuan in the data and 万元 in the file. */
export type ExportKind = 'text' | 'integer' | 'number' | 'wan' | 'percent' | 'date' | 'outcome' | 'boolean';

export interface ExportColumn {
  header: string;
  kind: ExportKind;
  width?: number;
  note?: string;
}

export type ExportValue = string | number | boolean | null;

/** A format-neutral table: the same rows become an .xlsx sheet or a CSV file. */
export interface ExportTable {
  sheet: string;
  columns: ExportColumn[];
  rows: ExportValue[][];
  /** Rows set in bold after the data (totals). */
  footer?: ExportValue[][];
}

export const OUTCOME_TEXT = { pass: '通过', fail: '不通过', not_applicable: '不适用' } as const;

const OUTCOME_FILL: Record<string, string> = { 通过: 'FFE2EFDA', 不通过: 'FFF8CBAD', 不适用: 'FFF2F2F2' };

/** "25.5": yuan as 万元 in decimal text, by integer arithmetic (never 25.499999). */
export function wanText(yuan: number): string {
  const sign = yuan < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(yuan));
  const rest = abs % 10000;
  return `${sign}${Math.trunc(abs / 10000)}${rest ? '.' + String(rest).padStart(4, '0').replace(/0+$/, '') : ''}`;
}

/** Writes one value into a cell as its column kind shows it: 万元 for yuan, a date cell for a date … */
export function writeCell(cell: ExcelJS.Cell, kind: ExportKind, v: ExportValue): void {
  if (v === null || v === undefined) return;
  switch (kind) {
    case 'wan':
      cell.value = (v as number) / 10000;
      cell.numFmt = WAN_FORMAT;
      break;
    case 'percent':
      cell.value = v as number;
      cell.numFmt = '0.0%';
      break;
    case 'integer':
      cell.value = v as number;
      cell.numFmt = '#,##0';
      break;
    case 'number':
      cell.value = v as number;
      cell.numFmt = '0.0';
      break;
    case 'date':
      cell.value = new Date(`${v as string}T00:00:00Z`);
      cell.numFmt = DATE_FORMAT;
      break;
    case 'boolean':
      cell.value = v ? '是' : '否';
      break;
    case 'outcome':
      cell.value = v as string;
      if (OUTCOME_FILL[v as string]) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: OUTCOME_FILL[v as string] } };
      cell.alignment = { horizontal: 'center' };
      break;
    default:
      cell.value = String(v);
  }
}

/** Adds the table as a sheet with a frozen, filtered header and number formats per column. */
export function addTableSheet(wb: ExcelJS.Workbook, table: ExportTable): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(table.sheet);
  writeHeader(ws, table.columns.map((c) => ({ header: c.header, width: c.width, note: c.note })));
  const all = [...table.rows, ...(table.footer ?? [])];
  all.forEach((values, r) => {
    const row = ws.getRow(r + 2);
    table.columns.forEach((col, c) => writeCell(row.getCell(c + 1), col.kind, values[c]));
    if (r >= table.rows.length) row.font = { bold: true };
  });
  // The filter covers the data rows only, so sorting keeps the totals at the bottom.
  if (table.columns.length > 0) {
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(table.rows.length + 1, 1), column: table.columns.length } };
  }
  return ws;
}

/** The same table as CSV rows: amounts in 万元 as exact decimals, percentages as "95.0%". */
export function tableToCsv(table: ExportTable): string {
  const text = (col: ExportColumn, v: ExportValue): string | number | null => {
    if (v === null || v === undefined) return null;
    if (col.kind === 'wan') return wanText(v as number);
    if (col.kind === 'percent') return `${((v as number) * 100).toFixed(1)}%`;
    if (col.kind === 'boolean') return v ? '是' : '否';
    return typeof v === 'boolean' ? (v ? '是' : '否') : v;
  };
  const rows = [...table.rows, ...(table.footer ?? [])].map((r) => table.columns.map((c, i) => text(c, r[i])));
  return writeCsv([table.columns.map((c) => c.header), ...rows]);
}

/** CSV bytes with a UTF-8 BOM, so that Excel and WPS open them in the right encoding. */
export function csvBytes(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

import ExcelJS from 'exceljs';
import { InputError } from '../common/errors';
import { assertArchiveWithinLimits } from './archive-limits';
import { CellValue } from './cell-values';
import { parseCsv } from './csv';
import { decodeText, TextEncoding } from './text-decoding';

/** One row as read: its number as Excel shows it and its cells by 1-based column (index 0 unused). */
export interface RawRow {
  rowNumber: number;
  cells: CellValue[];
}

export interface RawSheet {
  name: string;
  rows: RawRow[];
}

export interface RawWorkbook {
  format: 'xlsx' | 'csv';
  encoding?: TextEncoding;
  sheets: RawSheet[];
}

const MAX_ROWS = 5000;

/**
 * Reads an uploaded .xlsx or .csv into plain cells, whatever program wrote it. The format is
 * recognised from the content, not the file name, because browsers and mail clients lose names.
 * `csvSheetName` names the single table of a CSV so that problems can say where they are.
 */
export async function readWorkbook(buffer: Buffer, csvSheetName: string): Promise<RawWorkbook> {
  if (buffer.length === 0) throw new InputError('上传的文件为空');
  if (buffer.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new InputError('不支持旧版 Excel 97-2003（.xls）文件，请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再上传');
  }
  if (buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    await assertArchiveWithinLimits(buffer);
    return readXlsx(buffer);
  }
  const { text, encoding } = decodeText(buffer);
  const rows = parseCsv(text).map((cells, i) => ({ rowNumber: i + 1, cells: [null, ...cells.map((c) => (c === '' ? null : c))] }));
  return { format: 'csv', encoding, sheets: [{ name: csvSheetName, rows: limitRows(rows.filter(hasContent)) }] };
}

async function readXlsx(buffer: Buffer): Promise<RawWorkbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new InputError('无法读取该 .xlsx 文件：文件可能已损坏或被加密，请用 Excel 或 WPS 重新保存后上传');
  }
  const sheets: RawSheet[] = [];
  workbook.eachSheet((ws) => {
    if (ws.state !== 'visible') return; // option lists and helper sheets of the template
    const rows: RawRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: CellValue[] = [null];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col] = plainValue(cell.value);
      });
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      const raw = { rowNumber, cells };
      if (hasContent(raw)) rows.push(raw);
    });
    sheets.push({ name: ws.name, rows: limitRows(rows) });
  });
  return { format: 'xlsx', sheets };
}

function limitRows(rows: RawRow[]): RawRow[] {
  if (rows.length > MAX_ROWS) throw new InputError(`表格行数过多（${rows.length} 行），每次最多导入 ${MAX_ROWS} 行`);
  return rows;
}

function hasContent(row: RawRow): boolean {
  return row.cells.some((c) => c !== null && !(typeof c === 'string' && c.trim() === ''));
}

/** Flattens ExcelJS's value shapes (rich text, formulas, hyperlinks, errors) to what the user sees. */
export function plainValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result === undefined || result === null || (typeof result === 'object' && !(result instanceof Date))) return null;
      return result as CellValue;
    }
    if ('hyperlink' in value) return String((value as ExcelJS.CellHyperlinkValue).text ?? '');
    if ('error' in value) return null;
  }
  return String(value);
}

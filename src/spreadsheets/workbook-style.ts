import ExcelJS from 'exceljs';
import { ColumnSpec } from './column-spec';
import { withFilterDatabaseNames } from './filter-database-names';

/** Number format of amounts shown in 万元: two to four decimals, four being one yuan. */
export const WAN_FORMAT = '#,##0.00##';
export const DATE_FORMAT = 'yyyy-mm-dd';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const REFERENCE_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '示范项目合规检查';
  // Fixed dates keep the same input producing the same file.
  wb.created = new Date(Date.UTC(2022, 0, 1));
  wb.modified = wb.created;
  return wb;
}

/**
 * Writes the header row the way office workers expect: bold on a tinted fill, frozen while
 * scrolling, with a filter, required columns marked *, and the format hint as the cell's note.
 */
export function writeHeader(ws: ExcelJS.Worksheet, headers: { header: string; width?: number; note?: string; required?: boolean }[], filter = true): void {
  const row = ws.getRow(1);
  headers.forEach((h, i) => {
    const cell = row.getCell(i + 1);
    cell.value = h.required ? `${h.header}*` : h.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
    if (h.note) cell.note = h.note;
    ws.getColumn(i + 1).width = h.width ?? 12;
  });
  row.height = 32;
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }];
  if (filter && headers.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
}

export function shadeReference(cell: ExcelJS.Cell): void {
  cell.fill = REFERENCE_FILL;
}

/** Column options of a spec list, for writeHeader: required by the import or by the rules, marked * alike. */
export function headersOf(specs: ColumnSpec[]) {
  return specs.map((s) => ({ header: s.header, width: s.width, note: s.note, required: s.required || s.notBlank || s.marked }));
}

/** The file as Excel, WPS and LibreOffice read it (filters included: see filter-database-names.ts). */
export async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return withFilterDatabaseNames(Buffer.from(await wb.xlsx.writeBuffer()));
}

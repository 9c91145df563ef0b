import ExcelJS from 'exceljs';
import { ColumnSpec } from './column-spec';
import { columnLetter } from './sheet-problem';
import { addValidation, listOf, listValidation } from './template-options';
import { DATE_FORMAT, headersOf, writeHeader } from './workbook-style';

function numberValidation(spec: ColumnSpec): ExcelJS.DataValidation | null {
  const min = spec.kind === 'wan' ? 0 : spec.min;
  const whole = spec.kind === 'integer';
  if (spec.kind !== 'wan' && !whole && spec.kind !== 'number') return null;
  const lower = min ?? (whole ? 0 : undefined);
  const upper = spec.kind === 'wan' ? undefined : spec.max;
  if (lower === undefined && upper === undefined) return null;
  const words = spec.kind === 'wan' ? '请填写以万元为单位的金额，如 25 或 25.5'
    : `请填写${lower !== undefined ? `不小于${lower}` : ''}${lower !== undefined && upper !== undefined ? '、' : ''}${upper !== undefined ? `不大于${upper}` : ''}的${whole ? '整数' : '数'}`;
  const range = lower !== undefined && upper !== undefined
    ? { operator: 'between' as const, formulae: [lower, upper] }
    : lower !== undefined ? { operator: 'greaterThanOrEqual' as const, formulae: [lower] } : { operator: 'lessThanOrEqual' as const, formulae: [upper!] };
  return { type: whole ? 'whole' : 'decimal', allowBlank: true, ...range, showErrorMessage: true, errorStyle: 'stop', errorTitle: '数值', error: words };
}

/**
 * Writes a template sheet's header and prepares rows 2…lastRow: drop-downs for regions, choices
 * and 是/否, number and date checks, text format for text (so Excel keeps "027-…" and leading
 * zeros). Reference columns are left to the caller, which fills and shades them.
 */
export function writeTemplateSheet(ws: ExcelJS.Worksheet, columns: ColumnSpec[], lists: Map<string, string>, lastRow: number): void {
  writeHeader(ws, headersOf(columns));
  columns.forEach((spec, i) => {
    const letter = columnLetter(i + 1);
    const range = `${letter}2:${letter}${Math.max(lastRow, 2)}`;
    const list = listOf(spec);
    if (list && lists.has(list)) addValidation(ws, range, listValidation(lists.get(list)!, spec.header));
    if (spec.kind === 'date') {
      ws.getColumn(i + 1).numFmt = DATE_FORMAT;
      addValidation(ws, range, {
        type: 'date', operator: 'greaterThan', allowBlank: true, formulae: [new Date(Date.UTC(2000, 0, 1))],
        showErrorMessage: true, errorStyle: 'warning', errorTitle: '日期', error: '请填写日期，如 2022-03-25',
      });
    }
    const numbers = numberValidation(spec);
    if (numbers) addValidation(ws, range, numbers);
    if (spec.kind === 'text' || spec.kind === 'id') ws.getColumn(i + 1).numFmt = '@';
  });
}

/** The 填写说明 sheet: one paragraph per line, the first as a title. */
export function writeInstructions(wb: ExcelJS.Workbook, lines: string[]): void {
  const ws = wb.addWorksheet('填写说明');
  ws.getColumn(1).width = 100;
  lines.forEach((text, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = text;
    cell.alignment = { wrapText: true };
    if (i === 0) cell.font = { bold: true, size: 13 };
  });
}

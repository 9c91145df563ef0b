import ExcelJS from 'exceljs';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { ColumnSpec } from './column-spec';
import { columnLetter } from './sheet-problem';

export const OPTIONS_SHEET = '选项';

const YES_NO = '是否';

/** The drop-down list a column offers: the regions, a rule-set table's rows, or 是/否. */
export function listOf(spec: ColumnSpec): string | null {
  if (spec.kind === 'region') return 'regions';
  if ((spec.kind === 'category' || spec.kind === 'choice') && spec.table) return spec.table;
  if (spec.kind === 'boolean' || spec.kind === 'tick') return YES_NO;
  return null;
}

/**
 * Drop-down lists live on a hidden sheet rather than inline in the validation: Excel caps an
 * inline list at 255 characters, and the rule set decides how many regions and choices there
 * are. One column per list the given columns use, the regions first; returns each list's range.
 */
export function writeOptionsSheet(wb: ExcelJS.Workbook, index: RuleSetIndex, columns: ColumnSpec[]): Map<string, string> {
  const ws = wb.addWorksheet(OPTIONS_SHEET, { state: 'hidden' });
  const used = new Set(['regions', ...columns.map(listOf).filter((l): l is string => l !== null && l !== YES_NO), YES_NO]);
  const refs = new Map<string, string>();
  [...used].forEach((list, i) => {
    const table = index.table(list);
    const title = list === YES_NO ? YES_NO : list === 'regions' ? '市州' : (table?.label ?? list);
    const values = list === YES_NO ? ['是', '否'] : (table?.rows ?? []).map((r) => index.rowLabel(list, r[table!.key]));
    const col = columnLetter(i + 1);
    ws.getCell(`${col}1`).value = title;
    values.forEach((v, j) => (ws.getCell(`${col}${j + 2}`).value = v));
    refs.set(list, `'${OPTIONS_SHEET}'!$${col}$2:$${col}$${Math.max(values.length, 1) + 1}`);
  });
  return refs;
}

export function listValidation(range: string, prompt: string): ExcelJS.DataValidation {
  return {
    type: 'list', allowBlank: true, formulae: [range],
    showErrorMessage: true, errorStyle: 'stop', errorTitle: '输入无效', error: `请从下拉列表中选择${prompt}`,
  };
}

/**
 * One validation for a whole range (exceljs writes it as a single sqref). The method exists at
 * run time but is missing from exceljs 4.4's typings.
 */
export function addValidation(ws: ExcelJS.Worksheet, range: string, validation: ExcelJS.DataValidation): void {
  (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(range, validation);
}

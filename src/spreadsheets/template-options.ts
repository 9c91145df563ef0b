import ExcelJS from 'exceljs';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { columnLetter } from './sheet-problem';

export const OPTIONS_SHEET = '选项';

export type OptionList = 'region' | 'category' | 'industry' | 'yesNo';

/**
 * Drop-down lists live on a hidden sheet rather than inline in the validation: Excel caps an
 * inline list at 255 characters, and the rule set decides how many regions there are.
 */
export function writeOptionsSheet(wb: ExcelJS.Workbook, index: RuleSetIndex): Record<OptionList, string> {
  const ws = wb.addWorksheet(OPTIONS_SHEET, { state: 'hidden' });
  const tables = index.doc.tables;
  const lists: [OptionList, string, string[]][] = [
    ['region', '市州', tables.regions.map((r) => r.name)],
    ['category', '项目类别', tables.categories.map((c) => c.label)],
    ['industry', '所属行业', tables.industries.map((i) => i.label)],
    ['yesNo', '是否', ['是', '否']],
  ];
  const refs = {} as Record<OptionList, string>;
  lists.forEach(([key, title, values], i) => {
    const col = columnLetter(i + 1);
    ws.getCell(`${col}1`).value = title;
    values.forEach((v, j) => (ws.getCell(`${col}${j + 2}`).value = v));
    refs[key] = `'${OPTIONS_SHEET}'!$${col}$2:$${col}$${values.length + 1}`;
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

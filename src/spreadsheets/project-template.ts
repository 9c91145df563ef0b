import ExcelJS from 'exceljs';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { ColumnSpec } from './column-spec';
import { PROJECT_SHEET, projectColumns } from './project-columns';
import { columnLetter } from './sheet-problem';
import { addValidation, listValidation, OptionList, writeOptionsSheet } from './template-options';
import { DATE_FORMAT, headersOf, newWorkbook, toBuffer, writeHeader } from './workbook-style';

/** Rows prepared with drop-downs and formats; more rows can be added by copying one. */
export const TEMPLATE_ROWS = 300;

const LIST_OF: Partial<Record<ColumnSpec['kind'], OptionList>> = {
  region: 'region', category: 'category', industry: 'industry', boolean: 'yesNo', deliverable: 'yesNo',
};

/**
 * The recommendation form (附件2) as a sheet with one project per row, built from a rule set:
 * its regions, categories, industries and 五个一 items become the drop-downs and columns.
 */
export async function buildProjectTemplate(index: RuleSetIndex, options: { year?: number } = {}): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet(PROJECT_SHEET);
  const specs = projectColumns(index);
  writeHeader(ws, headersOf(specs));
  const lists = writeOptionsSheet(wb, index);
  const year = options.year ?? index.doc.year;

  specs.forEach((spec, i) => {
    const letter = columnLetter(i + 1);
    const range = `${letter}2:${letter}${TEMPLATE_ROWS + 1}`;
    const list = LIST_OF[spec.kind];
    if (list) addValidation(ws, range, listValidation(lists[list], spec.header));
    if (spec.kind === 'date') {
      ws.getColumn(i + 1).numFmt = DATE_FORMAT;
      addValidation(ws, range, {
        type: 'date', operator: 'greaterThan', allowBlank: true, formulae: [new Date(Date.UTC(2000, 0, 1))],
        showErrorMessage: true, errorStyle: 'warning', errorTitle: '日期', error: '请填写日期，如 2022-03-25',
      });
    }
    if (spec.kind === 'wan' || spec.kind === 'integer') {
      addValidation(ws, range, {
        type: spec.kind === 'wan' ? 'decimal' : 'whole', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0],
        showErrorMessage: true, errorStyle: 'stop', errorTitle: '数值',
        error: spec.kind === 'wan' ? '请填写以万元为单位的金额，如 25 或 25.5' : '请填写不小于0的整数',
      });
    }
    if (spec.kind === 'text' || spec.kind === 'id') ws.getColumn(i + 1).numFmt = '@';
    if (spec.kind === 'year') ws.getCell(1, i + 1).note = `留空则为${year}年度`;
  });

  writeInstructions(wb, index, year);
  return toBuffer(wb);
}

function writeInstructions(wb: ExcelJS.Workbook, index: RuleSetIndex, year: number): void {
  const ws = wb.addWorksheet('填写说明');
  ws.getColumn(1).width = 100;
  const tables = index.doc.tables;
  const lines = [
    `${index.doc.title}（规则集 ${index.doc.id}）— ${year}年度示范项目推荐表`,
    `每行填写一个项目，带 * 的列必填；列的顺序可以调整，表头文字请勿修改。`,
    `金额一律以“万元”为单位，最多4位小数（精确到元），如 25 或 25.5。`,
    `日期可填 2022-03-25、2022/3/25 或 2022年3月25日。`,
    `市州：${tables.regions.map((r) => r.name).join('、')}（也可填全称，如“武汉市”）。`,
    `项目类别：${tables.categories.map((c) => `${c.label}（${c.clause}）`).join('、')}。`,
    `所属行业：${tables.industries.map((i) => i.label).join('、')}。`,
    `“五个一”事项：${tables.fiveOnes.map((f) => f.label).join('、')}；已完成的填“是”。`,
    `再次导入同一文件会更新已有项目（按“项目编号”，或按“年度 + 市州 + 项目名称”识别），不会重复创建。`,
    `也可另存为 CSV（UTF-8 或 GBK 编码均可）后导入。`,
  ];
  lines.forEach((text, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = text;
    cell.alignment = { wrapText: true };
    if (i === 0) cell.font = { bold: true, size: 13 };
  });
}

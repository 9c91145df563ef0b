import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { SheetLayout, SubjectLayout, subjectLayout } from './sheet-layout';
import { writeInstructions, writeTemplateSheet } from './sheet-template';
import { writeOptionsSheet } from './template-options';
import { newWorkbook, toBuffer } from './workbook-style';

/** Rows prepared with drop-downs and formats; more rows can be added by copying one. */
export const TEMPLATE_ROWS = 300;

/**
 * The project form of a rule set (the 2022 notice's 附件2) as a sheet with one project per row:
 * identity columns, then the declared fields in form order, their choices as drop-downs; a list
 * of rows gets a sheet of its own. Next year's rule set yields next year's template.
 */
export async function buildProjectTemplate(index: RuleSetIndex, options: { year?: number } = {}): Promise<Buffer> {
  const year = options.year ?? index.doc.year;
  const layout = subjectLayout(index, 'project', year);
  const wb = newWorkbook();
  const sheets = [layout.main, ...layout.lists].map((l) => ({ layout: l, ws: wb.addWorksheet(l.sheet) }));
  const lists = writeOptionsSheet(wb, index, [layout.main, ...layout.lists].flatMap((l) => l.columns));
  for (const { layout: l, ws } of sheets) writeTemplateSheet(ws, l.columns, lists, TEMPLATE_ROWS + 1);
  writeInstructions(wb, instructions(index, layout, year));
  return toBuffer(wb);
}

function instructions(index: RuleSetIndex, layout: SubjectLayout, year: number): string[] {
  const choiceLines = index.fields('project')
    .filter((f) => (f.type === 'choice' || f.type === 'multiChoice') && f.table && index.table(f.table))
    .map((f) => {
      const labels = index.tableRows(f.table!).map((r) => index.rowLabel(f.table!, r[index.table(f.table!)!.key])).join('、');
      return f.type === 'choice' ? `${f.label}：${labels}。` : `${f.label}：${labels}；每项一列，已完成的填“是”。`;
    });
  const listLine = (l: SheetLayout) =>
    `「${l.sheet}」表：每行一条${l.field!.label}，用“项目编号”或“年度 + 市州 + 项目名称”对应到项目；导入后替换该项目已有的${l.field!.label}。`;
  return [
    `${index.doc.title}（规则集 ${index.doc.id}）— ${year}年度${layout.main.sheet}推荐表`,
    `每行填写一个项目；列的顺序可以调整，表头文字请勿修改。带 * 的列必填：市州、项目名称、项目类别在导入时检查，其余必填项在审查时由规则检查（表头批注说明何时必填）。`,
    `金额一律以“万元”为单位，最多4位小数（精确到元），如 25 或 25.5。`,
    `日期可填 2022-03-25、2022/3/25 或 2022年3月25日。`,
    `市州：${index.regionNames().join('、')}（也可填全称，如“${String(index.tableRows('regions')[0]?.fullName ?? '')}”）。`,
    `项目类别：${index.tableRows('categories').map((c) => `${index.categoryLabel(String(c.id))}${c.clause ? `（${String(c.clause)}）` : ''}`).join('、')}。`,
    ...choiceLines,
    ...layout.lists.map(listLine),
    `再次导入同一文件会更新已有项目（按“项目编号”，或按“年度 + 市州 + 项目名称”识别），不会重复创建。`,
    `也可另存为 CSV（UTF-8 或 GBK 编码均可）后导入。`,
  ];
}

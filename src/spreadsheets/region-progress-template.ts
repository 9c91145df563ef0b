import { Evaluator } from '../evaluation/evaluator';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { writeCell } from './export-table';
import { exportKindOf, exportValue } from './fact-cells';
import { regionFacts } from './measure-columns';
import { SubjectLayout, subjectLayout } from './sheet-layout';
import { writeInstructions, writeTemplateSheet } from './sheet-template';
import { writeOptionsSheet } from './template-options';
import { newWorkbook, shadeReference, toBuffer } from './workbook-style';

const LIST_ROWS = 300;

/**
 * Region progress: one row per region, prefilled with the year, the region and its targets
 * (computed by the rule set's facts, shaded, for reference), and a sheet per list of rows (the
 * counties, say). With `region` the template is prefilled for that region only, as a 市州局 would
 * receive it.
 */
export async function buildRegionProgressTemplate(evaluator: Evaluator, options: { year?: number; region?: string } = {}): Promise<Buffer> {
  const index = evaluator.index;
  const year = options.year ?? index.doc.year;
  const layout = subjectLayout(index, 'region', year);
  const one = options.region ? index.region(options.region)?.name : undefined;
  const regions = index.regionNames().filter((name) => !options.region || name === one);

  const wb = newWorkbook();
  const progress = wb.addWorksheet(layout.main.sheet);
  const lists = layout.lists.map((l) => ({ layout: l, ws: wb.addWorksheet(l.sheet) }));
  const choiceLists = writeOptionsSheet(wb, index, [layout.main, ...layout.lists].flatMap((l) => l.columns));

  writeTemplateSheet(progress, layout.main.columns, choiceLists, regions.length + 1);
  const col = (key: string) => layout.main.columns.findIndex((c) => c.key === key && c.kind !== 'reference') + 1;
  const references = layout.main.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.kind === 'reference');
  regions.forEach((name, i) => {
    const row = progress.getRow(i + 2);
    row.getCell(col('year')).value = year;
    row.getCell(col('region')).value = name;
    const facts = regionFacts(evaluator, year, name, references.map(({ c }) => c.fact!));
    for (const { c, i: at } of references) {
      const info = index.facts.get('region', c.fact!);
      const cell = row.getCell(at + 1);
      writeCell(cell, exportKindOf(info?.type), exportValue(index, info, facts[c.fact!]));
      shadeReference(cell);
    }
  });
  for (const { layout: l, ws } of lists) {
    writeTemplateSheet(ws, l.columns, choiceLists, LIST_ROWS + 1);
    if (regions.length === 1) {
      // A region's own template: its lists start with its name so rows can be copied down.
      l.columns.forEach((c, i) => {
        if (c.kind === 'year') ws.getCell(2, i + 1).value = year;
        if (c.kind === 'region') ws.getCell(2, i + 1).value = regions[0];
      });
    }
  }
  writeInstructions(wb, instructions(index, layout, year));
  return toBuffer(wb);
}

function instructions(index: RuleSetIndex, layout: SubjectLayout, year: number): string[] {
  return [
    `${index.doc.title}（规则集 ${index.doc.id}）— ${year}年度${layout.main.sheet}`,
    `「${layout.main.sheet}」表每行一个市州；已预填年度和市州。灰色的“目标”列为任务目标，仅供对照，导入时忽略。`,
    ...layout.lists.map((l) =>
      `「${l.sheet}」表：每行一条${l.field!.label}，填写所属市州；导入后替换该市州已有的${l.field!.label}，未出现在本表中的市州保持不变。`),
    `金额一律以“万元”为单位；日期可填 2022-03-25、2022/3/25 或 2022年3月25日。`,
    `可以只导入其中一张表，也可另存为 CSV（UTF-8 或 GBK 编码均可）后分别导入。`,
  ];
}

import ExcelJS from 'exceljs';
import { Evaluator } from '../../evaluation/evaluator';
import { loadRuleSetFile } from '../../rule-sets/rule-set-loader';
import { RuleSetIndex } from '../../rule-sets/rule-set-index';
import { RuleSetDocument } from '../../rule-sets/rule-set.types';

/** The shipped 2022 rule set, as the tests' source of regions, categories and choices. */
export function hubei2022(): RuleSetIndex {
  return new RuleSetIndex(loadRuleSetFile('hubei-2022').document);
}

/** The shipped 2022 rule set compiled, for what needs its facts (a region's targets). */
export function hubei2022Evaluator(): Evaluator {
  return new Evaluator(loadRuleSetFile('hubei-2022'));
}

/** The 2022 rule set changed by `edit` (a copy: the shipped file is left alone), as next year's might be. */
export function editedRuleSet(edit: (doc: RuleSetDocument) => void): Evaluator {
  const loaded = loadRuleSetFile('hubei-2022');
  const document = structuredClone(loaded.document);
  edit(document);
  return new Evaluator({ ...loaded, document });
}

/**
 * Fills a downloaded template the way a region would: finds each column by its header (the
 * template's * marks ignored) and writes the given rows below the header.
 */
export async function fillTemplate(
  template: Buffer,
  sheetName: string,
  rows: Record<string, ExcelJS.CellValue>[],
  firstRow = 2,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(sheetName)!;
  const columns = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => columns.set(String(cell.value).replace(/\*$/, ''), col));
  rows.forEach((values, i) => {
    for (const [header, value] of Object.entries(values)) {
      const col = columns.get(header);
      if (!col) throw new Error(`no column ${header}`);
      ws.getCell(firstRow + i, col).value = value;
    }
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A filled form: the fields of one new 2022 project as a region types them. */
export function wuhanRow(overrides: Record<string, ExcelJS.CellValue> = {}): Record<string, ExcelJS.CellValue> {
  return {
    市州: '武汉', 县市区: '东湖高新区', 项目名称: '武汉光谷激光产业集群质量提升', 项目类别: '2022年度新项目',
    主导产品: '激光器', 所属行业: '制造业', 联系人: '张三', 联系电话: '027-00000000',
    企业数量: 120, 规上企业数: 45, 从业人数: 28000, '2021年利税（万元）': 12000, '2021年产值（万元）': 850000,
    '2021年产量': '激光器12万台', 全国行业地位: '全国前三', 主要问题: '检测能力不足', 质量技术服务需求: '计量校准',
    配套政策: '市级配套', 市州局推荐意见: '同意推荐', 推荐表报送日期: new Date(Date.UTC(2022, 2, 20)),
    '省级资金（万元）': 25, '地方配套资金（万元）': 25, 经费来源已落实: '是',
    ...overrides,
  };
}

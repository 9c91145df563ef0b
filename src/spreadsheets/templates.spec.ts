import ExcelJS from 'exceljs';
import { planProjectImport } from './project-import';
import { buildProjectTemplate } from './project-template';
import { planRegionProgressImport } from './region-progress-import';
import { buildRegionProgressTemplate } from './region-progress-template';
import { hubei2022Evaluator } from './testing/sheet-fixtures';
import { readWorkbook } from './workbook-reader';

const evaluator = hubei2022Evaluator();
const index = evaluator.index;

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

describe('project template', () => {
  it('marks the fields the rules require, notes when, and offers each choice table as a drop-down', async () => {
    const wb = await load(await buildProjectTemplate(index));
    const ws = wb.getWorksheet('示范项目')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 8)).toEqual(['项目编号', '年度', '市州*', '项目名称*', '项目类别*', '县市区', '延续的2021年度项目名称', '主导产品*']);
    const col = (text: string) => header.indexOf(text) + 1;
    expect(ws.getCell(1, col('主导产品*')).note).toBe('申报审查时必填');
    expect(ws.getCell(1, col('年度')).note).toBe('留空则为2022年度');
    expect(ws.getCell(2, col('所属行业')).dataValidation).toMatchObject({ type: 'list', formulae: ["'选项'!$C$2:$C$5"] });
    expect(ws.getCell(2, col('已完成的“五个一”事项：一次质量诊断')).dataValidation).toMatchObject({ type: 'list', formulae: ["'选项'!$D$2:$D$3"] });
    expect(ws.getCell(2, col('企业数量*')).dataValidation).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0] });
    const options = wb.getWorksheet('选项')!;
    expect([1, 2, 3, 4].map((c) => options.getCell(1, c).value)).toEqual(['市州', '项目类别', '行业', '是否']);
    expect(options.getCell('C2').value).toBe('制造业');
    const help = wb.getWorksheet('填写说明')!;
    const lines = help.getColumn(1).values.slice(1).map(String);
    expect(lines).toContain('所属行业：制造业、农业、服务业、其他。');
    expect(lines.some((l) => l.startsWith('已完成的“五个一”事项：一个项目实施方案、'))).toBe(true);
  });

  it('still imports a file laid out with the old template’s headers', async () => {
    const csv = [
      '项目编号,年度,市州,县市区,项目名称,项目类别,申请省级资金（万元）,地方配套资金（万元）,配套经费来源已落实,2021年利税（万元）,五个一：一个项目实施方案,五个一：一次质量诊断,宣传报道',
      ',2022,武汉,东湖高新区,武汉光谷激光产业集群质量提升,2022年度新项目,25,25,是,12000,是,否,6',
    ].join('\n');
    const plan = planProjectImport(await readWorkbook(Buffer.from(csv), '推荐表.csv'), index, [], { year: 2022 });
    expect(plan.problems).toEqual([]);
    expect(plan.warnings).toEqual([]);
    expect(plan.changes[0].body).toMatchObject({
      county: '东湖高新区', category: 'new', funding: { provincial: 250000, localMatching: 250000, sourceSecured: true },
      cluster: { profitTax2021: 120000000 }, deliverables: ['plan'], progress: { publicityItems: 6 },
    });
  });
});

describe('region progress template', () => {
  it('shows each region’s targets, computed by the rule set, shaded and ignored on import', async () => {
    const file = await buildRegionProgressTemplate(evaluator);
    const ws = (await load(file)).getWorksheet('市州进度')!;
    expect([ws.getCell('C1').value, ws.getCell('F1').value]).toEqual(['目标：万：开展质量提升行动的中小企业（家）', '开展质量提升行动的中小企业数（万）']);
    expect(ws.getCell('C1').note).toBe('任务目标，仅供对照，导入时忽略');
    expect([2, 18].map((r) => [ws.getCell(r, 1).value, ws.getCell(r, 2).value, ws.getCell(r, 3).value, ws.getCell(r, 4).value, ws.getCell(r, 5).value])).toEqual([
      [2022, '武汉', 3000, 350, 25],
      [2022, '神农架', 50, 3, 1],
    ]);
    expect(ws.getCell('C2').fill).toMatchObject({ fgColor: { argb: 'FFF2F2F2' } });
    // The untouched template is prefilled but holds no data: nothing to import, nothing unknown.
    const plan = planRegionProgressImport(await readWorkbook(file, '市州进度'), index, [], { year: 2022 });
    expect(plan).toMatchObject({ problems: [], warnings: [], changes: [] });
  });

  it('prefills one region’s template, its county sheet with its name', async () => {
    const wb = await load(await buildRegionProgressTemplate(evaluator, { region: '恩施州' }));
    const ws = wb.getWorksheet('市州进度')!;
    expect([ws.getCell('B2').value, ws.getCell('C2').value, ws.getCell('B3').value]).toEqual(['恩施', 200, null]);
    const counties = wb.getWorksheet('县市区')!;
    expect([counties.getCell('A2').value, counties.getCell('B2').value, counties.getCell('C1').value]).toEqual([2022, '恩施', '县市区*']);
  });
});

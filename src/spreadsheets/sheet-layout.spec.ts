import { planProjectImport } from './project-import';
import { buildProjectTemplate } from './project-template';
import { subjectLayout } from './sheet-layout';
import { editedRuleSet, fillTemplate, hubei2022, wuhanRow } from './testing/sheet-fixtures';
import { readWorkbook } from './workbook-reader';

const index = hubei2022();
const headers = (columns: { header: string }[]) => columns.map((c) => c.header);

describe('subjectLayout', () => {
  it('lays out a project: identity first, then the rule set’s fields in form order, 万元 for amounts, one 是/否 column per 五个一 item', () => {
    const layout = subjectLayout(index, 'project');
    expect(layout.main.sheet).toBe('示范项目');
    const h = headers(layout.main.columns);
    expect(h.slice(0, 8)).toEqual(['项目编号', '年度', '市州', '项目名称', '项目类别', '县市区', '延续的2021年度项目名称', '主导产品']);
    expect(h).toContain('2021年利税（万元）');
    expect(h).toContain('省级资金（万元）');
    expect(h.slice(-5)).toEqual(['一个项目实施方案', '一支技术服务团队', '一次质量诊断', '一批问题解决方案', '一份项目总结报告'].map((l) => `已完成的“五个一”事项：${l}`));
    const column = (header: string) => layout.main.columns.find((c) => c.header === header)!;
    expect(column('2021年利税（万元）')).toMatchObject({ kind: 'wan', key: 'cluster.profitTax2021', marked: true, note: expect.stringContaining('单位：万元') });
    expect(column('2021年利税（万元）').note).toContain('申报审查时必填');
    expect(column('企业数量')).toMatchObject({ kind: 'integer', aliases: ['企业数'], note: '单位：家；申报审查时必填' });
    expect(column('所属行业')).toMatchObject({ kind: 'choice', table: 'industries' });
    expect(column('省级资金（万元）')).toMatchObject({ aliases: ['申请省级资金'], marked: false });
    expect(column('已完成的“五个一”事项：一次质量诊断')).toMatchObject({ kind: 'tick', itemId: 'diagnosis', aliases: ['五个一：一次质量诊断', '一次质量诊断', 'diagnosis'] });
    expect(layout.lists).toEqual([]);
  });

  it('lays out a region: its targets for reference, its fields, and a sheet for its county rows', () => {
    const layout = subjectLayout(index, 'region');
    expect(layout.main.sheet).toBe('市州进度');
    expect(headers(layout.main.columns)).toEqual([
      '年度', '市州',
      '目标：万：开展质量提升行动的中小企业（家）', '目标：千：导入先进质量管理模式的规上企业（家）', '目标：百：培育的质量提升标杆企业（家）',
      '开展质量提升行动的中小企业数（万）', '导入先进质量管理模式的规上企业数（千）', '培育的质量提升标杆企业数（百）',
      '实施方案报送日期', '工作总结报送日期',
    ]);
    expect(layout.main.columns[2]).toMatchObject({ kind: 'reference', fact: 'target.wan' });
    expect(layout.lists).toHaveLength(1);
    expect(layout.lists[0].sheet).toBe('县市区');
    expect(headers(layout.lists[0].columns)).toEqual(['年度', '市州', '县市区', '培训次数', '培训人数', '一站式服务站数']);
    expect(layout.lists[0].columns[2]).toMatchObject({ key: 'name', required: true });
  });
});

describe('a rule set that changes the project form', () => {
  // As a 2023 notice might: two fields added for a new category, one field relabelled.
  const evaluator = editedRuleSet((doc) => {
    doc.model.project.fields.push(
      { key: 'chain.leader', label: '链主企业', type: 'text', section: 'basic', required: { stages: ['application'], categories: ['new'] } },
      { key: 'chain.partners', label: '带动上下游企业数', type: 'integer', unit: '家', section: 'cluster', min: 0 },
    );
    const profitTax = doc.model.project.fields.find((f) => f.key === 'cluster.profitTax2021')!;
    profitTax.label = '2022年利税';
    profitTax.aliases = ['2021年利税'];
  });
  const edited = evaluator.index;
  /** A filled row of the 2022 form, its 2021年利税 under the new header. */
  const row2023 = (overrides: Record<string, unknown>) => {
    const { '2021年利税（万元）': profitTax, ...row } = wuhanRow();
    return { ...row, '2022年利税（万元）': profitTax, ...overrides } as ReturnType<typeof wuhanRow>;
  };

  it('yields the new columns in their sections, and the new label', () => {
    const layout = subjectLayout(edited, 'project');
    const h = headers(layout.main.columns);
    // Each in its section: 链主企业 ends 基本信息, 带动上下游企业数 ends 产业集群现状.
    expect(h.indexOf('链主企业')).toBe(h.indexOf('联系电话') + 1);
    expect(h.indexOf('带动上下游企业数')).toBe(h.indexOf('全国行业地位') + 1);
    expect(h).toContain('2022年利税（万元）');
    expect(h).not.toContain('2021年利税（万元）');
    expect(layout.main.columns.find((c) => c.header === '链主企业')).toMatchObject({ marked: true, note: '申报审查时必填（仅2022年度新项目）' });
  });

  it('imports the new columns into the project body, and the relabelled field under its new or its old header', async () => {
    const template = await buildProjectTemplate(edited);
    const file = await fillTemplate(template, '示范项目', [
      row2023({ 链主企业: '华工科技', 带动上下游企业数: 36 }),
    ]);
    const plan = planProjectImport(await readWorkbook(file, '示范项目'), edited, [], { year: 2022 });
    expect(plan.problems).toEqual([]);
    expect(plan.changes[0].body).toMatchObject({ chain: { leader: '华工科技', partners: 36 }, cluster: { profitTax2021: 120000000 } });

    const old = '市州,项目名称,项目类别,2021年利税（万元）,链主企业\n武汉,武汉光谷激光产业集群质量提升,new,1.5,华工科技\n';
    const fromOld = planProjectImport(await readWorkbook(Buffer.from(old), 'old.csv'), edited, [], { year: 2022 });
    expect(fromOld.problems).toEqual([]);
    expect(fromOld.warnings).toEqual([]);
    expect(fromOld.changes[0].body).toMatchObject({ chain: { leader: '华工科技' }, cluster: { profitTax2021: 15000 } });
  });

  it('refuses a bad value of a new column on its cell, and leaves the old rule set’s template alone', async () => {
    const file = await fillTemplate(await buildProjectTemplate(edited), '示范项目', [row2023({ 带动上下游企业数: '三十' })]);
    const plan = planProjectImport(await readWorkbook(file, '示范项目'), edited, [], { year: 2022 });
    const at = headers(subjectLayout(edited, 'project').main.columns).indexOf('带动上下游企业数');
    expect(plan.problems).toEqual([
      expect.objectContaining({ sheet: '示范项目', row: 2, column: String.fromCharCode(65 + at), header: '带动上下游企业数', message: '应为不小于0的整数，实际为“三十”' }),
    ]);
    expect(headers(subjectLayout(index, 'project').main.columns)).not.toContain('链主企业');
  });
});

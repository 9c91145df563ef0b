import { readJsonFile } from './rule-set-files';
import { diffRuleSets } from './rule-set-diff';
import { addTableRow, putTableRow, removeRule, replaceRule, setParameter } from './draft-edits';
import { RuleSetDocument } from './rule-set.types';
import { validateRuleSet } from './rule-set-validator';
import path from 'node:path';
import { currentFormat } from './format-1-upgrade';

const base = readJsonFile(path.join(__dirname, '..', '..', 'rules', 'hubei-2022.json'), 'rule set') as RuleSetDocument;
const texts = (a: RuleSetDocument, b: RuleSetDocument) => diffRuleSets(a, b).map((c) => c.text);

describe('rule-set diff in the terms staff use', () => {
  it('is empty for the same document', () => {
    expect(diffRuleSets(base, structuredClone(base))).toEqual([]);
  });

  it('shows amounts in 万元, dates in Chinese and quotas with their unit', () => {
    let next = setParameter(base, 'capNew', { value: 300000 });
    next = setParameter(next, 'recommendationDeadline', { value: '2023-03-31' });
    next = setParameter(next, 'quotaDirect', { value: 2 });
    expect(texts(base, next)).toEqual([
      '新项目省级资金上限：25万元 → 30万元',
      '直管市、神农架林区推荐新项目上限：1个 → 2个',
      '推荐表报送截止日期：2022年3月25日 → 2023年3月31日',
    ]);
  });

  it('names the condition and the message that changed in a rule', () => {
    const rule = base.rules.find((r) => r.id === 'funding.matching')!;
    const next = replaceRule(base, rule.id, {
      ...rule,
      conditions: { all: [{ fact: 'funding.localMatching', operator: 'greaterThan', value: { fact: 'funding.provincial' } }] },
      messages: { ...rule.messages, pass: '已等额配套' },
    });
    expect(texts(base, next)).toEqual([
      '规则 funding.matching「地方等额配套」的符合时提示：地方配套{{funding.localMatching}}，不少于省级资金{{funding.provincial}} → 已等额配套',
      '规则 funding.matching「地方等额配套」的条件 /all/0：funding.localMatching ≥ funding.provincial → funding.localMatching > funding.provincial',
    ]);
  });

  it('lists table rows added and changed field by field, and rules removed', () => {
    const wuhan = base.tables.regions.rows.find((r) => r.name === '武汉')! as { targets: Record<string, number> };
    let next = putTableRow(base, 'regions', '武汉', { ...wuhan, targets: { ...wuhan.targets, wan: 3200 } });
    next = addTableRow(next, 'fiveOnes', { id: 'video', label: '一部宣传片' });
    next = removeRule(next, 'focus.manufacturing');
    expect(texts(base, next)).toEqual([
      '删除规则 focus.manufacturing「以制造业为重点」',
      '市州及“万千百”任务分解（附件3）：武汉 targets.wan 3000 → 3200',
      '“五个一”事项：新增 video',
    ]);
  });

  it('names fields added and relabelled, derived facts changed, and reads a format 1 document as upgraded', () => {
    const format1 = currentFormat(readJsonFile(path.join(__dirname, '..', '..', 'test', 'fixtures', 'format-1', 'hubei-2022.json'), 'rule set'));
    const next = structuredClone(base);
    const profit = next.model.project.fields.find((f) => f.key === 'cluster.profitTax2021')!;
    profit.label = '2022年利税';
    next.model.project.fields.push({ key: 'chain.leader', label: '链主企业', type: 'text', section: 'basic' });
    next.facts.find((f) => f.name === 'region.quota')!.cel = 'param.quotaPrefecture';
    expect(texts(base, next)).toEqual([
      '示范项目新增字段「链主企业」（文本）',
      '示范项目字段「2021年利税」的名称：2021年利税 → 2022年利税',
      "派生事实「本市州推荐名额」的表达式：region.class == 'prefecture' ? param.quotaPrefecture : param.quotaDirect → param.quotaPrefecture",
    ]);
    const across = texts(format1, base);
    expect(across).toContain('提示语写法：handlebars → （无）');
    expect(across).toContain('市州类别：删除列「推荐名额参数」');
    expect(across).toContain('删除表格「推荐表（附件2）必填字段」');
    expect(across).toContain("派生事实「推荐表未填项」的表达式：tables.annex2Fields.filter(f, !filled(input, f.path)).map(f, f.label) → missingFields");
  });
});

describe('draft edits', () => {
  it('never change the document they are given', () => {
    const copy = structuredClone(base);
    setParameter(base, 'capNew', { value: 1 });
    removeRule(base, 'quota.region');
    putTableRow(base, 'ratings2021', '1', { no: 1, name: 'x', rating: '优秀' });
    expect(base).toEqual(copy);
  });

  it('refuses unknown parameter fields and renaming a rule', () => {
    expect(() => setParameter(base, 'capNew', { value: 1, colour: 'red' })).toThrow('请求数据有错误');
    expect(() => replaceRule(base, 'quota.region', { ...base.rules[0], id: 'other' })).toThrow('请求数据有错误');
  });

  it('leave validation to the whole document: a wrong type is reported at its pointer', () => {
    const next = setParameter(base, 'capNew', { value: -1 });
    expect(validateRuleSet(next)).toEqual([{ pointer: '/parameters/0/value', message: '金额应为以元为单位的非负整数' }]);
  });
});

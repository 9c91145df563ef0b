import { parseProject } from '../projects/project-input';
import { Project } from '../projects/project.types';
import { loadRuleSetFile } from '../rule-sets/rule-set-loader';
import { LoadedRuleSet } from '../rule-sets/rule-set.types';
import { Evaluator } from './evaluator';
import { Facts } from './fact-catalogue';

const ruleSet = loadRuleSetFile('hubei-2022');
const evaluator = new Evaluator(ruleSet);

function project(overrides: Partial<Project> = {}): Project {
  return { id: 'p1', year: 2022, name: '测试项目', region: '武汉', category: 'new', ...overrides };
}

/** Every fact of a project (all derived facts computed), as the API would see it after parsing. */
function factsWith(e: Evaluator, p: Project, newProjectsInRegion: number): Facts {
  return e.programs.project.compute(parseProject(p, e.index), { stage: 'application', aggregate: () => newProjectsInRegion });
}

const facts = (p: Partial<Project>, newProjectsInRegion = 1) => factsWith(evaluator, project(p), newProjectsInRegion);

const ALL_ANNEX2_LABELS = [
  '项目名称', '主导产品', '联系人', '联系电话', '企业数量', '规上企业数', '从业人数', '2021年利税', '2021年产值',
  '2021年产量', '全国行业地位', '主要问题', '质量技术服务需求', '配套政策', '市州局推荐意见',
];

describe('FactProgram: the 2022 project facts, declared in CEL', () => {
  describe('predecessor rating from Annex 1', () => {
    it.each([
      ['武汉经开区汽车零部件行业质量提升', '优秀'], // exactly as in Annex 1
      ['枝江姚家港化工园化工产品质量提升', '优秀'], // Annex 1: 枝江市…
      ['孝感孝南纸制品产品质量提升', '优秀'], // Annex 1: 孝感市孝南区…
      ['崇阳钒产业集群质量提升', '良好'], // Annex 1: 崇阳县…
      ['襄州智能轨道交通产业集群质量提升', '优秀'], // Annex 1: 襄州区…
      ['十堰房县酿酒和发酵产业集群质量提升', '良好'], // Annex 1: 十堰市（房县）…
      ['十堰市(房县)酿酒和发酵产业集群质量提升', '良好'], // ASCII brackets
      ['十堰张湾汽车零部件智能装备产业集群质量提升', '良好'], // brackets dropped
      ['荆门市"荆品名门"农产品区域公用品牌质量提升', '延迟验收'], // ASCII quotes
      ['荆门荆品名门农产品区域公用品牌质量提升', '延迟验收'],
      [' 潜江小龙虾食品工业集群质量提升 ', '合格'],
      ['洪湖市水生蔬菜产业集群质量提升', '优秀'],
    ])('%s → %s', (predecessor, rating) => {
      const f = facts({ category: 'continued', predecessor });
      expect(f['predecessor.rating']).toBe(rating);
      expect(f['predecessor.name']).toBe(predecessor.trim());
    });

    it.each([
      '武汉光谷激光产业集群质量提升', // not a 2021 project (Annex 1 has 武汉激光…)
      '武汉激光产业集群',
      '不存在的2021项目',
    ])('%s is not found', (predecessor) => {
      expect(facts({ category: 'continued', predecessor })['predecessor.rating']).toBeNull();
    });

    it('is null when no predecessor is named', () => {
      const f = facts({ category: 'continued' });
      expect([f['predecessor.name'], f['predecessor.rating']]).toEqual([null, null]);
    });
  });

  describe('missing Annex 2 fields', () => {
    it('lists every field of a bare project, in Annex 2 order, except the name it has', () => {
      const f = facts({});
      expect(f['form.missingFields']).toEqual(ALL_ANNEX2_LABELS.slice(1));
      expect(f['form.missingCount']).toBe(14);
    });

    it('treats blank text and null as missing, and 0 as filled', () => {
      const f = facts({
        leadingProduct: '激光器',
        contact: { name: '  ', phone: null },
        cluster: { enterprises: 0, aboveScaleEnterprises: 0, employees: 10, profitTax2021: 0, output2021: 0, production2021: '1台', nationalPosition: '无' },
        mainProblems: 'a', serviceNeeds: 'b', supportingPolicies: 'c', regionOpinion: '',
      });
      expect(f['form.missingFields']).toEqual(['联系人', '联系电话', '市州局推荐意见']);
      expect(f['form.missingCount']).toBe(3);
    });

    it('is empty for a complete form', () => {
      const f = facts({
        leadingProduct: '激光器', contact: { name: '张三', phone: '027-00000000' },
        cluster: { enterprises: 1, aboveScaleEnterprises: 1, employees: 1, profitTax2021: 1, output2021: 1, production2021: 'x', nationalPosition: 'y' },
        mainProblems: 'a', serviceNeeds: 'b', supportingPolicies: 'c', regionOpinion: 'd',
      });
      expect([f['form.missingFields'], f['form.missingCount']]).toEqual([[], 0]);
    });
  });

  describe('missing 五个一 items', () => {
    it('lists all five when none is reported', () => {
      const f = facts({ deliverables: null });
      expect(f['deliverables.missing']).toEqual(['一个项目实施方案', '一支技术服务团队', '一次质量诊断', '一批问题解决方案', '一份项目总结报告']);
      expect([f['deliverables.missingCount'], f['deliverables.deliveredCount']]).toEqual([5, 0]);
    });

    it('lists only those not delivered, in the rule set\'s order', () => {
      const f = facts({ deliverables: ['report', 'plan', 'team'] });
      expect(f['deliverables.missing']).toEqual(['一次质量诊断', '一批问题解决方案']);
      expect([f['deliverables.missingCount'], f['deliverables.deliveredCount']]).toEqual([2, 3]);
    });

    it('is empty when all are delivered', () => {
      const f = facts({ deliverables: ['plan', 'team', 'diagnosis', 'solutions', 'report'] });
      expect([f['deliverables.missing'], f['deliverables.missingCount'], f['deliverables.deliveredCount']]).toEqual([[], 0, 5]);
    });
  });

  describe('region class and quota', () => {
    it.each([
      ['武汉', '武汉', 'prefecture', '市、州', 2],
      ['武汉市', '武汉', 'prefecture', '市、州', 2],
      ['恩施土家族苗族自治州', '恩施', 'prefecture', '市、州', 2],
      ['恩施州', '恩施', 'prefecture', '市、州', 2],
      ['仙桃', '仙桃', 'direct', '直管市', 1],
      ['天门市', '天门', 'direct', '直管市', 1],
      ['潜江', '潜江', 'direct', '直管市', 1],
      ['神农架林区', '神农架', 'forestry', '林区', 1],
    ])('%s → %s, %s (%s), quota %d', (regionName, name, cls, label, quota) => {
      const f = facts({ region: regionName });
      expect([f['region.name'], f['region.class'], f['region.classLabel'], f['region.quota']]).toEqual([name, cls, label, quota]);
    });

    it('takes the quota from the rule set\'s parameter, not from code', () => {
      const changed: LoadedRuleSet = structuredClone(ruleSet);
      changed.document.parameters.find((p) => p.name === 'quotaPrefecture')!.value = 3;
      const f = factsWith(new Evaluator(changed), project(), 3);
      expect([f['region.quota'], f['region.newProjects']]).toEqual([3, 3]);
    });

    it('carries the count of new projects it is given', () => {
      expect(facts({}, 4)['region.newProjects']).toBe(4);
    });
  });

  it('funding facts are null when not given, never 0', () => {
    const f = facts({ funding: { provincial: 0 } });
    expect([f['funding.provincial'], f['funding.localMatching'], f['funding.sourceSecured']]).toEqual([0, null, null]);
    const none = facts({});
    expect([none['funding.provincial'], none['funding.localMatching'], none['funding.sourceSecured']]).toEqual([null, null, null]);
  });

  it('labels category and industry from the rule set tables', () => {
    const f = facts({ category: 'pairing', industry: 'agriculture' });
    expect([f['project.categoryLabel'], f['project.industry'], f['project.industryLabel']]).toEqual(['616对口支援项目', 'agriculture', '农业']);
    expect(facts({})['project.industryLabel']).toBeNull();
  });

  it('recognises the 616 pairing project whatever its brackets and suffixes', () => {
    expect(facts({ name: '恩施玉露茶产业集群质量提升' })['pairing.named']).toBe(true);
    expect(facts({ name: '恩施（玉露茶）产业集群质量提升' })['pairing.named']).toBe(true);
    expect(facts({ name: '恩施硒茶产业质量提升' })['pairing.named']).toBe(false);
  });

  it('copies dates and progress, null when absent', () => {
    const f = facts({ submitted: { recommendation: '2022-03-25' }, progress: { publicityItems: 0 } });
    expect([f['submitted.recommendation'], f['submitted.summary'], f['progress.publicityItems'], f['progress.trainings']]).toEqual(['2022-03-25', null, 0, null]);
  });

  it('names every fact of the catalogue and nothing else', () => {
    expect(Object.keys(facts({})).sort()).toEqual(evaluator.index.facts.of('project').map((f) => f.name).sort());
  });

  it('is pure: the same project gives the same facts and is not modified', () => {
    const p = project({ deliverables: ['plan'], funding: { provincial: 1 } });
    const before = structuredClone(p);
    const a = factsWith(evaluator, p, 1);
    const b = factsWith(evaluator, p, 1);
    expect(a).toEqual(b);
    expect(p).toEqual(before);
  });
});

describe('the aggregate of new projects, computed once per batch', () => {
  it('counts new projects per year and region, ignoring other categories', () => {
    const members = [
      { id: 'a', year: 2022, region: '武汉', category: 'new' },
      { id: 'b', year: 2022, region: '武汉', category: 'new' },
      { id: 'c', year: 2022, region: '武汉', category: 'continued' },
      { id: 'd', year: 2022, region: '武汉', category: 'pairing' },
      { id: 'e', year: 2023, region: '武汉', category: 'new' },
      { id: 'f', year: 2022, region: '仙桃', category: 'new' },
    ];
    const ledger = evaluator.ledger({ project: members });
    const aggregate = ruleSet.document.aggregates.find((a) => a.name === 'region.newProjects')!;
    const count = (year: number, region: string) => ledger.valueFor(aggregate, { year, region });
    expect([count(2022, '武汉'), count(2023, '武汉'), count(2022, '仙桃'), count(2022, '天门')]).toEqual([2, 1, 1, 0]);
  });

  it('puts a member posted again in place of its stored self, and counts members without an id each once', () => {
    const aggregate = ruleSet.document.aggregates.find((a) => a.name === 'region.newProjects')!;
    const stored = evaluator.ledger({ project: [{ id: 'a', year: 2022, region: '武汉', category: 'new' }] });
    const replaced = stored.with('project', [{ id: 'a', year: 2022, region: '武汉', category: 'continued' }]);
    const added = stored.with('project', [{ year: 2022, region: '武汉', category: 'new' }, { year: 2022, region: '武汉', category: 'new' }], (_r, i) => `draft#${i}`);
    expect(replaced.valueFor(aggregate, { year: 2022, region: '武汉' })).toBe(0);
    expect(added.valueFor(aggregate, { year: 2022, region: '武汉' })).toBe(3);
    expect(stored.valueFor(aggregate, { year: 2022, region: '武汉' })).toBe(1);
  });
});

describe('values that do not fit the model', () => {
  it('a stored value of the wrong type reads as not filled in, and the rules say so without failing the evaluation', async () => {
    // A record saved under another year's model: text where this model declares amounts and dates.
    const record = { ...project(), funding: { provincial: '25万', localMatching: 250000, sourceSecured: 'yes' }, submitted: { recommendation: 20220320 }, counties: 'n/a' };
    const ledger = evaluator.ledger({ project: [record] });
    const e = await evaluator.evaluateProject(record, 'application', ledger);
    const byId = new Map(e.results.map((r) => [r.ruleId, r]));
    expect([e.facts['funding.provincial'], e.facts['funding.sourceSecured'], e.facts['submitted.recommendation']]).toEqual([null, null, null]);
    expect(byId.get('funding.cap.new')).toMatchObject({ outcome: 'fail', message: '未填写申请的省级资金' });
    expect(byId.get('deadline.recommendation')).toMatchObject({ outcome: 'fail', message: '推荐表尚未报送（截止日期2022年3月25日）' });
    expect(byId.get('funding.source-secured')).toMatchObject({ outcome: 'fail', message: '配套经费来源未落实（经费来源已落实：未填写）' });
  });

  it('a rule a policy officer wrote without a message for a missing value names the field', async () => {
    const changed: LoadedRuleSet = structuredClone(ruleSet);
    changed.document.rules.find((r) => r.id === 'funding.cap.new')!.messages.missing = undefined;
    const e2 = new Evaluator(changed);
    const record = project();
    const e = await e2.evaluateProject(record, 'application', e2.ledger({ project: [record] }));
    expect(e.results.find((r) => r.ruleId === 'funding.cap.new')).toMatchObject({ outcome: 'fail', message: '“省级资金”未填写' });
  });
});

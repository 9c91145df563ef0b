import { parseProject } from '../projects/project-input';
import { parseRegionProgress } from '../regions/region-progress-input';
import { loadRuleSetFile } from '../rule-sets/rule-set-loader';
import { Stage } from '../rule-sets/rule-set.types';
import { EvaluationReport, RuleOutcome, SubjectEvaluation } from './evaluation.types';
import { Evaluator } from './evaluator';

const ruleSet = loadRuleSetFile('hubei-2022');
const evaluator = new Evaluator(ruleSet);
const RULE_IDS = ruleSet.document.rules.map((r) => r.id);

type Json = Record<string, unknown>;

/** A complete, compliant 2022 new project (the example of domain.md). */
function newProject(overrides: Json = {}): Json {
  return {
    id: 'wuhan-2022-01',
    year: 2022,
    name: '武汉光谷激光产业集群质量提升',
    region: '武汉',
    county: '东湖高新区',
    category: 'new',
    predecessor: null,
    leadingProduct: '激光器',
    industry: 'manufacturing',
    contact: { name: '张三', phone: '027-00000000' },
    cluster: {
      enterprises: 120, aboveScaleEnterprises: 45, employees: 28000,
      profitTax2021: 120000000, output2021: 8500000000,
      production2021: '激光器12万台', nationalPosition: '全国前三',
    },
    mainProblems: '质量一致性不足',
    serviceNeeds: '计量校准与检验检测',
    supportingPolicies: '市级配套政策',
    regionOpinion: '同意推荐',
    funding: { provincial: 250000, localMatching: 250000, sourceSecured: true },
    submitted: { recommendation: '2022-03-20', summary: '2022-12-10' },
    deliverables: ['plan', 'team', 'diagnosis', 'solutions', 'report'],
    progress: { trainings: 3, trainees: 180, enterprisesServed: 40, problemsSolved: 25, publicityItems: 6 },
    ...overrides,
  };
}

function continuedProject(overrides: Json = {}): Json {
  return {
    id: 'yichang-2022-c1',
    year: 2022,
    name: '枝江姚家港化工园化工产品质量提升',
    region: '宜昌',
    category: 'continued',
    predecessor: '枝江市姚家港化工园化工产品质量提升',
    funding: { provincial: 200000, localMatching: 200000 },
    ...overrides,
  };
}

function pairingProject(overrides: Json = {}): Json {
  return { id: 'enshi-2022-p1', year: 2022, name: '恩施玉露茶产业集群质量提升', region: '恩施', category: 'pairing', funding: { provincial: 100000 }, ...overrides };
}

function selfFundedProject(overrides: Json = {}): Json {
  return { id: 'suizhou-2022-s1', year: 2022, name: '随州香稻产业集群质量提升', region: '随州', category: 'self_funded', predecessor: '随州香稻产业集群质量提升', ...overrides };
}

async function evaluateProjects(inputs: Json[], stage: Stage = 'application'): Promise<EvaluationReport> {
  // parseProject first, exactly as the CLI and the API do, so names and dates are normalised.
  return evaluator.evaluateProjectList(inputs.map((p, i) => parseProject(p, evaluator.index, `/${i}`)), stage);
}

async function evaluateOne(input: Json, stage: Stage = 'application'): Promise<SubjectEvaluation> {
  return (await evaluateProjects([input], stage)).evaluations[0];
}

function result(evaluation: SubjectEvaluation, ruleId: string): RuleOutcome {
  const found = evaluation.results.find((r) => r.ruleId === ruleId);
  if (!found) throw new Error(`no result for ${ruleId}`);
  return found;
}

async function ruleOf(input: Json, ruleId: string, stage: Stage = 'application'): Promise<RuleOutcome> {
  return result(await evaluateOne(input, stage), ruleId);
}

function expectOutcome(r: RuleOutcome, outcome: RuleOutcome['outcome'], message: string): void {
  expect({ ruleId: r.ruleId, outcome: r.outcome, message: r.message }).toEqual({ ruleId: r.ruleId, outcome, message });
}

function region(overrides: Json = {}): Json {
  return {
    year: 2022,
    region: '神农架',
    achieved: { wan: 50, qian: 3, bai: 1 },
    counties: [{ name: '松柏镇', trainings: 1, trainees: 50, stations: 1 }],
    submitted: { plan: '2022-03-25', summary: '2022-12-15' },
    ...overrides,
  };
}

async function evaluateRegions(inputs: Json[]): Promise<EvaluationReport> {
  return evaluator.evaluateRegionList(inputs.map((r, i) => parseRegionProgress(r, evaluator.index, `/${i}`)));
}

async function regionRule(input: Json, ruleId: string): Promise<RuleOutcome> {
  return result((await evaluateRegions([input])).evaluations[0], ruleId);
}

describe('Evaluator (hubei-2022)', () => {
  describe('every rule yields a result', () => {
    it('lists every rule of the rule set, in order, for each stage and subject kind', async () => {
      const application = await evaluateOne(newProject());
      const acceptance = await evaluateOne(newProject(), 'acceptance');
      const regions = await evaluateRegions([region()]);
      for (const e of [application, acceptance, ...regions.evaluations]) {
        expect(e.results.map((r) => r.ruleId)).toEqual(RULE_IDS);
      }
      expect(regions.evaluations.map((e) => e.subject.kind)).toEqual(['region', 'province']);
    });

    it('reports the rule set, stage, subject and the facts it saw', async () => {
      const report = await evaluateProjects([newProject()]);
      expect(report.ruleSet).toEqual({ id: 'hubei-2022', version: null, hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
      expect(report.stage).toBe('application');
      const e = report.evaluations[0];
      expect(e.subject).toEqual({ kind: 'project', id: 'wuhan-2022-01', name: '武汉光谷激光产业集群质量提升', region: '武汉', year: 2022 });
      expect(e.facts['funding.provincial']).toBe(250000);
      expect(result(e, 'funding.cap.new')).toMatchObject({
        title: '新项目省级资金上限', clause: '三（二）', severity: 'blocking', requirement: '省级资金不超过25万元',
      });
    });

    it('a fully compliant new project passes every application rule that applies to it', async () => {
      const e = await evaluateOne(newProject());
      const applied = e.results.filter((r) => r.outcome !== 'not_applicable').map((r) => [r.ruleId, r.outcome]);
      expect(applied).toEqual([
        ['funding.cap.new', 'pass'],
        ['funding.matching', 'pass'],
        ['funding.source-secured', 'pass'],
        ['quota.region', 'pass'],
        ['deadline.recommendation', 'pass'],
        ['form.complete', 'pass'],
        ['focus.manufacturing', 'pass'],
      ]);
      expect(e.compliant).toBe(true);
    });

    it('gives every not-applicable result a reason and no conditions', async () => {
      const e = await evaluateOne(newProject());
      expectOutcome(result(e, 'funding.cap.continued'), 'not_applicable', '不适用：本条仅适用于2021年度优秀项目延续');
      expectOutcome(result(e, 'funding.matching'), 'pass', '地方配套25万元，不少于省级资金25万元');
      expectOutcome(result(e, 'deliverables.five-ones'), 'not_applicable', '不适用：本条属于验收评价阶段');
      expectOutcome(result(e, 'targets.wan'), 'not_applicable', '不适用：本条适用于市州进度');
      expectOutcome(result(e, 'coverage.stations-total'), 'not_applicable', '不适用：本条适用于全省汇总');
      for (const r of e.results.filter((x) => x.outcome === 'not_applicable')) expect(r.conditions).toEqual([]);
    });
  });

  describe('funding.cap.new (≤ 25万)', () => {
    it('250000 yuan passes', async () => {
      const r = await ruleOf(newProject(), 'funding.cap.new');
      expectOutcome(r, 'pass', '申请省级资金25万元，未超过上限25万元');
      expect(r.conditions).toEqual([{ fact: 'funding.provincial', operator: 'lessThanInclusive', expected: 250000, actual: 250000, result: true }]);
    });

    it('250001 yuan fails', async () => {
      const r = await ruleOf(newProject({ funding: { provincial: 250001, localMatching: 250001, sourceSecured: true } }), 'funding.cap.new');
      expectOutcome(r, 'fail', '申请省级资金25.0001万元，超过上限25万元');
      expect(r.conditions).toEqual([{ fact: 'funding.provincial', operator: 'lessThanInclusive', expected: 250000, actual: 250001, result: false }]);
    });

    it('260000 yuan fails with the amounts in 万元', async () => {
      const r = await ruleOf(newProject({ funding: { provincial: 260000, localMatching: 260000, sourceSecured: true } }), 'funding.cap.new');
      expectOutcome(r, 'fail', '申请省级资金26万元，超过上限25万元');
    });

    it('a missing amount fails and says so', async () => {
      const r = await ruleOf(newProject({ funding: { localMatching: 250000, sourceSecured: true } }), 'funding.cap.new');
      expectOutcome(r, 'fail', '未填写申请的省级资金');
      expect(r.conditions[0]).toMatchObject({ actual: null, expected: 250000, result: false });
    });

    it('does not apply to other categories or at acceptance', async () => {
      expectOutcome(await ruleOf(continuedProject(), 'funding.cap.new'), 'not_applicable', '不适用：本条仅适用于2022年度新项目');
      expectOutcome(await ruleOf(newProject(), 'funding.cap.new', 'acceptance'), 'not_applicable', '不适用：本条属于申报审查阶段');
    });
  });

  describe('funding.cap.continued (≤ 20万)', () => {
    it('200000 yuan passes', async () => {
      expectOutcome(await ruleOf(continuedProject(), 'funding.cap.continued'), 'pass', '申请省级资金20万元，未超过20万元');
    });

    it('200001 yuan fails', async () => {
      const r = await ruleOf(continuedProject({ funding: { provincial: 200001, localMatching: 200001 } }), 'funding.cap.continued');
      expectOutcome(r, 'fail', '申请省级资金20.0001万元，超过优秀项目延续经费20万元');
      expect(r.conditions).toEqual([{ fact: 'funding.provincial', operator: 'lessThanInclusive', expected: 200000, actual: 200001, result: false }]);
    });

    it('does not apply to new projects', async () => {
      expect((await ruleOf(newProject(), 'funding.cap.continued')).outcome).toBe('not_applicable');
    });
  });

  describe('funding.cap.pairing (≤ 10万)', () => {
    it('100000 yuan passes', async () => {
      expectOutcome(await ruleOf(pairingProject(), 'funding.cap.pairing'), 'pass', '申请省级资金10万元，未超过10万元');
    });

    it('100001 yuan fails', async () => {
      const r = await ruleOf(pairingProject({ funding: { provincial: 100001 } }), 'funding.cap.pairing');
      expectOutcome(r, 'fail', '申请省级资金10.0001万元，超过对口支援专项经费10万元');
    });

    it('does not apply to new projects', async () => {
      expectOutcome(await ruleOf(newProject(), 'funding.cap.pairing'), 'not_applicable', '不适用：本条仅适用于616对口支援项目');
    });
  });

  describe('funding.self-funded (= 0)', () => {
    it('passes with no provincial funds, whether 0 or left out', async () => {
      expectOutcome(await ruleOf(selfFundedProject({ funding: { provincial: 0 } }), 'funding.self-funded'), 'pass', '自筹经费项目，未申请省级资金');
      expectOutcome(await ruleOf(selfFundedProject(), 'funding.self-funded'), 'pass', '自筹经费项目，未申请省级资金');
    });

    it('fails when provincial funds are asked for, even 1 yuan', async () => {
      expectOutcome(await ruleOf(selfFundedProject({ funding: { provincial: 50000 } }), 'funding.self-funded'), 'fail', '自筹经费项目申请了省级资金5万元，应为0万元');
      expect((await ruleOf(selfFundedProject({ funding: { provincial: 1 } }), 'funding.self-funded')).outcome).toBe('fail');
    });

    it('reports both conditions of its "any" even when the first already decides it', async () => {
      const r = await ruleOf(selfFundedProject({ funding: { provincial: 0 } }), 'funding.self-funded');
      expect(r.conditions).toEqual([
        { fact: 'funding.provincial', operator: 'equal', expected: 0, actual: 0, result: true },
        { fact: 'funding.provincial', operator: 'equal', expected: null, actual: 0, result: false },
      ]);
    });

    it('does not apply to new projects', async () => {
      expectOutcome(await ruleOf(newProject(), 'funding.self-funded'), 'not_applicable', '不适用：本条仅适用于自筹经费延续项目');
    });
  });

  describe('funding.matching (local ≥ provincial)', () => {
    it('equal amounts pass', async () => {
      expectOutcome(await ruleOf(newProject(), 'funding.matching'), 'pass', '地方配套25万元，不少于省级资金25万元');
    });

    it('one yuan short fails', async () => {
      const r = await ruleOf(newProject({ funding: { provincial: 250000, localMatching: 249999, sourceSecured: true } }), 'funding.matching');
      expectOutcome(r, 'fail', '地方配套24.9999万元，少于省级资金25万元，未等额配套');
      expect(r.conditions).toEqual([{ fact: 'funding.localMatching', operator: 'greaterThanInclusive', expected: 250000, actual: 249999, result: false }]);
    });

    it('applies to continued projects too', async () => {
      const r = await ruleOf(continuedProject({ funding: { provincial: 200000, localMatching: 100000 } }), 'funding.matching');
      expectOutcome(r, 'fail', '地方配套10万元，少于省级资金20万元，未等额配套');
    });

    it('does not apply to pairing or self-funded projects', async () => {
      const reason = '不适用：本条仅适用于2022年度新项目、2021年度优秀项目延续';
      expectOutcome(await ruleOf(pairingProject(), 'funding.matching'), 'not_applicable', reason);
      expectOutcome(await ruleOf(selfFundedProject(), 'funding.matching'), 'not_applicable', reason);
    });
  });

  describe('funding.source-secured', () => {
    it('passes when secured', async () => {
      expectOutcome(await ruleOf(newProject(), 'funding.source-secured'), 'pass', '配套经费来源已落实');
    });

    it('fails when not secured or not said', async () => {
      expectOutcome(
        await ruleOf(newProject({ funding: { provincial: 250000, localMatching: 250000, sourceSecured: false } }), 'funding.source-secured'),
        'fail', '配套经费来源未落实（经费来源已落实：否）',
      );
      expectOutcome(
        await ruleOf(newProject({ funding: { provincial: 250000, localMatching: 250000 } }), 'funding.source-secured'),
        'fail', '配套经费来源未落实（经费来源已落实：未填写）',
      );
    });

    it('does not apply to continued projects', async () => {
      expect((await ruleOf(continuedProject(), 'funding.source-secured')).outcome).toBe('not_applicable');
    });
  });

  describe('eligibility.continued-excellent (Annex 1 优秀)', () => {
    it('passes for a predecessor rated 优秀, written without the 市 of Annex 1', async () => {
      const r = await ruleOf(continuedProject(), 'eligibility.continued-excellent');
      expectOutcome(r, 'pass', '2021年度项目“枝江市姚家港化工园化工产品质量提升”评价等次为优秀');
      expect(r.conditions).toEqual([{ fact: 'predecessor.rating', operator: 'equal', expected: '优秀', actual: '优秀', result: true }]);
    });

    it('fails for a predecessor rated 良好 (name written without brackets)', async () => {
      const r = await ruleOf(continuedProject({ predecessor: '十堰房县酿酒和发酵产业集群质量提升', region: '十堰' }), 'eligibility.continued-excellent');
      expectOutcome(r, 'fail', '2021年度项目“十堰房县酿酒和发酵产业集群质量提升”评价等次为良好，不是优秀');
    });

    it('fails for 延迟验收', async () => {
      const r = await ruleOf(continuedProject({ predecessor: '荆门市“荆品名门”农产品区域公用品牌质量提升', region: '荆门' }), 'eligibility.continued-excellent');
      expectOutcome(r, 'fail', '2021年度项目“荆门市“荆品名门”农产品区域公用品牌质量提升”评价等次为延迟验收，不是优秀');
    });

    it('fails for a predecessor that is not in Annex 1', async () => {
      const r = await ruleOf(continuedProject({ predecessor: '不存在的2021项目' }), 'eligibility.continued-excellent');
      expectOutcome(r, 'fail', '2021年度项目“不存在的2021项目”未在2021年度验收评价结果（附件1）中找到');
      expect(r.conditions[0]).toMatchObject({ actual: null, expected: '优秀', result: false });
    });

    it('fails when the predecessor is not named', async () => {
      expectOutcome(await ruleOf(continuedProject({ predecessor: null }), 'eligibility.continued-excellent'), 'fail', '未填写延续的2021年度项目名称');
    });

    it('does not apply to new projects', async () => {
      expect((await ruleOf(newProject(), 'eligibility.continued-excellent')).outcome).toBe('not_applicable');
    });
  });

  describe('eligibility.pairing-project (616)', () => {
    it('passes for 恩施玉露茶', async () => {
      expectOutcome(await ruleOf(pairingProject(), 'eligibility.pairing-project'), 'pass', '“恩施玉露茶产业集群质量提升”为616对口支援指定项目');
    });

    it('fails for any other project', async () => {
      expectOutcome(await ruleOf(pairingProject({ name: '恩施硒茶产业质量提升' }), 'eligibility.pairing-project'), 'fail', '“恩施硒茶产业质量提升”不是616对口支援指定项目');
    });

    it('does not apply to new projects', async () => {
      expect((await ruleOf(newProject(), 'eligibility.pairing-project')).outcome).toBe('not_applicable');
    });
  });

  describe('quota.region (≤ 2 per 市州, ≤ 1 per 直管市/林区)', () => {
    const named = (id: string, regionName: string, extra: Json = {}) => newProject({ id, name: `${id}测试项目`, region: regionName, ...extra });

    it('two new projects of a prefecture pass', async () => {
      const report = await evaluateProjects([named('a1', '武汉'), named('a2', '武汉市')]);
      for (const e of report.evaluations) {
        const r = result(e, 'quota.region');
        expectOutcome(r, 'pass', '武汉（市、州）2022年度推荐新项目2个，未超过2个');
        expect(r.conditions).toEqual([{ fact: 'region.newProjects', operator: 'lessThanInclusive', expected: 2, actual: 2, result: true }]);
      }
    });

    it('a third new project makes every new project of the region fail, whatever spelling of the region', async () => {
      const report = await evaluateProjects([named('b1', '武汉'), named('b2', '武汉市'), named('b3', ' 武汉 '), named('b4', '黄石')]);
      const [b1, b2, b3, b4] = report.evaluations;
      for (const e of [b1, b2, b3]) {
        expectOutcome(result(e, 'quota.region'), 'fail', '武汉（市、州）2022年度推荐新项目3个，超过限额2个');
        expect(e.compliant).toBe(false);
      }
      expectOutcome(result(b4, 'quota.region'), 'pass', '黄石（市、州）2022年度推荐新项目1个，未超过2个');
      expect(b4.compliant).toBe(true);
    });

    it('a directly administered city may recommend one', async () => {
      const one = await evaluateProjects([named('c1', '仙桃')]);
      expectOutcome(result(one.evaluations[0], 'quota.region'), 'pass', '仙桃（直管市）2022年度推荐新项目1个，未超过1个');
      const two = await evaluateProjects([named('c1', '仙桃'), named('c2', '仙桃市')]);
      for (const e of two.evaluations) expectOutcome(result(e, 'quota.region'), 'fail', '仙桃（直管市）2022年度推荐新项目2个，超过限额1个');
    });

    it('the forestry district may recommend one', async () => {
      const two = await evaluateProjects([named('d1', '神农架'), named('d2', '神农架林区')]);
      for (const e of two.evaluations) expectOutcome(result(e, 'quota.region'), 'fail', '神农架（林区）2022年度推荐新项目2个，超过限额1个');
    });

    it('counts only new projects of the same year', async () => {
      const report = await evaluateProjects([
        named('e1', '仙桃'),
        named('e2', '仙桃', { year: 2023 }),
        continuedProject({ id: 'e3', region: '仙桃' }),
        pairingProject({ id: 'e4', region: '仙桃' }),
      ]);
      expect(result(report.evaluations[0], 'quota.region').outcome).toBe('pass');
      expect(result(report.evaluations[1], 'quota.region').message).toBe('仙桃（直管市）2023年度推荐新项目1个，未超过1个');
      expect(result(report.evaluations[2], 'quota.region').outcome).toBe('not_applicable');
    });
  });

  describe('deadline.recommendation (by 2022-03-25)', () => {
    const submitted = (recommendation: string | null) => newProject({ submitted: { recommendation } });

    it('2022-03-25 is on time', async () => {
      const r = await ruleOf(submitted('2022-03-25'), 'deadline.recommendation');
      expectOutcome(r, 'pass', '推荐表于2022年3月25日报送，未超过截止日期2022年3月25日');
      expect(r.conditions).toEqual([{ fact: 'submitted.recommendation', operator: 'dateOnOrBefore', expected: '2022-03-25', actual: '2022-03-25', result: true }]);
    });

    it('2022-03-26 is late', async () => {
      const r = await ruleOf(submitted('2022-03-26'), 'deadline.recommendation');
      expectOutcome(r, 'fail', '推荐表于2022年3月26日报送，晚于截止日期2022年3月25日');
    });

    it('"2022-03-25T16:30:00Z" is 2022-03-26 in Shanghai, so late', async () => {
      const r = await ruleOf(submitted('2022-03-25T16:30:00Z'), 'deadline.recommendation');
      expectOutcome(r, 'fail', '推荐表于2022年3月26日报送，晚于截止日期2022年3月25日');
      expect(r.conditions[0]).toMatchObject({ actual: '2022-03-26', expected: '2022-03-25', result: false });
    });

    it('"2022-03-25T15:59:59Z" is still 2022-03-25 in Shanghai, so on time', async () => {
      expect((await ruleOf(submitted('2022-03-25T15:59:59Z'), 'deadline.recommendation')).outcome).toBe('pass');
    });

    it('not yet submitted fails and gives the deadline', async () => {
      expectOutcome(await ruleOf(submitted(null), 'deadline.recommendation'), 'fail', '推荐表尚未报送（截止日期2022年3月25日）');
    });

    it('does not apply to continued projects', async () => {
      expect((await ruleOf(continuedProject(), 'deadline.recommendation')).outcome).toBe('not_applicable');
    });
  });

  describe('form.complete (Annex 2)', () => {
    it('passes when every field is filled', async () => {
      expectOutcome(await ruleOf(newProject(), 'form.complete'), 'pass', '推荐表各项均已填写');
    });

    it('lists the missing fields in Annex 2 order; blank text counts as missing', async () => {
      const r = await ruleOf(newProject({ mainProblems: '   ', contact: { name: '张三' }, regionOpinion: null }), 'form.complete');
      expectOutcome(r, 'fail', '推荐表有3项未填写：联系电话、主要问题、市州局推荐意见');
      expect(r.conditions).toEqual([{ fact: 'form.missingCount', operator: 'equal', expected: 0, actual: 3, result: false }]);
    });

    it('does not apply to continued projects', async () => {
      expect((await ruleOf(continuedProject(), 'form.complete')).outcome).toBe('not_applicable');
    });
  });

  describe('focus.manufacturing (warning)', () => {
    it('passes for manufacturing', async () => {
      expectOutcome(await ruleOf(newProject(), 'focus.manufacturing'), 'pass', '项目属于制造业');
    });

    it('fails for agriculture without making the project non-compliant', async () => {
      const e = await evaluateOne(newProject({ industry: 'agriculture' }));
      const r = result(e, 'focus.manufacturing');
      expectOutcome(r, 'fail', '项目行业为农业，不属于重点支持的制造业（提示）');
      expect(r.severity).toBe('warning');
      expect(e.compliant).toBe(true);
    });

    it('fails when the industry is not given', async () => {
      expectOutcome(await ruleOf(newProject({ industry: null }), 'focus.manufacturing'), 'fail', '项目行业为未填写，不属于重点支持的制造业（提示）');
    });
  });

  describe('deliverables.five-ones (acceptance)', () => {
    it('passes with all five items', async () => {
      expectOutcome(await ruleOf(newProject(), 'deliverables.five-ones', 'acceptance'), 'pass', '“五个一”5项均已完成');
    });

    it('lists the missing items', async () => {
      const r = await ruleOf(newProject({ deliverables: ['plan', 'team', 'solutions'] }), 'deliverables.five-ones', 'acceptance');
      expectOutcome(r, 'fail', '“五个一”有2项未完成：一次质量诊断、一份项目总结报告');
      expect(r.conditions).toEqual([{ fact: 'deliverables.missingCount', operator: 'equal', expected: 0, actual: 2, result: false }]);
    });

    it('applies to every category at acceptance', async () => {
      const r = await ruleOf(continuedProject(), 'deliverables.five-ones', 'acceptance');
      expectOutcome(r, 'fail', '“五个一”有5项未完成：一个项目实施方案、一支技术服务团队、一次质量诊断、一批问题解决方案、一份项目总结报告');
    });

    it('does not apply at application', async () => {
      expectOutcome(await ruleOf(newProject(), 'deliverables.five-ones'), 'not_applicable', '不适用：本条属于验收评价阶段');
    });
  });

  describe('deadline.summary (by 2022-12-15)', () => {
    const summary = (date: string | null) => newProject({ submitted: { recommendation: '2022-03-20', summary: date } });

    it('2022-12-15 is on time', async () => {
      expectOutcome(await ruleOf(summary('2022-12-15'), 'deadline.summary', 'acceptance'), 'pass', '工作总结于2022年12月15日报送，未超过截止日期2022年12月15日');
    });

    it('2022-12-16 is late, also when given as a UTC date-time of the 15th', async () => {
      expectOutcome(await ruleOf(summary('2022-12-16'), 'deadline.summary', 'acceptance'), 'fail', '工作总结于2022年12月16日报送，晚于截止日期2022年12月15日');
      expectOutcome(await ruleOf(summary('2022-12-15T17:00:00Z'), 'deadline.summary', 'acceptance'), 'fail', '工作总结于2022年12月16日报送，晚于截止日期2022年12月15日');
    });

    it('not submitted fails', async () => {
      expectOutcome(await ruleOf(summary(null), 'deadline.summary', 'acceptance'), 'fail', '工作总结尚未报送（截止日期2022年12月15日）');
    });
  });

  describe('publicity.reported (warning)', () => {
    const publicity = (n: number | null) => newProject({ progress: { publicityItems: n } });

    it('one item passes', async () => {
      expectOutcome(await ruleOf(publicity(1), 'publicity.reported', 'acceptance'), 'pass', '报送宣传报道1篇');
    });

    it('none fails as a warning', async () => {
      const e = await evaluateOne(publicity(0), 'acceptance');
      expectOutcome(result(e, 'publicity.reported'), 'fail', '宣传报道0篇，少于1篇（提示）');
      expect(e.compliant).toBe(true);
    });

    it('not reported fails', async () => {
      expect((await ruleOf(publicity(null), 'publicity.reported', 'acceptance')).outcome).toBe('fail');
    });
  });

  describe('compliance, score and grade', () => {
    it('application has no score or grade, and points are null', async () => {
      const e = await evaluateOne(newProject());
      expect(e.score).toBeNull();
      expect(e.grade).toBeNull();
      for (const r of e.results) expect([r.points, r.earned]).toEqual([null, null]);
    });

    it('compliant is false as soon as one blocking rule fails, and only then', async () => {
      const warningsOnly = await evaluateOne(newProject({ industry: 'services' }));
      expect(warningsOnly.results.filter((r) => r.outcome === 'fail').map((r) => r.ruleId)).toEqual(['focus.manufacturing']);
      expect(warningsOnly.compliant).toBe(true);
      const blocking = await evaluateOne(newProject({ industry: 'services', funding: { provincial: 250000, localMatching: 250000, sourceSecured: false } }));
      expect(blocking.results.filter((r) => r.outcome === 'fail').map((r) => r.ruleId)).toEqual(['funding.source-secured', 'focus.manufacturing']);
      expect(blocking.compliant).toBe(false);
    });

    it.each<[string, Json, number, string, boolean]>([
      ['everything delivered on time', {}, 100, '优秀', true],
      ['summary late (loses 20 of 100)', { submitted: { summary: '2022-12-16' } }, 80, '良好', false],
      ['no publicity (loses 30, a warning)', { progress: { publicityItems: 0 } }, 70, '合格', true],
      ['one of 五个一 missing (loses 50)', { deliverables: ['plan', 'team', 'diagnosis', 'solutions'] }, 50, '不合格', false],
      ['nothing delivered', { deliverables: [], submitted: null, progress: null }, 0, '不合格', false],
    ])('acceptance: %s', async (_label, overrides, score, grade, compliant) => {
      const e = await evaluateOne(newProject(overrides), 'acceptance');
      expect({ score: e.score, grade: e.grade, compliant: e.compliant }).toEqual({ score, grade, compliant });
    });

    it('acceptance records points and points earned per rule', async () => {
      const e = await evaluateOne(newProject({ submitted: { summary: '2022-12-16' } }), 'acceptance');
      expect(['deliverables.five-ones', 'deadline.summary', 'publicity.reported'].map((id) => [result(e, id).points, result(e, id).earned])).toEqual([
        [50, 50],
        [20, 0],
        [30, 30],
      ]);
    });
  });

  describe('region rules', () => {
    it('targets pass exactly at the Annex 3 target and fail one below', async () => {
      const at = (await evaluateRegions([region()])).evaluations[0];
      expectOutcome(result(at, 'targets.wan'), 'pass', '神农架已推动50家中小企业，完成任务数50家');
      expectOutcome(result(at, 'targets.qian'), 'pass', '神农架已有3家规上企业导入先进质量管理模式，完成任务数3家');
      expectOutcome(result(at, 'targets.bai'), 'pass', '神农架已培育1家标杆企业，完成任务数1家');
      expect(at.compliant).toBe(true);

      const below = (await evaluateRegions([region({ region: '神农架林区', achieved: { wan: 49, qian: 2, bai: 0 } })])).evaluations[0];
      expectOutcome(result(below, 'targets.wan'), 'fail', '神农架已推动49家中小企业，未完成任务数50家');
      expectOutcome(result(below, 'targets.qian'), 'fail', '神农架已有2家规上企业导入先进质量管理模式，未完成任务数3家');
      expectOutcome(result(below, 'targets.bai'), 'fail', '神农架已培育0家标杆企业，未完成任务数1家');
      expect(result(below, 'targets.wan').conditions).toEqual([{ fact: 'achieved.wan', operator: 'greaterThanInclusive', expected: 50, actual: 49, result: false }]);
      expect(below.compliant).toBe(false);
    });

    it('uses each region\'s own targets', async () => {
      expectOutcome(await regionRule(region({ region: '武汉', achieved: { wan: 3000, qian: 349, bai: 25 } }), 'targets.qian'), 'fail', '武汉已有349家规上企业导入先进质量管理模式，未完成任务数350家');
    });

    it('coverage.training lists the counties short of 1 training and 50 trainees, with both conditions', async () => {
      const counties = [
        { name: '松柏镇', trainings: 1, trainees: 50, stations: 1 },
        { name: '阳日镇', trainings: 1, trainees: 49, stations: 1 },
        { name: '木鱼镇', trainings: 0, trainees: 80, stations: 1 },
      ];
      const r = await regionRule(region({ counties }), 'coverage.training');
      expectOutcome(r, 'fail', '2个县市区培训未达标：阳日镇、木鱼镇');
      expect(r.conditions).toEqual([
        { fact: 'counties.count', operator: 'greaterThan', expected: 0, actual: 3, result: true },
        { fact: 'counties.shortTrainingCount', operator: 'equal', expected: 0, actual: 2, result: false },
      ]);
      expectOutcome(await regionRule(region(), 'coverage.training'), 'pass', '填报的1个县市区培训均达标');
    });

    it('coverage.training fails with no counties and still reports both conditions', async () => {
      const r = await regionRule(region({ counties: [] }), 'coverage.training');
      expectOutcome(r, 'fail', '尚未填报县市区培训情况');
      expect(r.conditions).toEqual([
        { fact: 'counties.count', operator: 'greaterThan', expected: 0, actual: 0, result: false },
        { fact: 'counties.shortTrainingCount', operator: 'equal', expected: 0, actual: 0, result: true },
      ]);
    });

    it('coverage.station lists the counties without a station', async () => {
      const counties = [
        { name: '松柏镇', trainings: 1, trainees: 50, stations: 2 },
        { name: '阳日镇', trainings: 1, trainees: 50, stations: 0 },
        { name: '红坪镇', trainings: 1, trainees: 50 },
      ];
      expectOutcome(await regionRule(region({ counties }), 'coverage.station'), 'fail', '2个县市区未建成服务站：阳日镇、红坪镇');
      expectOutcome(await regionRule(region(), 'coverage.station'), 'pass', '填报的1个县市区均已建成服务站，共1个');
      expectOutcome(await regionRule(region({ counties: null }), 'coverage.station'), 'fail', '尚未填报县市区服务站情况');
    });

    it('deadline.plan: 2022-03-25 on time, 2022-03-26 or a late UTC time late, missing fails', async () => {
      const plan = (p: string | null) => region({ submitted: { plan: p, summary: '2022-12-15' } });
      expectOutcome(await regionRule(plan('2022-03-25'), 'deadline.plan'), 'pass', '实施方案于2022年3月25日报送，未超过截止日期2022年3月25日');
      expectOutcome(await regionRule(plan('2022-03-26'), 'deadline.plan'), 'fail', '实施方案于2022年3月26日报送，晚于截止日期2022年3月25日');
      expectOutcome(await regionRule(plan('2022-03-25T16:30:00Z'), 'deadline.plan'), 'fail', '实施方案于2022年3月26日报送，晚于截止日期2022年3月25日');
      expectOutcome(await regionRule(plan(null), 'deadline.plan'), 'fail', '实施方案尚未报送（截止日期2022年3月25日）');
    });

    it('deadline.region-summary: 2022-12-15 on time, 2022-12-16 late', async () => {
      const summary = (s: string | null) => region({ submitted: { plan: '2022-03-25', summary: s } });
      expectOutcome(await regionRule(summary('2022-12-15'), 'deadline.region-summary'), 'pass', '工作总结于2022年12月15日报送，未超过截止日期2022年12月15日');
      expectOutcome(await regionRule(summary('2022-12-16'), 'deadline.region-summary'), 'fail', '工作总结于2022年12月16日报送，晚于截止日期2022年12月15日');
      expectOutcome(await regionRule(summary(null), 'deadline.region-summary'), 'fail', '工作总结尚未报送（截止日期2022年12月15日）');
    });

    it('region rules do not apply to projects, project rules not to regions', async () => {
      const e = (await evaluateRegions([region()])).evaluations[0];
      expectOutcome(result(e, 'funding.cap.new'), 'not_applicable', '不适用：本条适用于示范项目');
      expectOutcome(result(e, 'coverage.stations-total'), 'not_applicable', '不适用：本条适用于全省汇总');
      expect(e.score).toBeNull();
    });
  });

  describe('coverage.stations-total (province ≥ 150)', () => {
    const withStations = (a: number, b: number) => [
      region({ region: '武汉', counties: [{ name: '江岸区', trainings: 1, trainees: 50, stations: a }] }),
      region({ region: '宜昌', counties: [{ name: '夷陵区', trainings: 1, trainees: 50, stations: b }] }),
    ];

    it('150 stations across the regions pass', async () => {
      const province = (await evaluateRegions(withStations(100, 50))).evaluations[2];
      expect(province.subject).toEqual({ kind: 'province', id: 'province', name: '全省', region: null, year: 2022 });
      const r = result(province, 'coverage.stations-total');
      expectOutcome(r, 'pass', '全省已建成“一站式”服务站150个，达到150个');
      expect(r.conditions).toEqual([{ fact: 'province.stations', operator: 'greaterThanInclusive', expected: 150, actual: 150, result: true }]);
      expect(province.compliant).toBe(true);
    });

    it('149 fail', async () => {
      const province = (await evaluateRegions(withStations(100, 49))).evaluations[2];
      expectOutcome(result(province, 'coverage.stations-total'), 'fail', '全省已建成“一站式”服务站149个，未达到150个');
      expect(province.compliant).toBe(false);
      expectOutcome(result(province, 'targets.wan'), 'not_applicable', '不适用：本条适用于市州进度');
    });

    it('aggregates each year separately', async () => {
      const report = await evaluateRegions([...withStations(100, 50), region({ year: 2023, region: '武汉', counties: [{ name: '江岸区', stations: 3 }] })]);
      const provinces = report.evaluations.filter((e) => e.subject.kind === 'province');
      expect(provinces.map((p) => [p.subject.year, p.facts['province.stations']])).toEqual([
        [2022, 150],
        [2023, 3],
      ]);
    });
  });

  it('every multi-condition rule reports every one of its leaf conditions, pass or fail', async () => {
    const reports = [
      await evaluateProjects([newProject(), newProject({ id: 'x2', funding: null, submitted: null, industry: null }), continuedProject(), pairingProject(), selfFundedProject()]),
      await evaluateProjects([newProject({ deliverables: [] }), newProject({ id: 'x2' })], 'acceptance'),
      await evaluateRegions([region(), region({ region: '仙桃', counties: [], achieved: null, submitted: null })]),
    ];
    const leaves = new Map(ruleSet.document.rules.map((r) => [r.id, JSON.stringify(r.conditions).match(/"fact":"[^"]+","operator"/g)!.length]));
    let checked = 0;
    for (const report of reports) {
      for (const e of report.evaluations) {
        for (const r of e.results.filter((x) => x.outcome !== 'not_applicable')) {
          expect({ ruleId: r.ruleId, count: r.conditions.length }).toEqual({ ruleId: r.ruleId, count: leaves.get(r.ruleId) });
          for (const c of r.conditions) {
            expect(Object.keys(c).sort()).toEqual(['actual', 'expected', 'fact', 'operator', 'result']);
            expect(typeof c.result).toBe('boolean');
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});

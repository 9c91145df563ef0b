import fs from 'node:fs';
import path from 'node:path';
import { Evaluator } from '../evaluation/evaluator';
import { loadRuleSetFile, trustedRuleSet } from '../rule-sets/rule-set-loader';
import { LoadedRuleSet } from '../rule-sets/rule-set.types';
import { RegionProgress } from '../regions/region-progress.types';
import { buildRegionScorecard } from './region-scorecard.view';
import { ScorecardSource } from './report-view.types';

const ROOT = path.resolve(__dirname, '..', '..');
const REGIONS = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'ok', 'regions-2022.json'), 'utf8')) as RegionProgress[];

async function regionSource(loaded: LoadedRuleSet, record: RegionProgress): Promise<ScorecardSource> {
  const evaluator = new Evaluator(loaded);
  const evaluation = await evaluator.evaluateRegion(record);
  return { evaluationId: 'r-1', ruleSet: evaluator.ref, stage: 'progress', evaluation, document: loaded.document, region: record };
}

describe('buildRegionScorecard', () => {
  it('compares achievements with the targets and checks each county with the rule set’s CEL checks', async () => {
    const loaded = loadRuleSetFile('hubei-2022');
    const record: RegionProgress = {
      year: 2022, region: '神农架', achieved: { wan: 52, qian: 2 }, submitted: { plan: '2022-03-24' },
      counties: [{ name: '松柏镇', trainings: 1, trainees: 40, stations: 1 }, { name: '木鱼镇', trainings: 2, trainees: 60 }],
    };
    const view = buildRegionScorecard(await regionSource(loaded, record));
    expect(view.reportTitle).toBe('“万千百十一”质量提升活动市州任务完成情况评估报告');
    expect(view.headline).toBe('年度：2022　　市州类别：林区　　填报县市区：2 个　　服务站：1 个');
    expect(view.measures!.heading).toBe('一、任务完成情况（附件3 任务分解表）');
    expect(view.measures!.rows[0]).toMatchObject({ label: '万：开展质量提升行动的中小企业（家）', target: '50', achieved: '52', rate: '104%', outcomeLabel: '符合' });
    expect(view.measures!.rows[1]).toMatchObject({ rate: '66.7%', outcomeLabel: '不符合' });
    expect(view.measures!.rows[2]).toMatchObject({ achieved: '未填写', rate: '—' });
    expect(view.rows!.heading).toBe('二、县市区覆盖情况');
    expect(view.rows!.note).toBe('每个县市区培训不少于 1 次、培训人数不少于 50 人，建成“一站式”服务站不少于 1 个');
    expect(view.rows!.columns).toEqual(['县市区', '培训次数', '培训人数', '一站式服务站数']);
    expect(view.rows!.checkLabels).toEqual(['培训', '服务站']);
    expect(view.rows!.rows[0].cells.map((c) => c.value)).toEqual(['松柏镇', '1', '40', '1']);
    expect(view.rows!.rows[0].checks).toEqual([{ text: '未达标', ok: false }, { text: '已建成', ok: true }]);
    expect(view.rows!.rows[1].cells.map((c) => c.value)).toEqual(['木鱼镇', '2', '60', '未填写']);
    expect(view.rows!.rows[1].checks).toEqual([{ text: '达标', ok: true }, { text: '未建成', ok: false }]);
    expect(view.deadlines!.heading).toBe('三、报送时限');
    expect(view.deadlines!.rows[0]).toMatchObject({ due: '2022年3月25日', submitted: '2022年3月24日', outcomeLabel: '符合' });
    expect(view.deadlines!.rows[1]).toMatchObject({ submitted: '未报送' });
    expect(view.rulesHeading).toBe('四、规则核查明细');
    expect(view.otherSubjects).toContain('市州推荐名额');
  });

  it('names the counties that fall short from the facts when the record is not at hand', async () => {
    const src = await regionSource(loadRuleSetFile('hubei-2022'), REGIONS[1]);
    const { counties: _rows, ...facts } = src.evaluation.facts;
    const view = buildRegionScorecard({ ...src, region: null, evaluation: { ...src.evaluation, facts } });
    expect(view.rows!.note).toBe('培训未达标：仙桃市；未建成服务站：仙桃市');
    expect(view.rows!.rows).toEqual([]);
  });

  it('numbers the sections it has without gaps and uses a changed check', async () => {
    const loaded = loadRuleSetFile('hubei-2022');
    const doc = structuredClone(loaded.document);
    delete doc.reports.region.measures;
    doc.reports.region.rows!.checks = [{ label: '培训人数', cel: 'has(row.trainees) && row.trainees > param.minCountyTrainees + 5', pass: '超出下限5人以上', fail: '未超出下限5人' }];
    const view = buildRegionScorecard(await regionSource({ ...loaded, document: doc }, REGIONS[0]));
    expect(view.measures).toBeNull();
    expect([view.rows!.heading, view.deadlines!.heading, view.rulesHeading]).toEqual(['一、县市区覆盖情况', '二、报送时限', '三、规则核查明细']);
    expect(view.rows!.checkLabels).toEqual(['培训人数']);
    expect(view.rows!.rows[0].checks).toEqual([{ text: '超出下限5人以上', ok: true }]); // 56 > 50 + 5
  });

  it('prints a format 1 version’s evaluation with the same layout', async () => {
    const format1 = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'format-1', 'hubei-2022.json'), 'utf8'));
    const loaded = loadRuleSetFile('hubei-2022');
    const old = await regionSource(trustedRuleSet(format1, 1), REGIONS[0]);
    const now = await regionSource(loaded, REGIONS[0]);
    const [a, b] = [buildRegionScorecard(old), buildRegionScorecard(now)];
    expect(a.headline).toBe(b.headline);
    expect(a.measures).toEqual(b.measures);
    expect(a.rows).toEqual(b.rows);
    expect(a.deadlines).toEqual(b.deadlines);
    expect(a.rows!.rows[0].checks).toEqual([{ text: '达标', ok: true }, { text: '已建成', ok: true }]);
  });
});

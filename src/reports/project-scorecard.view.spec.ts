import { sampleSources } from '../bench/pdf-fixtures';
import { buildProjectScorecard } from './project-scorecard.view';
import { buildRegionScorecard } from './region-scorecard.view';
import { buildYearSummary } from './year-summary.view';
import { matchingRatio } from './report-format';

describe('buildProjectScorecard', () => {
  it('words an application-stage failure: blocking rules, warnings apart, conclusion with reasons', async () => {
    // Sample 3 (index 2) matches only half of its provincial funds.
    const src = (await sampleSources(3, 'application'))[2];
    const view = buildProjectScorecard(src);
    expect(view.reportTitle).toBe('省级质量提升示范项目申报审查报告');
    expect(view.project.provincial).toBe('22万元');
    expect(view.project.localMatching).toBe('11万元');
    expect(view.project.matchingRatio).toBe('50%');
    const matching = view.blocking.find((r) => r.ruleId === 'funding.matching')!;
    expect(matching.outcomeLabel).toBe('不符合');
    expect(matching.actual).toContain('地方配套资金：11万元');
    expect(view.warnings.every((r) => src.evaluation.results.find((x) => x.ruleId === r.ruleId)!.severity === 'warning')).toBe(true);
    expect(view.conclusion.compliant).toBe(false);
    expect(view.conclusion.text).toMatch(/^不符合申报要求，原因：\d+ 项约束性条款不符合$/);
    expect(view.conclusion.reasons.some((r) => r.startsWith('地方等额配套'))).toBe(true);
    expect(view.scored).toBe(false);
    // Region and province rules are named, not hidden.
    expect(view.otherSubjects).toContain('targets.wan');
    const shown = view.blocking.length + view.warnings.length + view.otherSubjects.split('：')[1].split('、').length;
    expect(shown).toBe(src.evaluation.results.length);
  });

  it('shows points, score and grade at the acceptance stage', async () => {
    const src = (await sampleSources(1, 'acceptance'))[0];
    const view = buildProjectScorecard(src);
    expect(view.scored).toBe(true);
    expect(view.score).toBe(String(src.evaluation.score));
    expect(view.grade).toBe(src.evaluation.grade);
    expect(view.reportTitle).toBe('省级质量提升示范项目验收评价报告');
    expect(view.trace).toMatchObject({ ruleSetId: 'hubei-2022', evaluationId: 'sample-1', evaluatedAt: '2022年12月20日' });
    expect(view.scoringNote).toContain('待省局确认');
  });
});

describe('matchingRatio', () => {
  it('is exact for equal matching and explicit without provincial funds', () => {
    expect(matchingRatio(250000, 250000)).toBe('100%');
    expect(matchingRatio(300000, 100000)).toBe('33.3%');
    expect(matchingRatio(0, 50000)).toBe('全部为地方经费');
    expect(matchingRatio(null, 1)).toBe('—');
  });
});

describe('buildYearSummary', () => {
  it('totals projects, compliant ones and funds per region in Annex 3 order', async () => {
    const sources = await sampleSources(20, 'application');
    const view = buildYearSummary(sources, { year: 2022, today: '2022-12-31' });
    expect(view.rows).toHaveLength(20);
    expect(view.byRegion[0].region).toBe('武汉');
    expect(view.total.projects).toBe(20);
    expect(view.total.compliant).toBe(sources.filter((s) => s.evaluation.compliant).length);
    const wuhan = sources.filter((s) => s.evaluation.subject.region === '武汉');
    const sum = wuhan.reduce((a, s) => a + (s.evaluation.facts['funding.provincial'] as number), 0);
    expect(view.byRegion[0].provincial).toBe(`${sum / 10000}万元`);
    expect(view.generatedOn).toBe('2022年12月31日');
  });
});

describe('buildRegionScorecard', () => {
  it('compares achievements with the Annex 3 targets', async () => {
    const [src] = await sampleSources(1);
    const view = buildRegionScorecard({
      ...src,
      stage: 'progress',
      evaluation: {
        subject: { kind: 'region', id: '神农架', name: '神农架', region: '神农架', year: 2022 },
        compliant: false, score: null, grade: null, results: [],
        facts: { 'region.name': '神农架', 'achieved.wan': 52, 'target.wan': 50, 'achieved.qian': 2, 'target.qian': 3, 'counties.count': 1, 'submitted.plan': '2022-03-24' },
      },
      region: { year: 2022, region: '神农架', counties: [{ name: '松柏镇', trainings: 1, trainees: 40, stations: 1 }] },
    });
    expect(view.targets[0]).toMatchObject({ target: '50', achieved: '52', rate: '104%' });
    expect(view.targets[1].rate).toBe('66.7%');
    expect(view.counties[0]).toMatchObject({ name: '松柏镇', trainingOk: false, stationOk: true });
    expect(view.deadlines[0]).toMatchObject({ due: '2022年3月25日', submitted: '2022年3月24日' });
  });
});

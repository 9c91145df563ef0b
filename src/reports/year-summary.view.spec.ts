import { sampleProjects, sampleSources } from '../bench/pdf-fixtures';
import { Evaluator } from '../evaluation/evaluator';
import { loadRuleSetFile } from '../rule-sets/rule-set-loader';
import { buildYearSummary } from './year-summary.view';
import { ScorecardSource } from './report-view.types';

describe('buildYearSummary', () => {
  it('totals projects, compliant ones and funds per region in the order of the regions table', async () => {
    const sources = await sampleSources(20, 'application');
    const view = buildYearSummary(sources, { year: 2022, today: '2022-12-31' });
    expect(view.reportTitle).toBe('2022年度省级质量提升示范项目评估汇总表');
    expect(view.amountLabels).toEqual(['省级资金', '地方配套']);
    expect(view.columnCount).toBe(10);
    expect(view.rows).toHaveLength(20);
    expect(view.byRegion.map((t) => t.region).slice(0, 3)).toEqual(['武汉', '黄石', '十堰']);
    expect(view.total.projects).toBe(20);
    expect(view.total.compliant).toBe(sources.filter((s) => s.evaluation.compliant).length);
    const wuhan = sources.filter((s) => s.evaluation.subject.region === '武汉');
    const sum = wuhan.reduce((a, s) => a + (s.evaluation.facts['funding.provincial'] as number), 0);
    expect(view.byRegion[0].amounts[0]).toBe(`${sum / 10000}万元`);
    expect(view.rows[0]).toMatchObject({ region: '武汉', categoryLabel: '2022年度新项目', amounts: ['20万元', '20万元'] });
    expect(view.generatedOn).toBe('2022年12月31日');
  });

  it('shows the amounts the rule set lists, summed per region and in total', async () => {
    const loaded = loadRuleSetFile('hubei-2022');
    const doc = structuredClone(loaded.document);
    doc.reports.summary.title = '{{year}}年度项目资金汇总表';
    doc.reports.summary.amounts.push({ label: '2021年利税', fact: 'cluster.profitTax2021' });
    const projects = sampleProjects(3);
    const evaluator = new Evaluator({ ...loaded, document: doc });
    const report = await evaluator.evaluateProjectList(projects, 'application');
    const sources: ScorecardSource[] = report.evaluations.map((evaluation, i) => ({
      evaluationId: `s-${i}`, ruleSet: report.ruleSet, stage: 'application', evaluation, document: doc, project: projects[i],
    }));
    const view = buildYearSummary(sources, { year: 2022, today: '2022-12-31', document: doc });
    expect(view.reportTitle).toBe('2022年度项目资金汇总表');
    expect(view.amountLabels).toEqual(['省级资金', '地方配套', '2021年利税']);
    expect(view.columnCount).toBe(11);
    expect(view.rows[0].amounts).toEqual(['20万元', '20万元', '12000万元']);
    expect(view.total.amounts).toEqual(['63万元', '52万元', '36000万元']);
  });
});

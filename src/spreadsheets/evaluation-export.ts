import { EvaluationReport } from '../evaluation/evaluation.types';
import { Project } from '../projects/project.types';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { Stage } from '../rule-sets/rule-set.types';
import { ExportColumn, ExportTable, OUTCOME_TEXT } from './export-table';

const STAGE_LABELS: Record<string, string> = { application: '申报审查', acceptance: '验收评价' };

/**
 * Evaluation results of a year as a table a bureau can sort and forward: one row per project,
 * its funds, compliance, score and grade, one column per project rule of the stage, and the
 * reasons of every failure in the last column.
 */
export function evaluationTable(report: EvaluationReport, projects: Project[], index: RuleSetIndex): ExportTable {
  const stage = report.stage as Stage;
  const rules = index.doc.rules.filter((r) => r.subject === 'project' && (!r.stage || r.stage === stage));
  const byId = new Map(projects.map((p) => [p.id, p]));
  const requirement = renderedRequirements(report);
  const columns: ExportColumn[] = [
    { header: '项目编号', kind: 'text', width: 16 },
    { header: '年度', kind: 'text', width: 7 },
    { header: '市州', kind: 'text', width: 8 },
    { header: '项目名称', kind: 'text', width: 34 },
    { header: '项目类别', kind: 'text', width: 18 },
    { header: '省级资金（万元）', kind: 'wan', width: 12 },
    { header: '地方配套资金（万元）', kind: 'wan', width: 12 },
    { header: '是否合规', kind: 'outcome', width: 9, note: '无“阻断”级规则未通过即为合规' },
    { header: '得分', kind: 'number', width: 7 },
    { header: '等级', kind: 'text', width: 7 },
    ...rules.map((r): ExportColumn => ({
      header: r.title, kind: 'outcome', width: 12,
      note: `${r.id}｜条款 ${r.clause}｜${r.severity === 'blocking' ? '阻断' : '提示'}｜${requirement.get(r.id) ?? ''}`,
    })),
    { header: '未通过事项', kind: 'text', width: 60 },
  ];
  const rows = report.evaluations
    .filter((e) => e.subject.kind === 'project')
    .map((e) => {
      const p = byId.get(e.subject.id);
      const outcomes = new Map(e.results.map((r) => [r.ruleId, r]));
      const failures = e.results
        .filter((r) => r.outcome === 'fail')
        .map((r) => `${r.title}${r.severity === 'warning' ? '（提示）' : ''}：${r.message}`);
      return [
        e.subject.id, String(e.subject.year), e.subject.region, e.subject.name,
        p ? index.categoryLabel(p.category) : null,
        p?.funding?.provincial ?? null, p?.funding?.localMatching ?? null,
        e.compliant ? '通过' : '不通过', e.score, e.grade,
        ...rules.map((r) => {
          const o = outcomes.get(r.id);
          return o ? OUTCOME_TEXT[o.outcome] : null;
        }),
        failures.join('；') || null,
      ];
    });
  return { sheet: `${STAGE_LABELS[stage] ?? stage}结果`, columns, rows };
}

/** The rules behind the columns, so a forwarded file explains itself. */
export function ruleLegendTable(index: RuleSetIndex, report: EvaluationReport, kinds: string[]): ExportTable {
  const rules = index.doc.rules.filter((r) => kinds.includes(r.subject));
  const requirement = renderedRequirements(report);
  const ruleSet = report.ruleSet;
  return {
    sheet: '规则说明',
    columns: [
      { header: '规则', kind: 'text', width: 26 },
      { header: '编号', kind: 'text', width: 28 },
      { header: '条款', kind: 'text', width: 10 },
      { header: '级别', kind: 'text', width: 8 },
      { header: '要求', kind: 'text', width: 70 },
    ],
    rows: rules.map((r) => [r.title, r.id, r.clause, r.severity === 'blocking' ? '阻断' : '提示', requirement.get(r.id) ?? null]),
    footer: [[`规则集 ${ruleSet.id}`, `第 ${ruleSet.version ?? '-'} 版`, null, null, ruleSet.hash]],
  };
}

/** Requirements with the rule set's parameters filled in ("省级资金不超过25万元"), as evaluated. */
function renderedRequirements(report: EvaluationReport): Map<string, string> {
  return new Map(report.evaluations.flatMap((e) => e.results.map((r) => [r.ruleId, r.requirement] as const)));
}

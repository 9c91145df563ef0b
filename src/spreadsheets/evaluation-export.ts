import { EvaluationReport, SubjectEvaluation } from '../evaluation/evaluation.types';
import { Project } from '../projects/project.types';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { Stage } from '../rule-sets/rule-set.types';
import { valueAt } from '../subjects/field-values';
import { ExportColumn, ExportTable, ExportValue, OUTCOME_TEXT } from './export-table';
import { exportKindOf, exportValue, factHeader } from './fact-cells';
import { identityFields } from './identity-columns';
import { totalsRow } from './export-totals';

const STAGE_LABELS: Record<string, string> = { application: '申报审查', acceptance: '验收评价' };

const IDENTITY_WIDTHS: Record<string, number> = { id: 16, year: 7, region: 8, name: 34, category: 18 };

/**
 * Evaluation results of a year as a table a bureau can sort and forward: one row per project —
 * its identity, the amounts the rule set's year summary adds up (in 万元), compliance, score and
 * grade, one column per project rule of the stage, the reasons of every failure in the last
 * column — and a total line. `scope` is the region of a region user: the total is then theirs.
 */
export function evaluationTable(report: EvaluationReport, projects: Project[], index: RuleSetIndex, scope: string | null = null): ExportTable {
  const stage = report.stage as Stage;
  const rules = index.doc.rules.filter((r) => r.subject === 'project' && (!r.stage || r.stage === stage));
  const byId = new Map(projects.map((p) => [p.id, p]));
  const requirement = renderedRequirements(report);
  const identity = identityFields('project');
  const amounts = index.doc.reports.summary.amounts.map((a) => {
    const info = index.facts.get('project', a.fact);
    return { fact: a.fact, info, column: { header: info ? factHeader(info) : a.label, kind: exportKindOf(info?.type ?? 'amount'), width: 12 } as ExportColumn };
  });
  const columns: ExportColumn[] = [
    ...identity.map((f): ExportColumn => ({ header: f.label, kind: 'text', width: IDENTITY_WIDTHS[f.key] ?? 12 })),
    ...amounts.map((a) => a.column),
    { header: '是否合规', kind: 'outcome', width: 9, note: '无“阻断”级规则未通过即为合规' },
    { header: '得分', kind: 'number', width: 7 },
    { header: '等级', kind: 'text', width: 7 },
    ...rules.map((r): ExportColumn => ({
      header: r.title, kind: 'outcome', width: 12,
      note: `${r.id}｜条款 ${r.clause}｜${r.severity === 'blocking' ? '阻断' : '提示'}｜${requirement.get(r.id) ?? ''}`,
    })),
    { header: '未通过事项', kind: 'text', width: 60 },
  ];
  const identityValue = (e: SubjectEvaluation, p: Project | undefined, key: string): ExportValue => {
    if (key === 'category') return p ? index.categoryLabel(p.category) : null;
    if (key === 'id') return e.subject.id;
    if (key === 'year') return String(e.subject.year);
    if (key === 'region') return e.subject.region;
    if (key === 'name') return e.subject.name;
    const v = p?.[key];
    return v === undefined || v === null ? null : String(v);
  };
  const rows = report.evaluations
    .filter((e) => e.subject.kind === 'project')
    .map((e) => {
      const p = byId.get(e.subject.id);
      const outcomes = new Map(e.results.map((r) => [r.ruleId, r]));
      const failures = e.results
        .filter((r) => r.outcome === 'fail')
        .map((r) => `${r.title}${r.severity === 'warning' ? '（提示）' : ''}：${r.message}`);
      return [
        ...identity.map((f) => identityValue(e, p, f.key)),
        ...amounts.map((a) => exportValue(index, a.info, e.facts[a.fact] ?? valueAt(p, a.fact))),
        e.compliant ? '通过' : '不通过', e.score, e.grade,
        ...rules.map((r) => {
          const o = outcomes.get(r.id);
          return o ? OUTCOME_TEXT[o.outcome] : null;
        }),
        failures.join('；') || null,
      ];
    });
  const label = `${scope ?? '全省'}合计（${rows.length}个项目）`;
  const amountColumns = new Set(amounts.map((a) => a.column));
  const footer = rows.length > 0 ? [totalsRow(columns, rows, { text: label, at: 0 }, (c) => amountColumns.has(c))] : [];
  return { sheet: `${STAGE_LABELS[stage] ?? stage}结果`, columns, rows, footer };
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

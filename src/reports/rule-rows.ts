import { RuleOutcome } from '../evaluation/evaluation.types';
import { RuleSetDocument, SubjectKind } from '../rule-sets/rule-set.types';
import { ConclusionView, RuleRowView } from './report-view.types';
import { FactWording } from './fact-wording';
import { formatActual, OUTCOME_LABELS } from './report-format';

/** One rule of a subject's rule table; actual values worded with the rule set's catalogue. */
export function ruleRow(r: RuleOutcome, no: number, facts: Record<string, unknown>, wording: FactWording, kind: SubjectKind): RuleRowView {
  const warning = r.severity === 'warning';
  return {
    no,
    ruleId: r.ruleId,
    title: r.title,
    clause: r.clause,
    requirement: r.requirement,
    actual: r.outcome === 'not_applicable' ? '—' : formatActual(r.conditions, facts, wording, kind),
    outcome: r.outcome,
    applicable: r.outcome !== 'not_applicable',
    // A failed warning does not block: say so in the cell, not only by colour (prints in grey).
    outcomeLabel: warning && r.outcome === 'fail' ? '不符合（提示）' : OUTCOME_LABELS[r.outcome],
    // The evaluator words reasons as "不适用：…"; the column already says 不适用.
    message: r.outcome === 'not_applicable' ? r.message.replace(/^不适用[:：]\s*/, '') : r.message,
    points: r.points === null ? '—' : String(r.points),
    earned: r.earned === null ? '—' : String(r.earned),
  };
}

/**
 * Splits results into those written for this kind of subject and the rest. Without the rule-set
 * document every rule stays in the table: showing too much beats hiding a rule.
 */
export function partitionBySubject(
  results: RuleOutcome[],
  kind: SubjectKind,
  document: RuleSetDocument | null | undefined,
): { own: RuleOutcome[]; others: RuleOutcome[] } {
  if (!document) return { own: results, others: [] };
  const subjectOf = new Map(document.rules.map((r) => [r.id, r.subject]));
  const own: RuleOutcome[] = [];
  const others: RuleOutcome[] = [];
  for (const r of results) {
    const subject = subjectOf.get(r.ruleId);
    (subject === undefined || subject === kind || r.outcome !== 'not_applicable' ? own : others).push(r);
  }
  return { own, others };
}

/** Rules written for other subjects, named by their titles: staff read titles, not rule ids. */
export function otherSubjectsNote(others: RuleOutcome[]): string {
  if (others.length === 0) return '';
  return `另有 ${others.length} 条规则适用于其他评估对象，本报告判定为不适用：${others.map((r) => r.title).join('、')}`;
}

/** The conclusion line: which blocking rules failed, and the warnings that did not pass. */
export function conclusionOf(results: RuleOutcome[], compliant: boolean, passText: string, failText: string): ConclusionView {
  const reasons = results
    .filter((r) => r.severity === 'blocking' && r.outcome === 'fail')
    .map((r) => `${r.title}（${r.clause}）：${r.message}`);
  const warnings = results
    .filter((r) => r.severity === 'warning' && r.outcome === 'fail')
    .map((r) => `${r.title}（${r.clause}）：${r.message}`);
  const text = compliant ? passText : `${failText}，原因：${reasons.length} 项约束性条款不符合`;
  return { compliant, text, reasons, warnings };
}

import { formatChineseDate, isCalendarDate, toShanghaiDate } from '../common/dates';
import { formatWan } from '../common/money';
import { ConditionResult } from '../evaluation/rules-engine';
import { factInfo } from '../evaluation/fact-catalogue';
import { EvaluationStage, Outcome } from '../rule-sets/rule-set.types';
import { RuleSetRef } from '../evaluation/evaluation.types';
import { RuleSetDocument } from '../rule-sets/rule-set.types';
import { NoticeView, TraceView } from './report-view.types';

/** Wording shared by every report; kept here so the three scorecards never disagree. */
export const OUTCOME_LABELS: Record<Outcome, string> = { pass: '符合', fail: '不符合', not_applicable: '不适用' };
export const STAGE_LABELS: Record<EvaluationStage, string> = { application: '申报审查', acceptance: '验收评价', progress: '进度评估' };
export const NOT_FILLED = '未填写';

/** A fact value as a reader expects it: amounts in 万元, dates in Chinese, lists joined. */
export function formatFactValue(fact: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return NOT_FILLED;
  const type = factInfo(fact)?.type;
  if (Array.isArray(value)) return value.length === 0 ? '无' : value.map(String).join('、');
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (type === 'amount' && typeof value === 'number') return formatWan(value);
  if ((type === 'date' || (typeof value === 'string' && isCalendarDate(value))) && typeof value === 'string') {
    return formatChineseDate(value);
  }
  return String(value);
}

/**
 * The "actual value" column: each fact a rule looked at, with its label. A fact read by several
 * conditions of one rule is shown once; parameters (the expected side) are left to the
 * requirement column.
 */
export function formatActual(conditions: ConditionResult[], facts: Record<string, unknown> = {}): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const c of conditions) {
    if (c.fact.startsWith('param.') || seen.has(c.fact)) continue;
    seen.add(c.fact);
    const label = factInfo(c.fact)?.label ?? c.fact;
    // Ids such as "manufacturing" have a label fact beside them ("制造业"): readers get the label.
    const labelled = facts[`${c.fact}Label`];
    parts.push(`${label}：${typeof labelled === 'string' && labelled ? labelled : formatFactValue(c.fact, c.actual)}`);
  }
  return parts.length > 0 ? parts.join('；') : '—';
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : score.toFixed(1).replace(/\.0$/, '');
}

/** Local matching as a share of provincial funds (等额配套 means at least 100%). */
export function matchingRatio(provincial: unknown, localMatching: unknown): string {
  if (typeof provincial !== 'number' || typeof localMatching !== 'number') return '—';
  if (provincial <= 0) return localMatching > 0 ? '全部为地方经费' : '—';
  // Integer arithmetic in per-mille, so 1:1 reads exactly 100%.
  const perMille = Math.round((localMatching * 1000) / provincial);
  return `${(perMille / 10).toFixed(1).replace(/\.0$/, '')}%`;
}

export function noticeOf(document: RuleSetDocument | null | undefined, ref: RuleSetRef): NoticeView {
  return {
    title: document?.noticeTitle ?? `规则集 ${ref.id}`,
    issuer: document?.issuer ?? '',
    documentNumber: document?.documentNumber ?? null,
    documentDate: document ? formatChineseDate(document.documentDate) : '',
  };
}

export function traceOf(ref: RuleSetRef, evaluationId: string, evaluatedAt: string | null | undefined): TraceView {
  return {
    ruleSetId: ref.id,
    ruleSetVersion: ref.version === null || ref.version === undefined ? '(本地文件)' : `v${ref.version}`,
    ruleSetHash: ref.hash,
    evaluationId,
    evaluatedAt: evaluatedAt ? formatChineseDate(toShanghaiDate(evaluatedAt) ?? evaluatedAt.slice(0, 10)) : '—',
  };
}

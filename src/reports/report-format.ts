import { formatChineseDate, toShanghaiDate } from '../common/dates';
import { ConditionResult } from '../evaluation/rules-engine';
import { RuleSetRef } from '../evaluation/evaluation.types';
import { EvaluationStage, Outcome, RuleSetDocument, SubjectKind } from '../rule-sets/rule-set.types';
import { NoticeView, TraceView, VerificationView } from './report-view.types';
import { FactWording } from './fact-wording';

/** Wording shared by every report; kept here so the three scorecards never disagree. */
export const OUTCOME_LABELS: Record<Outcome, string> = { pass: '符合', fail: '不符合', not_applicable: '不适用' };
export const STAGE_LABELS: Record<EvaluationStage, string> = { application: '申报审查', acceptance: '验收评价', progress: '进度评估' };

/**
 * The "actual value" column: each fact a rule looked at, with its label, worded by its type in
 * the rule set's catalogue. A fact read by several conditions of one rule is shown once;
 * parameters (the expected side) are left to the requirement column.
 */
export function formatActual(
  conditions: ConditionResult[],
  facts: Record<string, unknown>,
  wording: FactWording,
  kind: SubjectKind,
): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const c of conditions) {
    if (c.fact.startsWith('param.') || seen.has(c.fact)) continue;
    seen.add(c.fact);
    parts.push(`${wording.label(kind, c.fact)}：${wording.actual(kind, c.fact, c.actual, facts)}`);
  }
  return parts.length > 0 ? parts.join('；') : '—';
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : score.toFixed(1).replace(/\.0$/, '');
}

/**
 * One fact as a percentage of another (local matching of provincial funds, achieved of target).
 * Integer arithmetic in per-mille, so 1:1 reads exactly 100%. A zero denominator reads `whenZero`
 * when the numerator is positive (全部为地方经费), else "—", as does a missing value.
 */
export function ratioText(numerator: unknown, denominator: unknown, whenZero?: string): string {
  if (typeof numerator !== 'number' || typeof denominator !== 'number') return '—';
  if (denominator <= 0) return numerator > 0 && whenZero ? whenZero : '—';
  const perMille = Math.round((numerator * 1000) / denominator);
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

/** `stored`: see ScorecardSource.stored; a report says whether it prints a stored evaluation. */
export function traceOf(
  ref: RuleSetRef,
  evaluationId: string,
  evaluatedAt: string | null | undefined,
  stored?: boolean,
  verification: VerificationView | null = null,
): TraceView {
  const date = evaluatedAt ? formatChineseDate(toShanghaiDate(evaluatedAt) ?? evaluatedAt.slice(0, 10)) : '—';
  return {
    ruleSetId: ref.id,
    ruleSetVersion: ref.version === null || ref.version === undefined ? '(本地文件)' : `v${ref.version}`,
    ruleSetHash: ref.hash,
    evaluationId: stored === false ? '未存储' : evaluationId,
    evaluatedAt: date,
    basis: stored === undefined ? null : stored ? `依据 ${date} 存储的评估记录 ${evaluationId}` : '打印时即时评估，未存储',
    verification,
  };
}

/** "一" … "十九": section numbers of a report, computed so an omitted section leaves no gap. */
export function chineseNumeral(n: number): string {
  const digits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n < 10) return digits[n];
  if (n < 20) return `十${digits[n - 10]}`;
  return `${digits[Math.floor(n / 10)]}十${digits[n % 10]}`;
}

/** Numbers headings in the order they are asked for: "一、…", "二、…". */
export function sectionNumbers(): (title: string) => string {
  let n = 0;
  return (title) => `${chineseNumeral(++n)}、${title}`;
}

import { RuleOutcome } from '../evaluation/evaluation.types';
import { formatWan } from '../common/money';
import { ProjectScorecardView, ScorecardSource } from './report-view.types';
import { formatScore, matchingRatio, NOT_FILLED, noticeOf, STAGE_LABELS, traceOf } from './report-format';
import { conclusionOf, otherSubjectsNote, partitionBySubject, ruleRow } from './rule-rows';

function text(value: unknown): string {
  return typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : NOT_FILLED;
}

function sumPoints(results: RuleOutcome[], pick: 'points' | 'earned'): number {
  return results.filter((r) => r.outcome !== 'not_applicable').reduce((s, r) => s + (r[pick] ?? 0), 0);
}

/** Builds the project scorecard (项目评估报告) from one evaluation. Pure: no I/O, no clock. */
export function buildProjectScorecard(src: ScorecardSource): ProjectScorecardView {
  const ev = src.evaluation;
  const f = ev.facts;
  const p = src.project ?? null;
  const { own, others } = partitionBySubject(ev.results, 'project', src.document);
  const blocking = own.filter((r) => r.severity === 'blocking');
  const warnings = own.filter((r) => r.severity !== 'blocking');
  const scored = ev.score !== null || own.some((r) => r.points !== null);
  const acceptance = src.stage === 'acceptance';
  const name = ev.subject.name.trim() || '（未命名项目）';
  // Amounts as evaluated (the facts), not as the project reads today: the scorecard must match its evaluation.
  const provincial = 'funding.provincial' in f ? f['funding.provincial'] : p?.funding?.provincial;
  const matching = 'funding.localMatching' in f ? f['funding.localMatching'] : p?.funding?.localMatching;
  return {
    reportTitle: acceptance ? '省级质量提升示范项目验收评价报告' : '省级质量提升示范项目申报审查报告',
    bookmark: name,
    notice: noticeOf(src.document, src.ruleSet),
    stageLabel: STAGE_LABELS[src.stage],
    project: {
      id: ev.subject.id,
      name,
      year: ev.subject.year,
      region: text(f['region.name'] ?? ev.subject.region),
      county: text(p?.county),
      categoryLabel: text(f['project.categoryLabel'] ?? p?.category),
      industryLabel: text(f['project.industryLabel'] ?? p?.industry),
      leadingProduct: text(p?.leadingProduct),
      contactName: text(p?.contact?.name),
      contactPhone: text(p?.contact?.phone),
      provincial: formatWan(typeof provincial === 'number' ? provincial : null),
      localMatching: formatWan(typeof matching === 'number' ? matching : null),
      matchingRatio: matchingRatio(provincial, matching),
    },
    blocking: blocking.map((r, i) => ruleRow(r, i + 1, f)),
    warnings: warnings.map((r, i) => ruleRow(r, blocking.length + i + 1, f)),
    otherSubjects: otherSubjectsNote(others),
    scored,
    score: formatScore(ev.score),
    grade: ev.grade ?? '—',
    pointsAvailable: String(sumPoints(own, 'points')),
    pointsEarned: String(sumPoints(own, 'earned')),
    scoringNote: src.document?.scoring.assumption ? (src.document.scoring.note ?? '分值与等次分数线为默认值，待省局确认') : '',
    conclusion: conclusionOf(
      own,
      ev.compliant,
      acceptance ? '符合验收要求' : '符合申报要求',
      acceptance ? '不符合验收要求' : '不符合申报要求',
    ),
    trace: traceOf(src.ruleSet, src.evaluationId, src.evaluatedAt),
  };
}

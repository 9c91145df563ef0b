import { RuleOutcome } from '../evaluation/evaluation.types';
import { InfoEntry, Stage } from '../rule-sets/rule-set.types';
import { IDENTITY } from '../subjects/subject-identity';
import { ProjectScorecardView, ScorecardSource, VerificationView } from './report-view.types';
import { FactWording } from './fact-wording';
import { informationRows } from './information-table';
import { formatScore, noticeOf, STAGE_LABELS, traceOf } from './report-format';
import { conclusionOf, otherSubjectsNote, partitionBySubject, ruleRow } from './rule-rows';

function sumPoints(results: RuleOutcome[], pick: 'points' | 'earned'): number {
  return results.filter((r) => r.outcome !== 'not_applicable').reduce((s, r) => s + (r[pick] ?? 0), 0);
}

/** Without the rule-set document (a version that can no longer be read): the project's identity. */
const IDENTITY_ONLY: InfoEntry[] = IDENTITY.project.filter((f) => f.key !== 'year').map((f) => ({ label: f.label, fact: f.fact }));

/**
 * Builds the project scorecard (项目评估报告) from one evaluation. Pure: no I/O, no clock; the
 * verification block is made beside it (report-parts.ts), from the evidence the file carries.
 */
export function buildProjectScorecard(src: ScorecardSource, verification: VerificationView | null = null): ProjectScorecardView {
  const ev = src.evaluation;
  const f = ev.facts;
  const wording = FactWording.of(src.document);
  const { own, others } = partitionBySubject(ev.results, 'project', src.document);
  const blocking = own.filter((r) => r.severity === 'blocking');
  const warnings = own.filter((r) => r.severity !== 'blocking');
  const scored = ev.score !== null || own.some((r) => r.points !== null);
  const acceptance = src.stage === 'acceptance';
  const name = ev.subject.name.trim() || '（未命名项目）';
  const layout = src.document?.reports.project;
  return {
    reportTitle: layout?.titles[src.stage as Stage] ?? `项目${STAGE_LABELS[src.stage]}报告`,
    bookmark: name,
    notice: noticeOf(src.document, src.ruleSet),
    stageLabel: STAGE_LABELS[src.stage],
    project: { name, year: ev.subject.year },
    // Values as evaluated (the facts), not as the project reads today: the scorecard must match its evaluation.
    information: informationRows(layout?.information ?? IDENTITY_ONLY, 'project', f, src.project, wording),
    blocking: blocking.map((r, i) => ruleRow(r, i + 1, f, wording, 'project')),
    warnings: warnings.map((r, i) => ruleRow(r, blocking.length + i + 1, f, wording, 'project')),
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
    trace: traceOf(src.ruleSet, src.evaluationId, src.evaluatedAt, src.stored, verification),
  };
}

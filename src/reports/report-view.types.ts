import { EvaluationStage, RuleSetDocument } from '../rule-sets/rule-set.types';
import { Project } from '../projects/project.types';
import { RegionProgress } from '../regions/region-progress.types';
import { RuleSetRef, SubjectEvaluation } from '../evaluation/evaluation.types';

/**
 * What a report is built from: one stored (or freshly computed) evaluation with the identity of
 * the rule-set version it ran against. The rule-set document and the subject's own record are
 * optional: without them the scorecard falls back to what the evaluation's facts hold.
 */
export interface ScorecardSource {
  evaluationId: string;
  /**
   * True: printed from the stored evaluation `evaluationId`. False: evaluated for this print and
   * stored nowhere (`evaluationId` is only a key). Absent: not said (printed from a file).
   */
  stored?: boolean;
  evaluatedAt?: string | null;
  ruleSet: RuleSetRef;
  stage: EvaluationStage;
  evaluation: SubjectEvaluation;
  document?: RuleSetDocument | null;
  project?: Project | null;
  region?: RegionProgress | null;
}

/** Shared header and traceability block of every report. */
export interface NoticeView {
  title: string;
  issuer: string;
  documentNumber: string | null;
  documentDate: string;
}

export interface TraceView {
  ruleSetId: string;
  ruleSetVersion: string;
  ruleSetHash: string;
  evaluationId: string;
  evaluatedAt: string;
  /** Whether the report was printed from a stored evaluation or one made for it; null: not said. */
  basis: string | null;
  /** The verification code (and for a stored evaluation its QR code); null: the report prints none. */
  verification: VerificationView | null;
}

/** How a reader checks a printed report (src/reports/evidence/verification-view.ts). */
export interface VerificationView {
  /** evidenceOf(source).code: BF21-9069-96CE-09DB. */
  code: string;
  /** Inline SVG of the QR code of `url` (paths only: qr-code.ts checks it); null when not stored. */
  qrSvg: string | null;
  /** The public verification page of this evaluation, with the code; null when not stored. */
  url: string | null;
  /** Where to type the code by hand; null when not stored. */
  pageUrl: string | null;
  note: string;
}

/** One rule of the rule table, already worded for the reader. */
export interface RuleRowView {
  no: number;
  ruleId: string;
  title: string;
  clause: string;
  requirement: string;
  actual: string;
  outcome: 'pass' | 'fail' | 'not_applicable';
  applicable: boolean;
  outcomeLabel: string;
  message: string;
  points: string;
  earned: string;
}

export interface ConclusionView {
  compliant: boolean;
  text: string;
  reasons: string[];
  warnings: string[];
}

/** One label/value pair of an information table; a wide one spans the row. */
export interface InfoCellView {
  label: string;
  value: string;
  wide: boolean;
  /** "amount" (right-aligned 万元), "mono" (the subject's id) or "". */
  className: string;
}

export interface ProjectScorecardView {
  reportTitle: string;
  bookmark: string;
  notice: NoticeView;
  stageLabel: string;
  project: { name: string; year: number };
  /** 项目基本情况, laid out by the rule set (reports.project.information). */
  information: InfoCellView[][];
  blocking: RuleRowView[];
  warnings: RuleRowView[];
  /** Rules written for other subjects (regions, the province): listed by title, never hidden. */
  otherSubjects: string;
  scored: boolean;
  score: string;
  grade: string;
  pointsAvailable: string;
  pointsEarned: string;
  scoringNote: string;
  conclusion: ConclusionView;
  trace: TraceView;
}

export interface OutcomeCellView {
  outcome: string;
  outcomeLabel: string;
}

export interface MeasureRowView extends OutcomeCellView {
  label: string;
  target: string;
  achieved: string;
  rate: string;
}

export interface RowCheckCellView {
  text: string;
  /** false: printed as a failure badge. */
  ok: boolean;
}

/** One row of a rows field (a county): its values, then one cell per check of the layout. */
export interface SubjectRowView {
  cells: { value: string; numeric: boolean }[];
  checks: RowCheckCellView[];
}

export interface DeadlineRowView extends OutcomeCellView {
  label: string;
  due: string;
  submitted: string;
}

export interface RegionScorecardView {
  reportTitle: string;
  bookmark: string;
  notice: NoticeView;
  region: { name: string; year: number };
  headline: string;
  /** Each section is null when the rule set's layout has none; headings are numbered without gaps. */
  information: { heading: string; rows: InfoCellView[][] } | null;
  measures: { heading: string; rows: MeasureRowView[] } | null;
  rows: { heading: string; note: string; columns: string[]; checkLabels: string[]; rows: SubjectRowView[] } | null;
  deadlines: { heading: string; rows: DeadlineRowView[] } | null;
  rulesHeading: string;
  rules: RuleRowView[];
  otherSubjects: string;
  conclusion: ConclusionView;
  trace: TraceView;
}

export interface SummaryRowView {
  no: number;
  name: string;
  region: string;
  categoryLabel: string;
  stageLabel: string;
  outcomeLabel: string;
  compliant: boolean;
  score: string;
  grade: string;
  /** One per reports.summary.amounts, in 万元. */
  amounts: string[];
  evaluationId: string;
  /** Evaluated for this print, among rows printed from stored evaluations (marked *). */
  computed?: boolean;
}

export interface SummaryTotalView {
  region: string;
  projects: number;
  compliant: number;
  amounts: string[];
}

export interface YearSummaryView {
  reportTitle: string;
  bookmark: string;
  notice: NoticeView;
  year: number;
  heading: string;
  region: string | null;
  amountLabels: string[];
  /** Columns of the detail table, for its empty row. */
  columnCount: number;
  rows: SummaryRowView[];
  byRegion: SummaryTotalView[];
  total: SummaryTotalView;
  ruleSets: string;
  /** Stored evaluations or evaluated for this print (see ScorecardSource.stored); null: not said. */
  basis: string | null;
  generatedOn: string;
}

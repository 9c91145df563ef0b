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

export interface ProjectScorecardView {
  reportTitle: string;
  bookmark: string;
  notice: NoticeView;
  stageLabel: string;
  project: {
    id: string;
    name: string;
    year: number;
    region: string;
    county: string;
    categoryLabel: string;
    industryLabel: string;
    leadingProduct: string;
    contactName: string;
    contactPhone: string;
    provincial: string;
    localMatching: string;
    matchingRatio: string;
  };
  blocking: RuleRowView[];
  warnings: RuleRowView[];
  /** Rules written for other subjects (regions, the province): listed by id, never hidden. */
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

export interface TargetRowView {
  label: string;
  target: string;
  achieved: string;
  rate: string;
  outcomeLabel: string;
  outcome: string;
}

export interface CountyRowView {
  name: string;
  trainings: string;
  trainees: string;
  stations: string;
  trainingOk: boolean;
  stationOk: boolean;
}

export interface RegionScorecardView {
  reportTitle: string;
  bookmark: string;
  notice: NoticeView;
  region: { name: string; year: number; classLabel: string; countyCount: string; stations: string };
  targets: TargetRowView[];
  counties: CountyRowView[];
  countiesNote: string;
  deadlines: { label: string; due: string; submitted: string; outcomeLabel: string; outcome: string }[];
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
  provincial: string;
  localMatching: string;
  evaluationId: string;
}

export interface SummaryTotalView {
  region: string;
  projects: number;
  compliant: number;
  provincial: string;
  localMatching: string;
}

export interface YearSummaryView {
  reportTitle: string;
  bookmark: string;
  notice: NoticeView;
  year: number;
  region: string | null;
  rows: SummaryRowView[];
  byRegion: SummaryTotalView[];
  total: SummaryTotalView;
  ruleSets: string;
  generatedOn: string;
}

import { EvaluationStage, Outcome, Severity, SubjectKind } from '../rule-sets/rule-set.types';
import { ConditionResult } from './rules-engine';
import { Facts } from './fact-catalogue';

export interface RuleOutcome {
  ruleId: string;
  title: string;
  clause: string;
  category: string;
  severity: Severity;
  requirement: string;
  points: number | null;
  earned: number | null;
  outcome: Outcome;
  message: string;
  conditions: ConditionResult[];
}

export interface SubjectRef {
  kind: SubjectKind;
  id: string;
  name: string;
  region: string | null;
  year: number;
}

export interface SubjectEvaluation {
  subject: SubjectRef;
  compliant: boolean;
  score: number | null;
  grade: string | null;
  results: RuleOutcome[];
  facts: Facts;
}

export interface RuleSetRef {
  id: string;
  /** null when the rule set was read from a file rather than a stored version */
  version: number | null;
  hash: string;
}

export interface EvaluationReport {
  ruleSet: RuleSetRef;
  stage: EvaluationStage;
  evaluations: SubjectEvaluation[];
}

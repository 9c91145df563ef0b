import { Scoring, Stage, EvaluationStage } from '../rule-sets/rule-set.types';
import { RuleOutcome } from './evaluation.types';

/** Compliant when no blocking rule failed; warnings never make a subject non-compliant. */
export function isCompliant(results: RuleOutcome[]): boolean {
  return !results.some((r) => r.severity === 'blocking' && r.outcome === 'fail');
}

/**
 * Score on a 100-point scale: points earned over points available among the rules that applied,
 * so a rule that does not apply neither gives nor takes points. Null where the stage is not scored.
 */
export function scoreOf(results: RuleOutcome[], scoring: Scoring, stage: EvaluationStage): number | null {
  if (!scoring.stages.includes(stage as Stage)) return null;
  const applicable = results.filter((r) => r.outcome !== 'not_applicable' && (r.points ?? 0) > 0);
  const available = applicable.reduce((sum, r) => sum + (r.points ?? 0), 0);
  if (available === 0) return null;
  const earned = applicable.filter((r) => r.outcome === 'pass').reduce((sum, r) => sum + (r.points ?? 0), 0);
  return Math.round((earned / available) * 1000) / 10;
}

export function gradeOf(score: number | null, scoring: Scoring): string | null {
  if (score === null) return null;
  const bands = [...scoring.bands].sort((a, b) => b.min - a.min);
  return bands.find((b) => score >= b.min)?.grade ?? null;
}

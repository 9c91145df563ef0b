import { toShanghaiDate } from '../common/dates';
import { StoredEvaluation } from '../evaluation/evaluations.service';
import { STAGE_LABELS } from '../reports/report-format';
import { EvaluationStage } from '../rule-sets/rule-set.types';

/**
 * All the public verifier discloses of a stored scorecard whose code matches: what anyone holding
 * the printed report already reads on its first lines. No facts, no rule results, no messages,
 * no other subject, no score or grade, no one's name.
 */
export interface VerifiedScorecard {
  /** The subject's name: the project's, or the region's for a region scorecard. */
  name: string;
  region: string | null;
  year: number;
  stage: EvaluationStage;
  stageLabel: string;
  /** 符合 or 不符合, as the report concludes. */
  outcome: '符合' | '不符合';
  ruleSet: { id: string; version: number };
  /** The evaluation's date in Shanghai, YYYY-MM-DD. */
  date: string;
}

export function verifiedScorecard(ev: StoredEvaluation): VerifiedScorecard {
  return {
    name: ev.subject.name,
    region: ev.subject.region,
    year: ev.subject.year,
    stage: ev.stage,
    stageLabel: STAGE_LABELS[ev.stage],
    outcome: ev.compliant ? '符合' : '不符合',
    ruleSet: { id: ev.ruleSet.id, version: ev.ruleSet.version! },
    date: toShanghaiDate(ev.createdAt) ?? ev.createdAt.slice(0, 10),
  };
}

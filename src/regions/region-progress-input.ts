import { Problem } from '../common/errors';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { parseSubject, subjectProblems } from '../subjects/subject-input';
import { RegionProgress } from './region-progress.types';

/** Checks a region progress body and returns it normalised (see parseSubject). */
export function parseRegionProgress(input: unknown, index: RuleSetIndex, prefix = ''): RegionProgress {
  return parseSubject('region', input, index, prefix) as RegionProgress;
}

export function regionProgressProblems(input: unknown, index: RuleSetIndex): Problem[] {
  return subjectProblems('region', input, index);
}

import { Problem } from '../common/errors';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { parseSubject, subjectProblems } from '../subjects/subject-input';
import { Project } from './project.types';

/** Checks a project body against its rule set and returns it normalised (see parseSubject). */
export function parseProject(input: unknown, index: RuleSetIndex, prefix = ''): Project {
  return parseSubject('project', input, index, prefix) as Project;
}

export function projectProblems(input: unknown, index: RuleSetIndex): Problem[] {
  return subjectProblems('project', input, index);
}

import { InputError } from '../common/errors';
import { readJsonFile, resolveRuleSetPath } from './rule-set-files';
import { ruleSetHash } from './rule-set-hash';
import { validateRuleSet } from './rule-set-validator';
import { LoadedRuleSet, RuleSetDocument } from './rule-set.types';

/** Validates a document and wraps it with its hash; throws InputError listing every problem. */
export function loadRuleSetDocument(input: unknown, version: number | null, what = '规则集'): LoadedRuleSet {
  const problems = validateRuleSet(input);
  if (problems.length > 0) throw new InputError(`${what}有 ${problems.length} 处错误`, problems);
  const document = input as RuleSetDocument;
  return { document, version, hash: ruleSetHash(document) };
}

/** Reads and validates a rule-set file (a path, or the id of one shipped in rules/). */
export function loadRuleSetFile(pathOrId: string): LoadedRuleSet {
  const file = resolveRuleSetPath(pathOrId);
  return loadRuleSetDocument(readJsonFile(file, '规则集文件'), null, `规则集文件“${file}”`);
}

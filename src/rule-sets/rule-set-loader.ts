import { InputError } from '../common/errors';
import { currentFormat, formatOf } from './format-1-upgrade';
import { readJsonFile, resolveRuleSetPath } from './rule-set-files';
import { ruleSetHash } from './rule-set-hash';
import { validateRuleSet } from './rule-set-validator';
import { LoadedRuleSet } from './rule-set.types';

/**
 * Validates a document (in any format the loader reads) and wraps it, in the current format, with
 * the hash of the document as given; throws InputError listing every problem.
 */
export function loadRuleSetDocument(input: unknown, version: number | null, what = '规则集'): LoadedRuleSet {
  const problems = validateRuleSet(input);
  if (problems.length > 0) throw new InputError(`${what}有 ${problems.length} 处错误`, problems);
  return trustedRuleSet(input, version);
}

/** A document already validated (a stored version): upgraded to the current format, hashed as stored. */
export function trustedRuleSet(input: unknown, version: number | null, hash = ruleSetHash(input as object)): LoadedRuleSet {
  return { document: currentFormat(input), version, hash, storedFormat: formatOf(input) ?? 1 };
}

/** Reads and validates a rule-set file (a path, or the id of one shipped in rules/). */
export function loadRuleSetFile(pathOrId: string): LoadedRuleSet {
  const file = resolveRuleSetPath(pathOrId);
  return loadRuleSetDocument(readJsonFile(file, '规则集文件'), null, `规则集文件“${file}”`);
}

import { currentUser } from '../auth/current-user';
import { ForbiddenError, InputError } from '../common/errors';
import { LoadedRuleSet } from './rule-set.types';

/** A rule set named by a request: its id and, optionally, a published version. */
export interface RuleSetChoice {
  id: string;
  version?: number;
}

/**
 * Whether the current user may evaluate or print under a rule set other than the year's active
 * one. The active version is the bureau's decision (policy office); a region or evaluator picking
 * another would store, and print in the official outputs, results the notice in force does not
 * give. Outside a request (CLI, seed) there is no user: the operator chooses.
 */
export function canChooseRuleSet(): boolean {
  const user = currentUser();
  return !user || user.role === 'policy' || user.role === 'admin';
}

/** 403 for a rule set other than the active one, naming the version the user may use. */
export function otherRuleSetRefusal(year: number, active: LoadedRuleSet, pointer: string): ForbiddenError {
  const name = `“${active.document.id}”第 ${active.version} 版`;
  return new ForbiddenError(`只有政策处和管理员可以按其他规则集评估或出具报表；${year} 年度的有效规则集是${name}`, [
    { pointer, message: `可使用${name}（不指定规则集即按该版本）` },
  ]);
}

/** Whether `ref` names the active version (by id alone, or by id and its version). */
export function namesActive(ref: RuleSetChoice, active: LoadedRuleSet): boolean {
  return ref.id === active.document.id && (ref.version === undefined || ref.version === active.version);
}

/** The official outputs' query parameter (OpenAPI). */
export const RULE_SET_QUERY = {
  name: 'ruleSet',
  required: false,
  description: '仅政策处和管理员：按其他已发布版本出具（规则集标识@版本号，如 hubei-2022@3）；默认为该年度的有效版本',
};

/** ?ruleSet=hubei-2022@3 (or hubei-2022: its active version) → a choice; absent → undefined. */
export function ruleSetQuery(value: unknown): RuleSetChoice | undefined {
  if (value === undefined || value === '') return undefined;
  const m = typeof value === 'string' ? /^([a-z0-9][a-z0-9-]{0,63})(?:@(\d{1,6}))?$/.exec(value) : null;
  if (!m) {
    throw new InputError('查询参数 ruleSet 无效', [{ pointer: '?ruleSet', message: '应为 规则集标识@版本号（如 hubei-2022@3），或只写规则集标识（按其生效版本）' }]);
  }
  return m[2] === undefined ? { id: m[1] } : { id: m[1], version: Number(m[2]) };
}

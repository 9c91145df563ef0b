import { InputError } from '../common/errors';
import { RuleSetIndex } from '../rule-sets/rule-set-index';

/**
 * Ids like wuhan-2022-01: the region's code, the year and a sequence number, readable in URLs
 * and file names. `taken` says whether an id is in use.
 */
export function nextProjectId(region: string, year: number, index: RuleSetIndex, taken: (id: string) => boolean): string {
  const prefix = projectIdPrefix(region, year, index);
  for (let n = 1; ; n++) {
    const id = `${prefix}${String(n).padStart(2, '0')}`;
    if (!taken(id)) return id;
  }
}

/** The part every generated id of a region and year shares ("wuhan-2022-"). */
export function projectIdPrefix(region: string, year: number, index: RuleSetIndex): string {
  return `${index.region(region)?.code ?? 'project'}-${year}-`;
}

/** Why `id` is not of the form `prefix` gives (a region user's new project), or null. */
export function ownRegionIdProblem(id: string, prefix: string): string | null {
  return id.startsWith(prefix) ? null : `新项目的编号应以“${prefix}”开头（本市州、本年度），或不填由系统生成`;
}

export function assertOwnRegionId(id: string, prefix: string): void {
  const problem = ownRegionIdProblem(id, prefix);
  if (problem) throw new InputError('项目编号格式不正确', [{ pointer: '/id', message: problem }]);
}

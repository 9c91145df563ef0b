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

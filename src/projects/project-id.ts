import { RuleSetIndex } from '../rule-sets/rule-set-index';

/**
 * Ids like wuhan-2022-01: the region's code, the year and a sequence number, readable in URLs
 * and file names. `taken` says whether an id is in use.
 */
export function nextProjectId(region: string, year: number, index: RuleSetIndex, taken: (id: string) => boolean): string {
  const code = index.region(region)?.code ?? 'project';
  for (let n = 1; ; n++) {
    const id = `${code}-${year}-${String(n).padStart(2, '0')}`;
    if (!taken(id)) return id;
  }
}

import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { identityValue } from './identity-columns';
import { RowDraft } from './row-converter';
import { SheetLayout } from './sheet-layout';
import { SheetProblem } from './sheet-problem';
import { identityCell, SubjectSheets } from './subject-sheets';

/** The rows of a project's list sheets that name one project, by sheet. */
export type ListRows = Map<SheetLayout, RowDraft[]>;

/** How a row names its project: "id:<id>", or "<year>|<region>|<name>". */
export const projectKey = (year: number, region: string, name: string) => `${year}|${region}|${name.trim()}`;

/**
 * The rows of a project's list sheets grouped by the project they name — by its id, or by year,
 * region and name as the project sheet does — so that each project row can claim its own.
 */
export class ProjectListRows {
  private readonly groups = new Map<string, ListRows>();

  constructor(lists: SubjectSheets['lists'], index: RuleSetIndex, defaultYear: number, problems: SheetProblem[]) {
    for (const { layout, drafts } of lists) {
      for (const draft of drafts) {
        const key = this.keyOf(draft, index, defaultYear);
        if (!key) {
          problems.push({ ...identityCell(draft, 'name'), message: '应填写项目编号，或填写市州和项目名称，以对应到项目' });
          continue;
        }
        const group = this.groups.get(key) ?? new Map<SheetLayout, RowDraft[]>();
        this.groups.set(key, group);
        group.set(layout, [...(group.get(layout) ?? []), draft]);
      }
    }
  }

  private keyOf(draft: RowDraft, index: RuleSetIndex, defaultYear: number): string | null {
    const id = identityValue(draft.body, 'id', true);
    if (typeof id === 'string' && id) return `id:${id}`;
    const region = identityValue(draft.body, 'region', true);
    const name = identityValue(draft.body, 'name', true);
    if (typeof region !== 'string' || typeof name !== 'string' || !region || !name) return null;
    const year = identityValue(draft.body, 'year', true);
    return projectKey(typeof year === 'number' ? year : defaultYear, index.region(region)?.name ?? region.trim(), name);
  }

  /** Takes the rows naming a project by any of `keys` (its id as "id:…", its year|region|name). */
  claim(keys: (string | undefined)[]): ListRows {
    const out: ListRows = new Map();
    for (const key of keys) {
      if (!key) continue;
      for (const [layout, drafts] of this.groups.get(key) ?? []) out.set(layout, [...(out.get(layout) ?? []), ...drafts]);
      this.groups.delete(key);
    }
    return out;
  }

  /** The groups no project row claimed: they belong to stored projects, or to none. */
  unclaimed(): [string, ListRows][] {
    return [...this.groups.entries()];
  }
}

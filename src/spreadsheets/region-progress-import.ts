import { InputError, Problem } from '../common/errors';
import { parseRegionProgress } from '../regions/region-progress-input';
import { RegionProgress } from '../regions/region-progress.types';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { identityValue } from './identity-columns';
import { canonical, changedFields, ImportPlan, mergeBody, PlannedChange, summarise } from './import-plan';
import { isShadowed, locateProblem, RowDraft } from './row-converter';
import { columnPointers, SheetLayout, SubjectLayout, subjectLayout } from './sheet-layout';
import { inFileOrder, SheetProblem } from './sheet-problem';
import { Assembly, attachRows, identityCell, identityCells, readSubjectSheets } from './subject-sheets';
import { RawWorkbook } from './workbook-reader';

export interface StoredRegionProgress {
  body: RegionProgress;
}

/** Everything the file says about one region of one year: its progress row and the rows of its lists. */
interface RegionGroup {
  year: number;
  region: string;
  progress?: RowDraft;
  lists: Map<SheetLayout, RowDraft[]>;
}

/**
 * Plans a region progress import: the progress sheet gives one row per region, each list sheet
 * (e.g. the counties) any number of rows per region. A region's rows of a list replace its stored
 * list; regions without rows in a list keep theirs. Sheets are recognised by their headers (a
 * CSV holds any one of them).
 */
export function planRegionProgressImport(
  workbook: RawWorkbook,
  index: RuleSetIndex,
  stored: StoredRegionProgress[],
  options: { year?: number } = {},
): ImportPlan<RegionProgress> {
  const defaultYear = options.year ?? index.doc.year;
  const layout = subjectLayout(index, 'region', defaultYear);
  const read = readSubjectSheets(workbook, layout, index);
  const problems: SheetProblem[] = [...read.problems];
  const groups = new Map<string, RegionGroup>();

  const groupOf = (draft: RowDraft, list: boolean): RegionGroup | undefined => {
    const year = identityValue(draft.body, 'year', list);
    if (typeof year === 'number' && year !== defaultYear) {
      problems.push({ ...identityCell(draft, 'year'), message: `一次导入只能包含一个年度（${defaultYear}年度）的数据，请分开导入` });
      return undefined;
    }
    const text = identityValue(draft.body, 'region', list);
    if (typeof text !== 'string' || !text) return undefined;
    const region = index.region(text)?.name ?? text.trim();
    const key = `${defaultYear}|${region}`;
    if (!groups.has(key)) groups.set(key, { year: defaultYear, region, lists: new Map() });
    return groups.get(key);
  };

  for (const draft of read.subjects) {
    const group = groupOf(draft, false);
    if (!group) continue;
    if (group.progress) problems.push({ ...identityCell(draft, 'region'), message: `与第${group.progress.row}行是同一市州同一年度，请合并为一行` });
    else group.progress = draft;
  }
  for (const list of read.lists) {
    for (const draft of list.drafts) {
      const group = groupOf(draft, true);
      if (group) group.lists.set(list.layout, [...(group.lists.get(list.layout) ?? []), draft]);
    }
  }
  if (read.recognised === 0) {
    const names = [layout.main, ...layout.lists].map((l) => `${l.sheet}表`).join('或');
    problems.push({
      sheet: workbook.sheets[0]?.name ?? layout.main.sheet, row: null, column: null,
      message: `未找到${names}：表头应包含“市州”及${layout.main.columns.slice(2, 5).map((c) => `“${c.header}”`).join('')}等列（可下载模板对照）`,
    });
  }

  const storedByKey = new Map(stored.map((s) => [`${s.body.year}|${s.body.region}`, s]));
  const changes: PlannedChange<RegionProgress>[] = [];
  for (const group of groups.values()) {
    const change = planGroup(group, index, layout, storedByKey.get(`${group.year}|${group.region}`), problems);
    if (change) changes.push(change);
  }
  return summarise({
    format: workbook.format, encoding: workbook.encoding, changes,
    problems: inFileOrder(problems, workbook.sheets.map((s) => s.name)), warnings: read.warnings,
  });
}

function planGroup(
  group: RegionGroup,
  index: RuleSetIndex,
  layout: SubjectLayout,
  stored: StoredRegionProgress | undefined,
  problems: SheetProblem[],
): PlannedChange<RegionProgress> | null {
  const drafts = [...(group.progress ? [group.progress] : []), ...[...group.lists.values()].flat()];
  const first = drafts[0];

  // The record's fields come from the progress row; each list from its sheet's rows.
  const assembly: Assembly = {
    patch: { ...(group.progress?.body ?? {}), year: group.year, region: group.region },
    cells: new Map(group.progress?.cells ?? identityCells(first)),
    invalid: new Set(group.progress?.invalid ?? []),
  };
  for (const [list, rows] of group.lists) attachRows(assembly, list.field!, rows);
  const before = stored?.body;
  const merged = mergeBody(before ?? ({} as RegionProgress), assembly.patch);

  let record: RegionProgress;
  try {
    record = parseRegionProgress(merged, index);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const fallback = { sheet: first.sheet, row: first.row, column: null };
    const headers = columnPointers(layout);
    for (const p of e.details as Problem[]) {
      if (!isShadowed(p.pointer, assembly.invalid)) problems.push(locateProblem(p, assembly.cells, fallback, headers));
    }
    return null;
  }
  // Unreadable cells were reported already; the record is still checked to report the rest.
  if (drafts.some((d) => d.problems.length > 0)) return null;
  const base = { key: `${record.year}/${record.region}`, sheet: first.sheet, row: first.row, body: record };
  if (!before) return { ...base, action: 'create' };
  if (canonical(before) === canonical(record)) return { ...base, action: 'unchanged', before };
  return { ...base, action: 'update', before, changed: changedFields(before, record) };
}

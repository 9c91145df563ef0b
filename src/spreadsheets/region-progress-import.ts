import { InputError, Problem } from '../common/errors';
import { parseRegionProgress } from '../regions/region-progress-input';
import { RegionProgress } from '../regions/region-progress.types';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { canonical, changedFields, ImportPlan, mergeBody, PlannedChange, summarise } from './import-plan';
import { COUNTY_COLUMNS, PROGRESS_COLUMNS, PROGRESS_SHEET } from './region-progress-columns';
import { CellLocation, convertRow, isShadowed, locateProblem, RowDraft } from './row-converter';
import { MappedSheet, mapSheet } from './sheet-table';
import { SheetProblem } from './sheet-problem';
import { RawWorkbook } from './workbook-reader';

export interface StoredRegionProgress {
  body: RegionProgress;
}

/** Everything the file says about one region of one year: its progress row and its county rows. */
interface RegionGroup {
  year: number;
  region: string;
  progress?: RowDraft;
  counties: RowDraft[];
}

/**
 * Plans a region progress import: the progress sheet gives one row per region, the county sheet
 * any number of rows per region. A region's county rows replace its stored county table; regions
 * without county rows keep theirs. Each sheet is recognised by its headers (a CSV holds either).
 */
export function planRegionProgressImport(
  workbook: RawWorkbook,
  index: RuleSetIndex,
  stored: StoredRegionProgress[],
  options: { year?: number } = {},
): ImportPlan<RegionProgress> {
  const defaultYear = options.year ?? index.doc.year;
  const problems: SheetProblem[] = [];
  const warnings: SheetProblem[] = [];
  const groups = new Map<string, RegionGroup>();
  const groupOf = (draft: RowDraft): RegionGroup | undefined => {
    const text = typeof draft.body.region === 'string' ? draft.body.region : undefined;
    if (!text) return undefined;
    const region = index.region(text)?.name ?? text.trim();
    const year = typeof draft.body.year === 'number' ? draft.body.year : defaultYear;
    const key = `${year}|${region}`;
    if (!groups.has(key)) groups.set(key, { year, region, counties: [] });
    return groups.get(key);
  };

  let recognised = 0;
  for (const raw of workbook.sheets) {
    const county = mapSheet(raw, COUNTY_COLUMNS);
    const isCounty = county?.columns.some((c) => c.spec.key === 'name');
    const sheet: MappedSheet | null = isCounty ? county : mapSheet(raw, PROGRESS_COLUMNS);
    if (!sheet) continue;
    recognised++;
    problems.push(...sheet.problems);
    warnings.push(...sheet.warnings);
    if (sheet.problems.length > 0) continue;
    for (const row of sheet.rows) {
      const draft = convertRow(sheet, row, index);
      problems.push(...draft.problems);
      if (typeof draft.body.year === 'number' && draft.body.year !== defaultYear) {
        problems.push({ ...draft.cells.get('/year')!, message: `一次导入只能包含一个年度（${defaultYear}年度）的数据，请分开导入` });
        continue;
      }
      const group = groupOf(draft);
      if (!group) continue;
      if (isCounty) {
        group.counties.push(draft);
      } else if (group.progress) {
        problems.push({ ...draft.cells.get('/region')!, message: `与第${group.progress.row}行是同一市州同一年度，请合并为一行` });
      } else {
        group.progress = draft;
      }
    }
  }
  if (recognised === 0) {
    problems.push({
      sheet: workbook.sheets[0]?.name ?? PROGRESS_SHEET, row: null, column: null,
      message: '未找到市州进度表或县市区表：表头应包含“市州”及“万”“千”“百”或“县市区”等列（可下载模板对照）',
    });
  }

  const storedByKey = new Map(stored.map((s) => [`${s.body.year}|${s.body.region}`, s]));
  const changes: PlannedChange<RegionProgress>[] = [];
  for (const group of groups.values()) {
    const change = planGroup(group, index, storedByKey.get(`${group.year}|${group.region}`), problems);
    if (change) changes.push(change);
  }
  return summarise({ format: workbook.format, encoding: workbook.encoding, changes, problems, warnings });
}

function planGroup(
  group: RegionGroup,
  index: RuleSetIndex,
  stored: StoredRegionProgress | undefined,
  problems: SheetProblem[],
): PlannedChange<RegionProgress> | null {
  const drafts = [...(group.progress ? [group.progress] : []), ...group.counties];
  const first = drafts[0];

  // The record's fields come from the progress row; its county table from the county rows.
  const cells = new Map<string, CellLocation>(group.progress?.cells ?? first.cells);
  const patch: Record<string, unknown> = { ...(group.progress?.body ?? {}), year: group.year, region: group.region };
  const invalid = new Set<string>(group.progress?.invalid ?? []);
  if (group.counties.length > 0) {
    patch.counties = group.counties.map((d, i) => {
      for (const [pointer, location] of d.cells) {
        if (pointer !== '/year' && pointer !== '/region') cells.set(`/counties/${i}${pointer}`, location);
      }
      cells.set(`/counties/${i}`, { sheet: d.sheet, row: d.row, column: null });
      for (const pointer of d.invalid) invalid.add(`/counties/${i}${pointer}`);
      const { year: _y, region: _r, ...county } = d.body;
      return county;
    });
  }
  const before = stored?.body;
  const merged = mergeBody(before ?? ({} as RegionProgress), patch);
  if (group.counties.length > 0) merged.counties = patch.counties as RegionProgress['counties'];

  let record: RegionProgress;
  try {
    record = parseRegionProgress(merged, index);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const fallback = { sheet: first.sheet, row: first.row, column: null };
    for (const p of e.details as Problem[]) {
      if (!isShadowed(p.pointer, invalid)) problems.push(locateProblem(p, cells, fallback, [...PROGRESS_COLUMNS, ...COUNTY_COLUMNS]));
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

import { InputError, Problem } from '../common/errors';
import { nextProjectId, ownRegionIdProblem, projectIdPrefix } from '../projects/project-id';
import { parseProject } from '../projects/project-input';
import { Project } from '../projects/project.types';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { canonical, changedFields, ImportPlan, mergeBody, PlannedChange, summarise } from './import-plan';
import { ListRows, ProjectListRows, projectKey } from './project-list-rows';
import { isShadowed, locateProblem, RowDraft } from './row-converter';
import { columnPointers, subjectLayout } from './sheet-layout';
import { inFileOrder, SheetProblem } from './sheet-problem';
import { Assembly, attachRows, identityCells, readSubjectSheets } from './subject-sheets';
import { RawWorkbook } from './workbook-reader';

export interface StoredProject {
  id: string;
  body: Project;
}

export interface ProjectImportOptions {
  /** Year of rows whose 年度 cell is empty or absent; defaults to the rule set's year. */
  year?: number;
  /** A region user's import: a new project's id must be of its own region's form (project-id.ts). */
  ownRegionIds?: boolean;
}

/**
 * Plans the import of a project workbook against the stored projects, without writing: each row
 * becomes a create, an update (same id, or same year + region + name) or unchanged, and every
 * problem — unreadable cell, rule-set error from parseProject, duplicate row — names its cell.
 * Rows of a list sheet (a rows field of the rule set) join the project they name.
 */
export function planProjectImport(
  workbook: RawWorkbook,
  index: RuleSetIndex,
  stored: StoredProject[],
  options: ProjectImportOptions = {},
): ImportPlan<Project> {
  const defaultYear = options.year ?? index.doc.year;
  const layout = subjectLayout(index, 'project', defaultYear);
  const headers = columnPointers(layout);
  const read = readSubjectSheets(workbook, layout, index);
  const problems: SheetProblem[] = [...read.problems];
  const changes: PlannedChange<Project>[] = [];
  if (read.recognised === 0) {
    problems.push({
      sheet: workbook.sheets[0]?.name ?? layout.main.sheet, row: null, column: null,
      message: `未找到项目表：表头应包含“项目名称”“市州”“项目类别”等列（可下载模板对照）`,
    });
  }
  const listRows = new ProjectListRows(read.lists, index, defaultYear, problems);

  const byId = new Map(stored.map((p) => [p.id, p]));
  const byIdentity = new Map(stored.map((p) => [projectKey(p.body.year, p.body.region, p.body.name), p]));
  const seenIds = new Map<string, RowDraft>();
  const seenIdentities = new Map<string, RowDraft>();
  const usedIds = new Set(stored.map((p) => p.id));

  /** Checks the project a row (and its list rows) make against the rule set, and plans its change. */
  const plan = (draft: RowDraft, assembly: Assembly, lists: ListRows, target: StoredProject | undefined, region: string | undefined) => {
    for (const [list, rows] of lists) attachRows(assembly, list.field!, rows);
    const merged = target ? mergeBody(target.body, assembly.patch) : mergeBody({ year: defaultYear } as Project, assembly.patch);
    const id = target?.id ?? (assembly.patch.id as string | undefined) ?? nextProjectId(region ?? '', merged.year, index, (x) => usedIds.has(x));
    usedIds.add(id);
    merged.id = id;

    let project: Project;
    try {
      project = parseProject(merged, index);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const fallback = { sheet: draft.sheet, row: draft.row, column: null };
      for (const p of e.details as Problem[]) {
        if (!isShadowed(p.pointer, assembly.invalid)) problems.push(locateProblem(p, assembly.cells, fallback, headers));
      }
      return;
    }
    if (draft.problems.length > 0 || [...lists.values()].flat().some((d) => d.problems.length > 0)) return;
    const idProblem = !target && options.ownRegionIds && typeof assembly.patch.id === 'string'
      ? ownRegionIdProblem(id, projectIdPrefix(project.region, project.year, index)) : null;
    if (idProblem) {
      problems.push(locateProblem({ pointer: '/id', message: idProblem }, assembly.cells, { sheet: draft.sheet, row: draft.row, column: null }, headers));
      return;
    }
    const base = { key: id, sheet: draft.sheet, row: draft.row, body: project };
    if (!target) changes.push({ ...base, action: 'create' });
    else if (canonical(target.body) === canonical(project)) changes.push({ ...base, action: 'unchanged', before: target.body });
    else changes.push({ ...base, action: 'update', before: target.body, changed: changedFields(target.body, project) });
  };

  for (const draft of read.subjects) {
    const patch = { ...draft.body };
    if (patch.id === null) delete patch.id;
    if (patch.year === null) delete patch.year;

    const givenId = typeof patch.id === 'string' ? patch.id : undefined;
    const year = typeof patch.year === 'number' ? patch.year : undefined;
    const regionText = typeof patch.region === 'string' ? patch.region : undefined;
    const region = regionText ? (index.region(regionText)?.name ?? regionText) : undefined;
    const name = typeof patch.name === 'string' ? patch.name : undefined;

    let target = givenId ? byId.get(givenId) : undefined;
    const key = region && name ? projectKey(year ?? target?.body.year ?? defaultYear, region, name) : undefined;
    if (!givenId && key) target = byIdentity.get(key);
    const rowProblem = (pointer: string, message: string) =>
      problems.push(locateProblem({ pointer, message }, draft.cells, { sheet: draft.sheet, row: draft.row, column: null }, headers));

    if (year !== undefined && year !== defaultYear) {
      rowProblem('/year', `一次导入只能包含一个年度（${defaultYear}年度）的项目，请分开导入`);
      continue;
    }
    if (givenId && !target && key && byIdentity.has(key)) {
      rowProblem('/id', `编号“${givenId}”不存在，而同年度、同市州已有同名项目（编号 ${byIdentity.get(key)!.id}）：更新请填写该编号，或清空编号列`);
      continue;
    }
    const twin = (givenId && seenIds.get(givenId)) || (key && seenIdentities.get(key));
    if (twin) {
      rowProblem(givenId && seenIds.has(givenId) ? '/id' : '/name', `与第${twin.row}行（「${twin.sheet}」表）是同一项目，请合并为一行`);
      continue;
    }
    if (givenId) seenIds.set(givenId, draft);
    if (key) seenIdentities.set(key, draft);

    const lists = listRows.claim([givenId && `id:${givenId}`, target && `id:${target.id}`, key]);
    plan(draft, { patch, cells: new Map(draft.cells), invalid: new Set(draft.invalid) }, lists, target, region);
  }

  // List rows of projects the file has no row for: they update a stored project, or name none.
  for (const [key, lists] of listRows.unclaimed()) {
    const first = [...lists.values()][0][0];
    const target = key.startsWith('id:') ? byId.get(key.slice(3)) : byIdentity.get(key);
    if (!target) {
      problems.push({ sheet: first.sheet, row: first.row, column: null, message: `找不到这一行所对应的项目：请在「${layout.main.sheet}」表中填写该项目，或填写已有项目的编号` });
      continue;
    }
    plan(first, { patch: {}, cells: identityCells(first), invalid: new Set() }, lists, target, target.body.region);
  }
  return summarise({
    format: workbook.format, encoding: workbook.encoding, changes,
    problems: inFileOrder(problems, workbook.sheets.map((s) => s.name)), warnings: read.warnings,
  });
}

import { InputError, Problem } from '../common/errors';
import { nextProjectId } from '../projects/project-id';
import { parseProject } from '../projects/project-input';
import { Project } from '../projects/project.types';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { canonical, changedFields, ImportPlan, mergeBody, PlannedChange, summarise } from './import-plan';
import { PROJECT_SHEET, projectColumns } from './project-columns';
import { convertRow, isShadowed, locateProblem, RowDraft } from './row-converter';
import { MappedSheet, mapSheet } from './sheet-table';
import { SheetProblem } from './sheet-problem';
import { RawWorkbook } from './workbook-reader';

export interface StoredProject {
  id: string;
  body: Project;
}

export interface ProjectImportOptions {
  /** Year of rows whose 年度 cell is empty or absent; defaults to the rule set's year. */
  year?: number;
}

const identity = (year: number, region: string, name: string) => `${year}|${region}|${name.trim()}`;

/**
 * Plans the import of a project workbook against the stored projects, without writing: each row
 * becomes a create, an update (same id, or same year + region + name) or unchanged, and every
 * problem — unreadable cell, rule-set error from parseProject, duplicate row — names its cell.
 */
export function planProjectImport(
  workbook: RawWorkbook,
  index: RuleSetIndex,
  stored: StoredProject[],
  options: ProjectImportOptions = {},
): ImportPlan<Project> {
  const specs = projectColumns(index);
  const defaultYear = options.year ?? index.doc.year;
  const problems: SheetProblem[] = [];
  const warnings: SheetProblem[] = [];
  const changes: PlannedChange<Project>[] = [];

  const sheets = workbook.sheets.map((s) => mapSheet(s, specs)).filter((m): m is MappedSheet => m !== null);
  if (sheets.length === 0) {
    problems.push({
      sheet: workbook.sheets[0]?.name ?? PROJECT_SHEET, row: null, column: null,
      message: `未找到项目表：表头应包含“项目名称”“市州”“项目类别”等列（可下载模板对照）`,
    });
  }

  const byId = new Map(stored.map((p) => [p.id, p]));
  const byIdentity = new Map(stored.map((p) => [identity(p.body.year, p.body.region, p.body.name), p]));
  const seenIds = new Map<string, RowDraft>();
  const seenIdentities = new Map<string, RowDraft>();
  const usedIds = new Set(stored.map((p) => p.id));

  for (const sheet of sheets) {
    problems.push(...sheet.problems);
    warnings.push(...sheet.warnings);
    if (sheet.problems.length > 0) continue;
    for (const row of sheet.rows) {
      const draft = convertRow(sheet, row, index);
      problems.push(...draft.problems);
      const patch = { ...draft.body };
      if (patch.id === null) delete patch.id;
      if (patch.year === null) delete patch.year;

      const givenId = typeof patch.id === 'string' ? patch.id : undefined;
      const year = typeof patch.year === 'number' ? patch.year : undefined;
      const regionText = typeof patch.region === 'string' ? patch.region : undefined;
      const region = regionText ? (index.region(regionText)?.name ?? regionText) : undefined;
      const name = typeof patch.name === 'string' ? patch.name : undefined;

      let target = givenId ? byId.get(givenId) : undefined;
      const key = region && name ? identity(year ?? target?.body.year ?? defaultYear, region, name) : undefined;
      if (!givenId && key) target = byIdentity.get(key);
      const rowProblem = (pointer: string, message: string) =>
        problems.push(locateProblem({ pointer, message }, draft.cells, { sheet: draft.sheet, row: draft.row, column: null }, specs));

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

      const merged = target ? mergeBody(target.body, patch) : mergeBody({ year: defaultYear } as Project, patch);
      const id = target?.id ?? givenId ?? nextProjectId(region ?? '', merged.year, index, (x) => usedIds.has(x));
      usedIds.add(id);
      merged.id = id;

      let project: Project;
      try {
        project = parseProject(merged, index);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        const fallback = { sheet: draft.sheet, row: draft.row, column: null };
        for (const p of e.details as Problem[]) {
          if (!isShadowed(p.pointer, draft.invalid)) problems.push(locateProblem(p, draft.cells, fallback, specs));
        }
        continue;
      }
      if (draft.problems.length > 0) continue;
      const base = { key: id, sheet: draft.sheet, row: draft.row, body: project };
      if (!target) changes.push({ ...base, action: 'create' });
      else if (canonical(target.body) === canonical(project)) changes.push({ ...base, action: 'unchanged', before: target.body });
      else changes.push({ ...base, action: 'update', before: target.body, changed: changedFields(target.body, project) });
    }
  }
  return summarise({ format: workbook.format, encoding: workbook.encoding, changes, problems, warnings });
}

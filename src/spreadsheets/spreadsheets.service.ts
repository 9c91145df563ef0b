import { Injectable } from '@nestjs/common';
import { assertCanWriteRegion, currentUserName, regionScope } from '../auth/current-user';
import { InputError } from '../common/errors';
import { Evaluator } from '../evaluation/evaluator';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { Project } from '../projects/project.types';
import { RegionProgress } from '../regions/region-progress.types';
import { RuleSetsService } from '../rule-sets/rule-sets.service';
import { RuleSetChoice } from '../rule-sets/rule-set-choice';
import { Stage } from '../rule-sets/rule-set.types';
import { SUBJECT_LABELS } from '../subjects/subject-identity';
import { evaluationsCsv, evaluationsXlsx, regionProgressCsv, regionProgressXlsx } from './export-workbooks';
import { ImportPlan, PlannedChange } from './import-plan';
import { planProjectImport } from './project-import';
import { buildProjectTemplate } from './project-template';
import { planRegionProgressImport } from './region-progress-import';
import { buildRegionProgressTemplate } from './region-progress-template';
import { sheetInputError } from './sheet-problem';
import { yearOfWorkbook } from './workbook-year';
import { RawWorkbook, readWorkbook } from './workbook-reader';

export interface ImportRequest {
  file: Buffer;
  fileName?: string;
  year?: number;
  dryRun: boolean;
}

export type ImportResult<T> = ImportPlan<T> & { dryRun: boolean; year: number; ruleSet: { id: string; version: number | null } };

/**
 * Templates, imports and exports. Imports are planned by the pure planners, then written in one
 * transaction: a file with a single problem writes nothing.
 */
@Injectable()
export class SpreadsheetsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  async projectTemplate(year?: number): Promise<Buffer> {
    const evaluator = await this.evaluatorFor(year);
    return buildProjectTemplate(evaluator.index, { year: evaluator.ruleSet.document.year });
  }

  async regionProgressTemplate(year?: number, region?: string): Promise<Buffer> {
    const evaluator = await this.evaluatorFor(year);
    if (region && !evaluator.index.region(region)) {
      throw new InputError('未知的市州', [{ pointer: '?region', message: `未知的市州“${region}”，可选：${evaluator.index.regionNames().join('、')}` }]);
    }
    return buildRegionProgressTemplate(evaluator, { year: evaluator.ruleSet.document.year, region });
  }

  async importProjects(req: ImportRequest): Promise<ImportResult<Project>> {
    const workbook = await readWorkbook(req.file, sheetNameOf(req.fileName, SUBJECT_LABELS.project));
    const { evaluator, year } = await this.importContext(workbook, req.year);
    const rows = await this.prisma.project.findMany({ where: { year, region: regionScope() ?? undefined } });
    const stored = rows.map((r) => ({ id: r.id, body: JSON.parse(r.body) as Project }));
    const plan = planProjectImport(workbook, evaluator.index, stored, { year, ownRegionIds: regionScope() !== null });
    plan.changes.forEach((c) => assertCanWriteRegion(c.body.region));
    if (!req.dryRun) {
      if (plan.problems.length > 0) throw sheetInputError(plan.problems);
      const revisions = new Map(rows.map((r) => [r.id, r.revision]));
      await this.prisma.write(async (tx) => {
        for (const change of plan.changes) {
          const p = change.body;
          const data = { year: p.year, region: p.region, name: p.name, category: p.category, body: JSON.stringify(p), updatedBy: currentUserName() };
          if (change.action === 'create') await tx.project.create({ data: { id: p.id, ...data } }).catch((err: unknown) => { throw takenId(err, change); });
          if (change.action === 'update') {
            // Same guard as a PUT: someone saving in between makes the whole import fail.
            const done = await tx.project.updateMany({ where: { id: p.id, revision: revisions.get(p.id) }, data: { ...data, revision: revisions.get(p.id)! + 1 } });
            if (done.count === 0) throw new InputError(`项目“${p.id}”在导入期间被他人修改，未导入任何数据，请重试`);
          }
        }
      });
    }
    return this.result(plan, req.dryRun, year, evaluator);
  }

  async importRegionProgress(req: ImportRequest): Promise<ImportResult<RegionProgress>> {
    const workbook = await readWorkbook(req.file, sheetNameOf(req.fileName, SUBJECT_LABELS.region));
    const { evaluator, year } = await this.importContext(workbook, req.year);
    const rows = await this.prisma.regionProgress.findMany({ where: { year, region: regionScope() ?? undefined } });
    const plan = planRegionProgressImport(workbook, evaluator.index, rows.map((r) => ({ body: JSON.parse(r.body) as RegionProgress })), { year });
    plan.changes.forEach((c) => assertCanWriteRegion(c.body.region));
    if (!req.dryRun) {
      if (plan.problems.length > 0) throw sheetInputError(plan.problems);
      const byRegion = new Map(rows.map((r) => [r.region, r]));
      await this.prisma.write(async (tx) => {
        for (const change of plan.changes) {
          const r = change.body;
          if (change.action === 'create') await tx.regionProgress.create({ data: { year: r.year, region: r.region, body: JSON.stringify(r), updatedBy: currentUserName() } });
          if (change.action === 'update') {
            const row = byRegion.get(r.region)!;
            const done = await tx.regionProgress.updateMany({ where: { id: row.id, revision: row.revision }, data: { body: JSON.stringify(r), revision: row.revision + 1, updatedBy: currentUserName() } });
            if (done.count === 0) throw new InputError(`${r.region}的进度记录在导入期间被他人修改，未导入任何数据，请重试`);
          }
        }
      });
    }
    return this.result(plan, req.dryRun, year, evaluator);
  }

  /**
   * Evaluates the stored projects of a year now (quota counted among them) and exports the results,
   * under the year's active rule set unless policy names another (`ruleSet`).
   */
  async exportEvaluations(year: number, stage: Stage, format: 'xlsx' | 'csv', ruleSet?: RuleSetChoice): Promise<Buffer> {
    const evaluator = this.ruleSets.evaluatorFor(await this.ruleSets.resolve(year, ruleSet, '?ruleSet'));
    const rows = await this.prisma.project.findMany({ where: { year, region: regionScope() ?? undefined }, orderBy: [{ region: 'asc' }, { id: 'asc' }] });
    const projects = rows.map((r) => JSON.parse(r.body) as Project);
    // Rows follow the rule set's region order (武汉 … 神农架), as in the notice's tables.
    const order = new Map(evaluator.index.regionNames().map((n, i) => [n, i]));
    projects.sort((a, b) => (order.get(a.region) ?? 99) - (order.get(b.region) ?? 99) || a.id.localeCompare(b.id));
    const report = await evaluator.evaluateProjectList(projects, stage);
    const input = { report, records: projects, evaluator, year, scope: regionScope() };
    return format === 'xlsx' ? evaluationsXlsx(input) : evaluationsCsv(input);
  }

  async exportRegionProgress(year: number, format: 'xlsx' | 'csv', ruleSet?: RuleSetChoice): Promise<Buffer> {
    const evaluator = this.ruleSets.evaluatorFor(await this.ruleSets.resolve(year, ruleSet, '?ruleSet'));
    const scope = regionScope();
    const rows = await this.prisma.regionProgress.findMany({ where: { year, region: scope ?? undefined } });
    const records = rows.map((r) => JSON.parse(r.body) as RegionProgress);
    const report = await evaluator.evaluateRegionList(records);
    // With no records there is no year in the list, but the province total is still owed.
    if (records.length === 0 && scope === null) report.evaluations.push(await evaluator.evaluateProvince(year, evaluator.ledger({ region: [] })));
    const input = { report, records, evaluator, year, scope };
    return format === 'xlsx' ? regionProgressXlsx(input) : regionProgressCsv(input);
  }

  /** The year of an import: ?year=, else the file's 年度 column, else the newest year with a rule set. */
  private async importContext(workbook: RawWorkbook, year?: number): Promise<{ evaluator: Evaluator; year: number }> {
    const evaluator = await this.evaluatorFor(year ?? yearOfWorkbook(workbook) ?? undefined);
    return { evaluator, year: year ?? yearOfWorkbook(workbook) ?? evaluator.ruleSet.document.year };
  }

  private async evaluatorFor(year?: number): Promise<Evaluator> {
    if (year !== undefined) return this.ruleSets.evaluatorFor(await this.ruleSets.activeForYear(year));
    const newest = (await this.ruleSets.list()).filter((s) => s.activeVersion !== null).sort((a, b) => b.year - a.year)[0];
    if (!newest) throw new InputError('没有有效的规则集，请先导入规则集');
    return this.ruleSets.evaluatorFor(await this.ruleSets.activeForYear(newest.year));
  }

  private result<T>(plan: ImportPlan<T>, dryRun: boolean, year: number, evaluator: Evaluator): ImportResult<T> {
    return { dryRun, year, ruleSet: { id: evaluator.ref.id, version: evaluator.ref.version }, ...plan };
  }
}

/** A new project's id already in use (another year's project): the row's problem, not a 500. */
function takenId(err: unknown, change: PlannedChange<Project>): unknown {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError) || err.code !== 'P2002') return err;
  return sheetInputError([{ sheet: change.sheet, row: change.row, column: null, message: `编号“${change.key}”已被使用，请换一个编号，或不填由系统生成` }]);
}

/** A CSV has no sheet names: problems name the file instead. */
function sheetNameOf(fileName: string | undefined, fallback: string): string {
  return fileName && /\.(csv|txt)$/i.test(fileName) ? fileName : fallback;
}

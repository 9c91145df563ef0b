import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assertCanWriteRegion, canSeeRegion, currentUserName } from '../auth/current-user';
import { InputError, NotFoundError } from '../common/errors';
import { withoutRevision } from '../common/query';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { UntilChangedCache } from '../prisma/until-changed.cache';
import { parseProject } from '../projects/project-input';
import { ProjectsService } from '../projects/projects.service';
import { parseRegionProgress } from '../regions/region-progress-input';
import { RegionProgressService } from '../regions/region-progress.service';
import { RuleSetsService } from '../rule-sets/rule-sets.service';
import { EvaluationStage, LoadedRuleSet, Stage } from '../rule-sets/rule-set.types';
import { DryRunRequest, RuleSetChoice, StoredRequest } from './evaluation-request';
import { EvaluationReport, RuleSetRef, SubjectEvaluation } from './evaluation.types';
import { Evaluator } from './evaluator';
import { AggregateLedger } from './aggregates';
import { yieldEvery, yieldToEventLoop } from '../common/event-loop';
import { PrintQueue } from '../reports/print-queue';

/** An evaluation as the row that stores it (EvaluationsService.projectEvaluationRow). */
export type EvaluationRow = Prisma.EvaluationCreateManyInput & { id: string; projectId: string | null };

/** Dry runs of up to this many subjects (a form's, a region's) are evaluated at once, never queued. */
const INLINE_DRY_RUN = 10;
const DRY_RUN_BUSY = '评估与报告生成繁忙，请稍后重试';

/** A stored, immutable evaluation: the result plus the exact rule-set version and facts it used. */
export interface StoredEvaluation extends SubjectEvaluation {
  id: string;
  createdAt: string;
  ruleSet: RuleSetRef;
  stage: EvaluationStage;
}

/** The same, computed for one print and stored nowhere: it has no id. */
export type UnstoredEvaluation = Omit<StoredEvaluation, 'id'> & { id: null };

@Injectable()
export class EvaluationsService {
  /** Each year's stored projects and region records as aggregate members, per rule-set version. */
  private readonly ledgers: UntilChangedCache<AggregateLedger>;

  /** Bulk dry runs, one at a time: the event loop is one thread, and each holds its answer in memory. */
  private readonly bulkDryRuns: PrintQueue;

  constructor(
    private readonly prisma: PrismaService,
    private readonly ruleSets: RuleSetsService,
    private readonly projects: ProjectsService,
    private readonly progress: RegionProgressService,
    private readonly queue: PrintQueue,
  ) {
    this.ledgers = new UntilChangedCache(prisma);
    this.bulkDryRuns = new PrintQueue(1, queue.maxWaiting, DRY_RUN_BUSY);
  }

  async evaluateProject(projectId: string, request: StoredRequest): Promise<StoredEvaluation> {
    return this.insert(await this.projectEvaluationRow(projectId, request));
  }

  /**
   * A stored project's evaluation made now, as the row that stores it (with its id), not yet
   * written: a batch part evaluates its projects before its transaction, on the read caches
   * (inside it every read goes to the database: the year's projects again for each project), and
   * stores them all in it (storeEvaluationRows).
   */
  async projectEvaluationRow(projectId: string, request: StoredRequest): Promise<EvaluationRow> {
    const project = await this.projects.get(projectId);
    const evaluator = this.ruleSets.evaluatorFor(await this.ruleSets.resolve(project.year, request.ruleSet));
    const stage = request.stage ?? 'application';
    const { revision: _r, ...body } = project;
    const evaluation = await evaluator.evaluateProject(body, stage, await this.storedLedger(evaluator, project.year));
    return this.row(evaluation, evaluator, stage, projectId);
  }

  /** Stores evaluations made by projectEvaluationRow, in one statement. */
  async storeEvaluationRows(rows: EvaluationRow[]): Promise<void> {
    if (rows.length) await this.prisma.write((tx) => tx.evaluation.createMany({ data: rows }));
  }

  async evaluateRegion(region: string, year: number, ruleSet?: RuleSetChoice): Promise<StoredEvaluation> {
    const record = await this.progress.get(region, year);
    const evaluator = this.ruleSets.evaluatorFor(await this.ruleSets.resolve(year, ruleSet));
    const { revision: _r, ...body } = record;
    return this.store(await evaluator.evaluateRegion(body, await this.storedLedger(evaluator, year)), evaluator, 'progress', null);
  }

  async evaluateProvince(year: number, ruleSet?: RuleSetChoice): Promise<StoredEvaluation> {
    const evaluator = this.ruleSets.evaluatorFor(await this.ruleSets.resolve(year, ruleSet));
    return this.store(await evaluator.evaluateProvince(year, await this.storedLedger(evaluator, year)), evaluator, 'progress', null);
  }

  /**
   * A stored project evaluated now against its year's active rule set (or the version policy names), and not stored: what a
   * GET prints when no stored evaluation is current (reading stores nothing).
   */
  async projectNow(projectId: string, stage: Stage, ruleSet?: RuleSetChoice): Promise<UnstoredEvaluation> {
    const project = await this.projects.get(projectId);
    const evaluator = this.ruleSets.evaluatorFor(await this.ruleSets.resolve(project.year, ruleSet));
    const { revision: _r, ...body } = project;
    return this.unstored(await evaluator.evaluateProject(body, stage, await this.storedLedger(evaluator, project.year)), evaluator, stage);
  }

  /** A region record evaluated now and not stored (as projectNow). */
  async regionNow(region: string, year: number, ruleSet?: RuleSetChoice): Promise<UnstoredEvaluation> {
    const record = await this.progress.get(region, year);
    const evaluator = this.ruleSets.evaluatorFor(await this.ruleSets.resolve(year, ruleSet));
    const { revision: _r, ...body } = record;
    return this.unstored(await evaluator.evaluateRegion(body, await this.storedLedger(evaluator, year)), evaluator, 'progress');
  }

  /**
   * Evaluates posted subjects without storing anything; the quota counts stored projects too.
   * More than a handful of subjects is bulk work: refused at once (503, Retry-After) while the
   * print queue is full, and run one at a time, yielding to other requests as it goes. It does
   * not take a print slot: it runs on the event loop, not in Chromium, and a page's outcomes
   * must not wait for a batch of PDFs to print.
   */
  async dryRun(request: DryRunRequest): Promise<EvaluationReport> {
    const subjects = request.project ? 1 : (request.projects?.length ?? 0) + (request.regions?.length ?? 0);
    if (subjects <= INLINE_DRY_RUN) return this.evaluateDry(request);
    this.queue.assertCapacity(DRY_RUN_BUSY);
    return this.bulkDryRuns.run(() => this.evaluateDry(request));
  }

  private async evaluateDry(request: DryRunRequest): Promise<EvaluationReport> {
    const items = request.project ? [request.project] : request.projects;
    if (items && request.regions) throw new InputError('请求数据有错误', [{ pointer: '/regions', message: '项目与市州进度请分开评估' }]);
    if (!items && !request.regions) throw new InputError('请求数据有错误', [{ pointer: '/project', message: '缺少 project、projects 或 regions' }]);
    const first = (items ?? request.regions)![0] as { year?: unknown };
    if (!Number.isInteger(first?.year)) {
      const at = request.project ? '/project/year' : items ? '/projects/0/year' : '/regions/0/year';
      throw new InputError('请求数据有错误', [{ pointer: at, message: '缺少年度或年度不是整数' }]);
    }
    const evaluator = this.ruleSets.evaluatorFor(await this.ruleSets.resolve(first.year as number, request.ruleSet));
    if (request.regions) {
      const records = await this.parseAll(request.regions, (r, at) => parseRegionProgress(r, evaluator.index, at), '/regions');
      records.forEach((r) => assertCanWriteRegion(r.region));
      return evaluator.evaluateRegionList(records);
    }
    const prefix = request.project ? '/project' : '/projects';
    const projects = await this.parseAll(items!, (p, at) => parseProject(p, evaluator.index, request.project ? at.replace(/\/0$/, '') : at), prefix);
    const stage = request.stage ?? 'application';
    // A region user tries out its own region's projects only (the quota counts stored ones).
    projects.forEach((p) => assertCanWriteRegion(p.region));
    // Posted projects take the place of their stored selves in the aggregates (the quota's count);
    // those without an id yet are counted each on their own.
    const keys = projects.map((p, i) => (p.id ? String(p.id) : `draft#${i}`));
    for (const p of projects) p.id ??= 'draft';
    const years = [...new Set(projects.map((p) => p.year))];
    let ledger = await this.storedLedger(evaluator, ...years);
    // Each posted project's contribution is a CEL program too: added in slices, as evaluated below.
    for (let i = 0; i < projects.length; i += 100) {
      if (i > 0) await yieldToEventLoop();
      ledger = ledger.with('project', projects.slice(i, i + 100), (_p, j) => keys[i + j]);
    }
    const evaluations: SubjectEvaluation[] = [];
    const pause = yieldEvery();
    for (const p of projects) {
      await pause();
      evaluations.push(await evaluator.evaluateProject(p, stage, ledger));
    }
    return { ruleSet: evaluator.ref, stage, evaluations };
  }

  async get(id: string): Promise<StoredEvaluation> {
    const row = await this.prisma.evaluation.findUnique({ where: { id } });
    if (!row || !canSeeRegion(row.region)) throw new NotFoundError(`评估记录“${id}”不存在`);
    return this.fromRow(row);
  }

  /**
   * A stored evaluation for the public verifier, or null: not scoped to the caller's region,
   * since the verifier answers everyone alike and discloses only what the printed report shows.
   */
  async findForVerification(id: string): Promise<StoredEvaluation | null> {
    const row = await this.prisma.evaluation.findUnique({ where: { id } });
    return row ? this.fromRow(row) : null;
  }

  async listForProject(projectId: string): Promise<StoredEvaluation[]> {
    await this.projects.get(projectId);
    const rows = await this.prisma.evaluation.findMany({ where: { projectId }, orderBy: { createdAt: 'desc' } });
    return rows.map((r) => this.fromRow(r));
  }

  /** The rule set an evaluation used, exactly: old scorecards re-render identically. */
  async ruleSetOf(evaluation: Pick<StoredEvaluation, 'ruleSet'>): Promise<LoadedRuleSet> {
    return this.ruleSets.loadVersion(evaluation.ruleSet.id, evaluation.ruleSet.version!);
  }

  /**
   * The aggregates over a year's stored projects and region records (the quota's new projects,
   * the province's stations), computed once per rule-set version and kept until the database
   * changes: every evaluation of the year reads them.
   */
  private storedLedger(evaluator: Evaluator, ...years: number[]): Promise<AggregateLedger> {
    const where = { year: { in: years } };
    return this.ledgers.get(`${evaluator.ref.id}@${evaluator.ref.version}:${evaluator.ref.hash}|${years.join(',')}`, async () => {
      const [projects, regions] = await Promise.all([
        this.prisma.project.findMany({ where, select: { body: true } }),
        this.prisma.regionProgress.findMany({ where, select: { body: true } }),
      ]);
      return evaluator.ledger({ project: projects.map((r) => JSON.parse(r.body)), region: regions.map((r) => JSON.parse(r.body)) });
    });
  }

  private async parseAll<T>(items: unknown[], parse: (item: unknown, at: string) => T, prefix: string): Promise<T[]> {
    const details: { pointer: string; message: string }[] = [];
    const parsed: T[] = [];
    const pause = yieldEvery();
    for (const [i, item] of items.entries()) {
      await pause();
      try {
        // A record fetched with GET carries its revision; a dry run stores nothing, so it is ignored.
        parsed.push(parse(withoutRevision(item), `${prefix}/${i}`));
      } catch (err) {
        if (err instanceof InputError) details.push(...err.details);
        else throw err;
      }
    }
    if (details.length > 0) throw new InputError(`提交的数据有 ${details.length} 处错误`, details);
    return parsed;
  }

  private store(e: SubjectEvaluation, evaluator: Evaluator, stage: EvaluationStage, projectId: string | null): Promise<StoredEvaluation> {
    return this.insert(this.row(e, evaluator, stage, projectId));
  }

  private async insert(data: EvaluationRow): Promise<StoredEvaluation> {
    return this.fromRow(await this.prisma.write((tx) => tx.evaluation.create({ data })));
  }

  private row(e: SubjectEvaluation, evaluator: Evaluator, stage: EvaluationStage, projectId: string | null): EvaluationRow {
    const ref = evaluator.ref;
    const { facts, ...result } = e;
    return {
      id: randomUUID(), subjectKind: e.subject.kind, subjectId: e.subject.id, projectId, year: e.subject.year,
      region: e.subject.region, ruleSetId: ref.id, ruleSetVersion: ref.version!, ruleSetHash: ref.hash, stage,
      compliant: e.compliant, score: e.score, grade: e.grade, facts: JSON.stringify(facts), result: JSON.stringify(result), createdBy: currentUserName(),
    };
  }

  private unstored(e: SubjectEvaluation, evaluator: Evaluator, stage: EvaluationStage): UnstoredEvaluation {
    return { ...e, id: null, createdAt: new Date().toISOString(), ruleSet: evaluator.ref, stage };
  }

  private fromRow(row: {
    id: string; createdAt: Date; ruleSetId: string; ruleSetVersion: number; ruleSetHash: string; stage: string; facts: string; result: string;
  }): StoredEvaluation {
    const result = JSON.parse(row.result) as Omit<SubjectEvaluation, 'facts'>;
    return {
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      ruleSet: { id: row.ruleSetId, version: row.ruleSetVersion, hash: row.ruleSetHash },
      stage: row.stage as EvaluationStage,
      ...result,
      facts: JSON.parse(row.facts),
    };
  }
}

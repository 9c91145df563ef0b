import { Injectable, Logger } from '@nestjs/common';
import { canSeeRegion, regionScope } from '../auth/current-user';
import { NotFoundError } from '../common/errors';
import { EvaluationsService, StoredEvaluation, UnstoredEvaluation } from '../evaluation/evaluations.service';
import { PrismaService } from '../prisma/prisma.service';
import { ProjectsService } from '../projects/projects.service';
import { RegionProgressService } from '../regions/region-progress.service';
import { Stage } from '../rule-sets/rule-set.types';
import { RuleSetChoice } from '../rule-sets/rule-set-choice';
import { RuleSetsService } from '../rule-sets/rule-sets.service';
import { ScorecardSource } from './report-view.types';

/**
 * Gathers what a report is printed from: a stored evaluation, the rule-set version it used (so an
 * old scorecard re-prints identically), and the subject's record for the fields facts lack.
 * Printing is a read and stores nothing: where a report needs an evaluation that does not exist
 * yet or predates the last edit of its subject, the subject is evaluated for that print only,
 * and the report says which it is (ScorecardSource.stored).
 */
@Injectable()
export class ReportSourcesService {
  private readonly logger = new Logger('ReportSources');

  constructor(
    private readonly prisma: PrismaService,
    private readonly evaluations: EvaluationsService,
    private readonly projects: ProjectsService,
    private readonly progress: RegionProgressService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  async forEvaluation(id: string): Promise<ScorecardSource> {
    return this.fromStored(await this.evaluations.get(id));
  }

  async forRegion(regionName: string, year: number, ruleSet?: RuleSetChoice): Promise<ScorecardSource> {
    const region = await this.progress.regionName(regionName, year);
    const none = new NotFoundError(`${region}没有 ${year} 年度的进度记录`);
    // Another region's report is answered as one without data: not even an evaluation id leaks.
    if (!canSeeRegion(region)) throw none;
    const record = await this.prisma.regionProgress.findUnique({ where: { year_region: { year, region } } });
    if (!record) throw none;
    const printed = await this.printedVersion(year, ruleSet);
    const latest = await this.prisma.evaluation.findFirst({
      where: { subjectKind: 'region', subjectId: region, year, ...printed.where },
      orderBy: { createdAt: 'desc' },
      select: { id: true, createdAt: true },
    });
    if (latest && latest.createdAt >= record.updatedAt) return this.forEvaluation(latest.id);
    return this.fromStored(await this.evaluations.regionNow(region, year, printed.choice));
  }

  /**
   * One source per project of the year (optionally of one region): its latest evaluation of the
   * stage asked for (any stage if none asked), evaluated for this print when missing or stale. A project
   * whose source cannot be built is returned as a failure, not thrown: the batch goes on.
   */
  async forProjects(
    year: number,
    region: string | undefined,
    stage: Stage | undefined,
    ruleSet?: RuleSetChoice,
  ): Promise<{ sources: ScorecardSource[]; failures: { key: string; bookmark: string; error: string }[] }> {
    const regionName = region ? await this.progress.regionName(region, year) : undefined;
    // A region user's batch holds only their region's projects; asking for another region is 404.
    const scope = regionScope();
    if (scope !== null && regionName !== undefined && regionName !== scope) throw new NotFoundError(`${regionName}的数据不存在`);
    const rows = await this.prisma.project.findMany({
      where: { year, region: scope ?? regionName },
      select: { id: true, name: true, updatedAt: true },
      orderBy: [{ region: 'asc' }, { id: 'asc' }],
    });
    return this.sourcesOf(rows, year, stage, ruleSet);
  }

  /**
   * The same for the projects `ids` names, in that order (a part of a queued batch, within the
   * current user's region scope). A project gone or out of reach since is a failure, not an error.
   */
  async forProjectIds(
    ids: string[],
    year: number,
    stage: Stage | undefined,
    ruleSet?: RuleSetChoice,
  ): Promise<{ sources: ScorecardSource[]; failures: { key: string; bookmark: string; error: string }[] }> {
    const scope = regionScope();
    const found = await this.prisma.project.findMany({
      where: { id: { in: ids }, year, ...(scope !== null ? { region: scope } : {}) },
      select: { id: true, name: true, updatedAt: true },
    });
    const byId = new Map(found.map((r) => [r.id, r]));
    const result = await this.sourcesOf(ids.flatMap((id) => byId.get(id) ?? []), year, stage, ruleSet);
    for (const id of ids) if (!byId.has(id)) result.failures.push({ key: id, bookmark: id, error: `项目 ${id} 已不存在或已不属于本年度` });
    return result;
  }

  private async sourcesOf(
    rows: { id: string; name: string; updatedAt: Date }[],
    year: number,
    stage: Stage | undefined,
    ruleSet: RuleSetChoice | undefined,
  ): Promise<{ sources: ScorecardSource[]; failures: { key: string; bookmark: string; error: string }[] }> {
    const printed = await this.printedVersion(year, ruleSet);
    const sources: ScorecardSource[] = [];
    const failures: { key: string; bookmark: string; error: string }[] = [];
    for (const row of rows) {
      try {
        const latest = await this.prisma.evaluation.findFirst({
          where: { subjectKind: 'project', projectId: row.id, ...(stage ? { stage } : {}), ...printed.where },
          orderBy: { createdAt: 'desc' },
          select: { id: true, createdAt: true },
        });
        const current = latest && latest.createdAt >= row.updatedAt;
        sources.push(current ? await this.forEvaluation(latest.id) : await this.fromStored(await this.evaluations.projectNow(row.id, stage ?? 'application', printed.choice)));
      } catch (err) {
        this.logger.warn(`project ${row.id}: ${(err as Error).message}`);
        failures.push({ key: row.id, bookmark: row.name, error: (err as Error).message });
      }
    }
    return { sources, failures };
  }

  /**
   * The rule-set version an official output prints under: the year's active one, or the one a
   * policy user names (?ruleSet=, refused to others). Evaluations stored under any other version
   * are left out, so a region cannot put results of a version of its choosing into the summary.
   */
  private async printedVersion(year: number, ruleSet: RuleSetChoice | undefined) {
    const loaded = await this.ruleSets.resolve(year, ruleSet, '?ruleSet');
    const choice = { id: loaded.document.id, version: loaded.version! };
    return { choice, where: { ruleSetId: choice.id, ruleSetVersion: choice.version } };
  }

  private async fromStored(ev: StoredEvaluation | UnstoredEvaluation): Promise<ScorecardSource> {
    const { evaluation } = sourceOfEvaluation(ev);
    const loaded = await this.evaluations.ruleSetOf(ev).catch(() => null);
    const project =
      evaluation.subject.kind === 'project' ? await this.projects.get(evaluation.subject.id).catch(() => null) : null;
    const region =
      evaluation.subject.kind === 'region' && evaluation.subject.region
        ? await this.progress.get(evaluation.subject.region, evaluation.subject.year).catch(() => null)
        : null;
    return { ...sourceOfEvaluation(ev), document: loaded?.document ?? null, project, region };
  }
}

/**
 * What a report prints of an evaluation, and all its evidence (evaluation.json) is made of: the
 * verifier recomputes a stored evaluation's code from exactly this, as printing computed it.
 */
export function sourceOfEvaluation(ev: StoredEvaluation | UnstoredEvaluation): ScorecardSource {
  const { id, createdAt, ruleSet, stage, ...evaluation } = ev;
  return {
    evaluationId: id ?? `unstored-${evaluation.subject.kind}-${evaluation.subject.id}`,
    stored: id !== null,
    evaluatedAt: createdAt,
    ruleSet,
    stage,
    evaluation,
  };
}

import { Injectable } from '@nestjs/common';
import { assertCanWriteRegion, canSeeRegion, currentUserName, regionScope } from '../auth/current-user';
import { ConflictError, InputError, NotFoundError } from '../common/errors';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { UntilChangedCache } from '../prisma/until-changed.cache';
import { RuleSetsService } from '../rule-sets/rule-sets.service';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { parseProject } from './project-input';
import { assertOwnRegionId, nextProjectId, projectIdPrefix } from './project-id';
import { Project } from './project.types';

export interface StoredProject extends Project {
  revision: number;
}

export interface ProjectFilter {
  year?: number;
  region?: string;
  category?: string;
}

type ProjectRow = Prisma.ProjectGetPayload<object>;

function toStored(row: { body: string; revision: number }): StoredProject {
  return { ...(JSON.parse(row.body) as Project), revision: row.revision };
}

/** Projects: validated against the active rule set of their year before anything is written. */
@Injectable()
export class ProjectsService {
  /**
   * Rows read for lists and single projects, kept until the database changes: reads are most of
   * what the bureaus' browsers and scripts ask, and each one through Prisma costs about a
   * millisecond of the event loop. Rows, not parsed projects, so no two requests share an object.
   */
  private readonly lists: UntilChangedCache<ProjectRow[]>;
  private readonly rows: UntilChangedCache<ProjectRow | null>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly ruleSets: RuleSetsService,
  ) {
    this.lists = new UntilChangedCache(prisma);
    this.rows = new UntilChangedCache(prisma);
  }

  async indexForYear(input: unknown): Promise<RuleSetIndex> {
    const year = (input as { year?: unknown } | null)?.year;
    if (!Number.isInteger(year)) {
      throw new InputError('项目数据有错误', [{ pointer: '/year', message: '缺少年度或年度不是整数' }]);
    }
    return this.ruleSets.evaluatorFor(await this.ruleSets.activeForYear(year as number)).index;
  }

  async list(filter: ProjectFilter): Promise<StoredProject[]> {
    // A region user sees only their own region's projects, whatever the filter asks for.
    const scope = regionScope();
    if (scope !== null && filter.region !== undefined && filter.region !== scope) return [];
    const where = { year: filter.year, region: scope ?? filter.region, category: filter.category };
    const rows = await this.lists.get(JSON.stringify(where), () =>
      this.prisma.project.findMany({ where, orderBy: [{ year: 'desc' }, { region: 'asc' }, { id: 'asc' }] }),
    );
    return rows.map(toStored);
  }

  async get(id: string): Promise<StoredProject> {
    const row = await this.rows.get(id, () => this.prisma.project.findUnique({ where: { id } }));
    // Another region's project is "not found" for a region user: not even its existence leaks.
    if (!row || !canSeeRegion(row.region)) throw new NotFoundError(`项目“${id}”不存在`);
    return toStored(row);
  }

  async create(input: unknown): Promise<StoredProject> {
    const index = await this.indexForYear(input);
    const project = parseProject(input, index);
    assertCanWriteRegion(project.region);
    const prefix = projectIdPrefix(project.region, project.year, index);
    // A region user's explicit id must be of its own form: another region's id is refused for its
    // form, never with a conflict that would tell whether that region has such a project.
    if (project.id && regionScope() !== null) assertOwnRegionId(project.id, prefix);
    try {
      const row = await this.prisma.write(async (tx) => {
        if (!project.id) {
          // Only ids of this region and year can collide with the one generated (wuhan-2022-NN).
          const taken = new Set((await tx.project.findMany({ where: { id: { startsWith: prefix } }, select: { id: true } })).map((r) => r.id));
          project.id = nextProjectId(project.region, project.year, index, (id) => taken.has(id));
        }
        return tx.project.create({ data: this.columns(project) });
      });
      return toStored(row);
    } catch (err) {
      throw this.uniqueConflict(err, project);
    }
  }

  /** Replaces a project; `baseRevision` (If-Match) guards against overwriting someone else's edit. */
  async update(id: string, input: unknown, baseRevision?: number): Promise<StoredProject> {
    const existing = await this.get(id);
    const index = await this.indexForYear(input);
    const project = parseProject({ ...(input as object), id }, index);
    assertCanWriteRegion(project.region);
    if (baseRevision !== undefined && baseRevision !== existing.revision) {
      throw new ConflictError(`项目“${id}”已被他人修改（当前版本 ${existing.revision}，你的修改基于版本 ${baseRevision}），请刷新后重试`);
    }
    try {
      const result = await this.prisma.write((tx) => tx.project.updateMany({
        where: { id, revision: existing.revision },
        data: { ...this.columns(project), revision: existing.revision + 1 },
      }));
      if (result.count === 0) throw new ConflictError(`项目“${id}”已被他人修改，请刷新后重试`);
    } catch (err) {
      throw this.uniqueConflict(err, project);
    }
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.prisma.write((tx) => tx.project.delete({ where: { id } }));
  }

  private columns(p: Project) {
    return { id: p.id, year: p.year, region: p.region, name: p.name, category: p.category, body: JSON.stringify(p), updatedBy: currentUserName() };
  }

  private uniqueConflict(err: unknown, p: Project): unknown {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      return new ConflictError(`${p.year}年度${p.region}已有同名项目“${p.name}”或编号“${p.id}”已存在`, [
        { pointer: '/name', message: '同一年度同一市州的项目名称不能重复' },
      ]);
    }
    return err;
  }
}

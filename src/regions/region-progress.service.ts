import { Injectable } from '@nestjs/common';
import { assertCanWriteRegion, canSeeRegion, currentUserName, regionScope } from '../auth/current-user';
import { ConflictError, InputError, NotFoundError } from '../common/errors';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { UntilChangedCache } from '../prisma/until-changed.cache';
import { RuleSetsService } from '../rule-sets/rule-sets.service';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { parseRegionProgress } from './region-progress-input';
import { RegionProgress } from './region-progress.types';

export interface StoredRegionProgress extends RegionProgress {
  revision: number;
}

function toStored(row: { body: string; revision: number }): StoredRegionProgress {
  return { ...(JSON.parse(row.body) as RegionProgress), revision: row.revision };
}

/** Region progress records: one per region and year. */
@Injectable()
export class RegionProgressService {
  /** Listed rows, kept until the database changes (as ProjectsService keeps its reads). */
  private readonly lists: UntilChangedCache<Prisma.RegionProgressGetPayload<object>[]>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly ruleSets: RuleSetsService,
  ) {
    this.lists = new UntilChangedCache(prisma);
  }

  private async indexForYear(year: unknown): Promise<RuleSetIndex> {
    if (!Number.isInteger(year)) throw new InputError('市州进度数据有错误', [{ pointer: '/year', message: '缺少年度或年度不是整数' }]);
    return this.ruleSets.evaluatorFor(await this.ruleSets.activeForYear(year as number)).index;
  }

  /** The short name of a region typed in a URL (武汉, 武汉市, 恩施州 …). */
  async regionName(name: string, year: number): Promise<string> {
    const index = await this.indexForYear(year);
    const region = index.region(name);
    if (!region) throw new NotFoundError(`未知的市州“${name}”，可选：${index.regionNames().join('、')}`);
    return region.name;
  }

  async list(year?: number): Promise<StoredRegionProgress[]> {
    const where = { year, region: regionScope() ?? undefined };
    const rows = await this.lists.get(JSON.stringify(where), () => this.prisma.regionProgress.findMany({ where, orderBy: [{ year: 'desc' }, { id: 'asc' }] }));
    return rows.map(toStored);
  }

  async get(region: string, year: number): Promise<StoredRegionProgress> {
    const name = await this.regionName(region, year);
    const row = await this.prisma.regionProgress.findUnique({ where: { year_region: { year, region: name } } });
    if (!row || !canSeeRegion(name)) throw new NotFoundError(`${name}没有 ${year} 年度的进度记录`);
    return toStored(row);
  }

  async create(input: unknown): Promise<StoredRegionProgress> {
    const record = parseRegionProgress(input, await this.indexForYear((input as { year?: unknown } | null)?.year));
    assertCanWriteRegion(record.region);
    const existing = await this.prisma.regionProgress.findUnique({ where: { year_region: { year: record.year, region: record.region } } });
    if (existing) throw new ConflictError(`${record.region}已有 ${record.year} 年度的进度记录，请修改该记录`);
    return toStored(await this.prisma.write((tx) => tx.regionProgress.create({ data: { year: record.year, region: record.region, body: JSON.stringify(record), updatedBy: currentUserName() } })));
  }

  /** Creates or replaces the record of a region and year (PUT semantics). */
  async put(region: string, year: number, input: unknown, baseRevision?: number): Promise<StoredRegionProgress> {
    const name = await this.regionName(region, year);
    assertCanWriteRegion(name);
    const record = parseRegionProgress({ ...(input as object), region: name, year }, await this.indexForYear(year));
    const existing = await this.prisma.regionProgress.findUnique({ where: { year_region: { year, region: name } } });
    if (!existing) {
      if (baseRevision !== undefined) throw new ConflictError(`${name}的 ${year} 年度进度记录已被删除`);
      return toStored(await this.prisma.write((tx) => tx.regionProgress.create({ data: { year, region: name, body: JSON.stringify(record), updatedBy: currentUserName() } })));
    }
    if (baseRevision !== undefined && baseRevision !== existing.revision) {
      throw new ConflictError(`${name}的进度记录已被他人修改（当前版本 ${existing.revision}），请刷新后重试`);
    }
    const result = await this.prisma.write((tx) => tx.regionProgress.updateMany({
      where: { id: existing.id, revision: existing.revision },
      data: { body: JSON.stringify(record), revision: existing.revision + 1, updatedBy: currentUserName() },
    }));
    if (result.count === 0) throw new ConflictError(`${name}的进度记录已被他人修改，请刷新后重试`);
    return this.get(name, year);
  }

  async remove(region: string, year: number): Promise<void> {
    const record = await this.get(region, year);
    await this.prisma.write((tx) => tx.regionProgress.delete({ where: { year_region: { year, region: record.region } } }));
  }
}

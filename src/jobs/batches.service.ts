import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { canSeeRegion, currentUser, regionScope } from '../auth/current-user';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { PrismaService } from '../prisma/prisma.service';
import { RegionProgressService } from '../regions/region-progress.service';
import { RuleSetsService } from '../rule-sets/rule-sets.service';
import { Batch } from '../generated/prisma/client';
import { BatchRequest, parseBatchRequest } from './batch-request';
import { BatchParams, BatchState, JobQueue, MARKER_PREFIX, partCount, partSizeFor, UNFINISHED } from './batch.types';
import { loadConfig } from '../config/app-config';
import { requesterOf } from './run-as-requester';

export interface BatchFileView {
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface BatchView {
  id: string;
  kind: string;
  state: BatchState;
  done: number;
  total: number;
  reason: string | null;
  year: number;
  stage: string | null;
  region: string | null;
  ruleSet: { id: string; version: number };
  priority: number;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
  files: BatchFileView[];
}

export const STATE_WORDS: Record<BatchState, string> = { queued: '排队中', running: '进行中', completed: '完成', failed: '失败', cancelled: '取消' };

/** Roles that may cancel a batch someone else submitted. */
const CANCEL_ANY = ['admin', 'policy', 'evaluator'];

/**
 * Batches as the API sees them: submitted (the Batch row in the request's transaction, with its
 * audit row; the parts on the queue), read, cancelled. A region user sees only batches of their
 * region, and everything else answers as if it did not exist.
 */
@Injectable()
export class BatchesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: JobQueue,
    private readonly ruleSets: RuleSetsService,
    private readonly progress: RegionProgressService,
  ) {}

  async submit(body: unknown): Promise<BatchView> {
    const request = parseBatchRequest(body);
    const user = currentUser();
    if (!user) throw new ForbiddenError('批量任务须由登录用户提交');
    if (request.kind === 'evaluations' && !['admin', 'evaluator', 'region'].includes(user.role)) {
      throw new ForbiddenError('只有评估人员、市州用户和管理员可以批量评估并存储', [{ pointer: '/kind', message: '可提交 scorecards（打印评估报告）' }]);
    }
    const region = await this.regionOf(request);
    const loaded = await this.ruleSets.resolve(request.year, request.ruleSet, '/ruleSet');
    const ruleSet = { id: loaded.document.id, version: loaded.version! };
    const dedupKey = [request.kind, request.year, request.stage ?? '*', region ?? '*', `${ruleSet.id}@${ruleSet.version}`].join('|');
    // The same request again adds nothing to the queue: it gets the batch it already has, full queue or not.
    const running = await this.prisma.batch.findFirst({ where: { dedupKey, state: { in: UNFINISHED } }, orderBy: { createdAt: 'asc' } });
    if (running) return this.get(running.id);
    // A new batch is refused while the queue is over its limit, before its projects are read.
    await this.queue.assertCapacity();
    const rows = await this.prisma.project.findMany({ where: { year: request.year, region: region ?? undefined }, select: { id: true }, orderBy: [{ region: 'asc' }, { id: 'asc' }] });
    const params: BatchParams = {
      year: request.year,
      stage: request.stage ?? null,
      region,
      ruleSet,
      items: rows.map((r) => r.id),
      partSize: partSizeFor(rows.length, loadConfig().queue.partSize, await this.queue.consumers()),
      requester: requesterOf(user),
    };
    // A region's batch is small and awaited by a person at a deadline: ahead of the whole province's.
    const priority = region ? 1 : 2;
    const { batch, created } = await this.prisma.write(async (tx) => {
      const existing = await tx.batch.findFirst({ where: { dedupKey, state: { in: UNFINISHED } }, orderBy: { createdAt: 'asc' } });
      if (existing) return { batch: existing, created: false };
      const total = params.items.length;
      const row = await tx.batch.create({
        data: {
          id: randomUUID(), kind: request.kind, params: JSON.stringify(params), dedupKey, priority, total, done: 0, requestedBy: user.name,
          state: total === 0 ? 'completed' : 'queued',
          reason: total === 0 ? `${request.year} 年度${region ?? ''}没有项目` : null,
          finishedAt: total === 0 ? new Date() : null,
        },
      });
      return { batch: row, created: true };
    });
    // In the request's transaction: if Redis refuses, the batch and its audit row are rolled back (503).
    if (!created) return this.get(batch.id);
    if (batch.total > 0) await this.queue.submit(batch.id, partCount(params), priority);
    return this.view(batch, []);
  }

  /** The newest batches the current user may see (a region user: their region's), without files. */
  async list(limit = 20): Promise<Omit<BatchView, 'files'>[]> {
    const rows = await this.prisma.batch.findMany({ orderBy: { createdAt: 'desc' }, take: 500 });
    return rows
      .filter((b) => canSeeRegion((JSON.parse(b.params) as BatchParams).region))
      .slice(0, limit)
      .map((b) => {
        const { files: _files, ...view } = this.view(b, []);
        return view;
      });
  }

  async get(id: string): Promise<BatchView> {
    const batch = await this.find(id);
    const files = await this.prisma.batchFile.findMany({
      where: { batchId: id, NOT: { name: { startsWith: MARKER_PREFIX } } },
      select: { name: true, mediaType: true, size: true, sha256: true },
      orderBy: { name: 'asc' },
    });
    return this.view(batch, files);
  }

  async cancel(id: string): Promise<BatchView> {
    const batch = await this.find(id);
    const user = currentUser();
    if (user && user.name !== batch.requestedBy && !CANCEL_ANY.includes(user.role)) {
      throw new ForbiddenError(`只有提交者（${batch.requestedBy}）、评估人员、政策处和管理员可以取消批量任务 ${id}`);
    }
    const cancelled = await this.prisma.write((tx) =>
      tx.batch.updateMany({ where: { id, state: { in: UNFINISHED } }, data: { state: 'cancelled', finishedAt: new Date(), reason: `已由 ${user?.name ?? '系统'} 取消（已完成 ${batch.done}/${batch.total}）` } }),
    );
    if (cancelled.count === 0) {
      const now = await this.find(id);
      throw new ConflictError(`批量任务 ${id} 已${STATE_WORDS[now.state as BatchState]}，不能取消`);
    }
    await this.queue.cancel(id, partCount(JSON.parse(batch.params) as BatchParams));
    return this.get(id);
  }

  /** The row, if the current user may see it; otherwise 404, as for a batch that does not exist. */
  async find(id: string): Promise<Batch> {
    const batch = await this.prisma.batch.findUnique({ where: { id } });
    if (!batch || !canSeeRegion((JSON.parse(batch.params) as BatchParams).region)) throw new NotFoundError(`批量任务 ${id} 不存在`);
    return batch;
  }

  /** The region the batch covers: the one asked for, or a region user's own; another region is 404. */
  private async regionOf(request: BatchRequest): Promise<string | null> {
    const scope = regionScope();
    const name = request.region ? await this.progress.regionName(request.region, request.year) : null;
    if (scope !== null && name !== null && name !== scope) throw new NotFoundError(`${name}的数据不存在`);
    return name ?? scope;
  }

  view(batch: Batch, files: BatchFileView[]): BatchView {
    const params = JSON.parse(batch.params) as BatchParams;
    return {
      id: batch.id,
      kind: batch.kind,
      state: batch.state as BatchState,
      done: batch.done,
      total: batch.total,
      reason: batch.reason,
      year: params.year,
      stage: params.stage,
      region: params.region,
      ruleSet: params.ruleSet,
      priority: batch.priority,
      requestedBy: batch.requestedBy,
      createdAt: batch.createdAt.toISOString(),
      finishedAt: batch.finishedAt?.toISOString() ?? null,
      files,
    };
  }
}

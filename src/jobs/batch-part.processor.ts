import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { BatchKind, BatchParams, itemsOfPart, MARKER_PREFIX, PartJob, partMarkerName, PartRecord, UNFINISHED } from './batch.types';
import { EvaluationsPartWork } from './evaluations-part.work';
import { PartWork } from './part-work';
import { runAsRequester } from './run-as-requester';
import { ScorecardsPartWork } from './scorecards-part.work';

/** What became of a part: done now, nothing to do (already done, batch cancelled or over), or its batch not visible yet. */
export type PartResult = 'done' | 'skipped' | 'missing';

/**
 * Does one part of a batch, in whichever process took it. Everything a part keeps — its files,
 * the register rows of issued files, stored evaluations, its marker and the batch's progress —
 * is written in one transaction, after the work: a part whose worker dies before the commit has
 * left nothing and runs again elsewhere; one that committed has left its marker, and running it
 * again (a worker that stalled but was not dead) changes nothing. Errors are thrown to the
 * queue, which retries and finally fails the batch.
 */
@Injectable()
export class BatchPartProcessor {
  private readonly logger = new Logger('BatchParts');
  private readonly works: Record<BatchKind, PartWork>;

  constructor(
    private readonly prisma: PrismaService,
    scorecards: ScorecardsPartWork,
    evaluations: EvaluationsPartWork,
  ) {
    this.works = { scorecards, evaluations };
  }

  async run(job: PartJob): Promise<PartResult> {
    const batch = await this.prisma.batch.findUnique({ where: { id: job.batchId } });
    // Enqueued in the submitting request's transaction: it may not have committed yet.
    if (!batch) return 'missing';
    if (!UNFINISHED.includes(batch.state as never)) return 'skipped';
    if (await this.prisma.batchFile.findUnique({ where: { batchId_name: { batchId: job.batchId, name: partMarkerName(job.part) } }, select: { id: true } })) return 'skipped';
    const params = JSON.parse(batch.params) as BatchParams;
    const items = itemsOfPart(params, job.part);
    const work = this.works[batch.kind as BatchKind];
    if (!work) throw new Error(`unknown batch kind ${batch.kind}`);
    if (batch.state === 'queued') await this.prisma.write((tx) => tx.batch.updateMany({ where: { id: job.batchId, state: 'queued' }, data: { state: 'running' } }));
    const started = Date.now();
    this.logger.log(`batch ${job.batchId} part ${job.part}: started (${items.length} items)`);
    const committed = await runAsRequester(params.requester, async () => {
      const outcome = await work.run(items, params, job.batchId);
      return this.prisma.write(async (tx) => {
        // Checked again in the transaction: cancelled meanwhile, or done by another worker.
        const current = await tx.batch.findUnique({ where: { id: job.batchId }, select: { state: true } });
        if (!current || !UNFINISHED.includes(current.state as never)) return false;
        const marker = partMarkerName(job.part);
        if (await tx.batchFile.findUnique({ where: { batchId_name: { batchId: job.batchId, name: marker } }, select: { id: true } })) return false;
        await outcome.store();
        const record: PartRecord = { part: job.part, items, ...outcome.record };
        const files = [...outcome.files, jsonFile(marker, record)];
        // One statement for the part's files, none of which can exist: its marker is not there,
        // and a run that did not commit wrote nothing (a name twice in a batch fails the part,
        // where an upsert would have kept one report in place of two). Nothing is read back: the
        // PostgreSQL adapter turns a bytea into an array of numbers, once a third of a worker's CPU.
        await tx.batchFile.createMany({
          data: files.map((f) => ({ batchId: job.batchId, name: f.name, mediaType: f.mediaType, size: f.content.length, sha256: f.sha256, content: new Uint8Array(f.content) })),
        });
        const after = await tx.batch.update({ where: { id: job.batchId }, data: { done: { increment: items.length }, state: 'running' } });
        if (after.done >= after.total) await this.complete(tx, job.batchId);
        return true;
      });
    });
    if (committed) this.logger.log(`batch ${job.batchId} part ${job.part}: committed in ${Date.now() - started} ms`);
    return committed ? 'done' : 'skipped';
  }

  /** The last part in: the batch is completed, with what could not be done as its reason. */
  private async complete(tx: Prisma.TransactionClient, batchId: string): Promise<void> {
    const markers = await tx.batchFile.findMany({ where: { batchId, name: { startsWith: MARKER_PREFIX } }, select: { content: true } });
    const failures = markers.flatMap((m) => (JSON.parse(Buffer.from(m.content).toString('utf8')) as PartRecord).failures);
    const reason = failures.length === 0 ? null : `${failures.length} 项未能完成：${failures.slice(0, 5).map((f) => `${f.bookmark}（${f.error}）`).join('；')}${failures.length > 5 ? ' 等' : ''}`;
    await tx.batch.update({ where: { id: batchId }, data: { state: 'completed', finishedAt: new Date(), reason } });
  }

  /**
   * A part failed for good (its retries spent): the batch ends as failed with the reason the
   * user sees; parts still queued then find it over and skip.
   */
  async fail(job: PartJob, attempts: number, error: string): Promise<void> {
    const reason = `第 ${job.part + 1} 部分重试 ${attempts} 次仍未完成，批量任务已停止：${error.split('\n')[0].slice(0, 300)}`;
    this.logger.error(`batch ${job.batchId} part ${job.part} failed: ${error}`);
    await this.prisma.write((tx) => tx.batch.updateMany({ where: { id: job.batchId, state: { in: UNFINISHED } }, data: { state: 'failed', reason, finishedAt: new Date() } }));
  }
}

function jsonFile(name: string, value: unknown) {
  const content = Buffer.from(JSON.stringify(value), 'utf8');
  return { name, mediaType: 'application/json', content, sha256: createHash('sha256').update(content).digest('hex') };
}

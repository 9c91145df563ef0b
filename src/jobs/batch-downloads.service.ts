import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '../common/errors';
import { PrismaService } from '../prisma/prisma.service';
import { buildBatchZip } from '../reports/batch-zip';
import { PdfFile } from '../reports/reports.service';
import { SUBJECT_LABELS } from '../subjects/subject-identity';
import { BatchParams, BatchState, MARKER_PREFIX, PartRecord, UNFINISHED } from './batch.types';
import { BatchesService, STATE_WORDS } from './batches.service';

/**
 * What a batch produced, served from its BatchFile rows by whichever API process is asked: one
 * file, or the ZIP of all of them. Each row is a whole file (a part commits all its files at
 * once), so nothing partial is ever served; the ZIP waits for the batch to be over.
 */
@Injectable()
export class BatchDownloadsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly batches: BatchesService,
  ) {}

  async file(id: string, name: string): Promise<PdfFile> {
    await this.batches.find(id);
    const row = name.startsWith(MARKER_PREFIX) ? null : await this.prisma.batchFile.findUnique({ where: { batchId_name: { batchId: id, name } } });
    if (!row) throw new NotFoundError(`批量任务 ${id} 没有文件“${name}”`);
    return { fileName: row.name, body: Buffer.from(row.content), contentType: row.mediaType };
  }

  async zip(id: string): Promise<PdfFile> {
    const batch = await this.batches.find(id);
    if (UNFINISHED.includes(batch.state as BatchState)) {
      throw new ConflictError(`批量任务 ${id} 尚未结束（${STATE_WORDS[batch.state as BatchState]}，已完成 ${batch.done}/${batch.total}），结束后再下载 ZIP；已完成的单个文件可先下载`);
    }
    const params = JSON.parse(batch.params) as BatchParams;
    const rows = await this.prisma.batchFile.findMany({ where: { batchId: id }, orderBy: { name: 'asc' } });
    const markers = rows.filter((r) => r.name.startsWith(MARKER_PREFIX)).map((r) => JSON.parse(Buffer.from(r.content).toString('utf8')) as PartRecord);
    const files = rows.filter((r) => !r.name.startsWith(MARKER_PREFIX) && r.mediaType === 'application/pdf');
    const title = `${params.year}年度${SUBJECT_LABELS.project}评估报告汇编${params.region ? `（${params.region}）` : ''}`;
    const result = {
      reports: files.map((f) => ({ key: f.name, bookmark: f.name.replace(/\.pdf$/, ''), pages: 0, pdf: f.content, sha256: f.sha256, evidence: [] })),
      failures: markers.flatMap((m) => m.failures),
      booklet: null,
      bookletPages: 0,
      bookletSha256: null,
    };
    const names = new Map(files.map((f) => [f.name, f.name.replace(/\.pdf$/, '')]));
    const body = await buildBatchZip(result, names, { title, bookletName: `${title}.pdf` });
    return { fileName: `${title}.zip`, body, contentType: 'application/zip' };
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { READERS, Roles } from '../auth/roles.decorator';
import { contentDisposition } from '../common/content-disposition';
import { ApiBusy, ApiFile, ApiJsonBody, ApiOk } from '../common/openapi/responses';
import { arrayOf } from '../common/openapi/schema-refs';
import { PdfFile } from '../reports/reports.service';
import { BatchDownloadsService } from './batch-downloads.service';
import { BATCH, BATCH_REQUEST, BATCH_SUMMARY } from './batch.schemas';
import { BatchesService, BatchView } from './batches.service';

function send(res: Response, file: PdfFile): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', contentDisposition(file.fileName, false));
  res.setHeader('Content-Length', String(file.body.length));
  res.setHeader('Cache-Control', 'no-store');
  res.end(file.body);
}

/** Batches of scorecards (or evaluations) run as queued jobs; same access as the projects ZIP. */
@ApiTags('批量任务 batches')
@Roles(...READERS)
@Controller('api/batches')
export class BatchesController {
  constructor(
    private readonly batches: BatchesService,
    private readonly downloads: BatchDownloadsService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: '提交批量任务：打印本年度（可按市州）各项目评估报告，或批量评估并存储；立即返回，进度见 GET /api/batches/{id}' })
  @ApiJsonBody(BATCH_REQUEST)
  @ApiAcceptedResponse({ description: '已受理的批量任务（同一条件的未结束任务已存在时为该任务）', schema: BATCH as never })
  @ApiBusy()
  submit(@Body() body: unknown): Promise<BatchView> {
    return this.batches.submit(body);
  }

  @Get()
  @ApiOperation({ summary: '最近的 20 个批量任务（新的在前；市州用户只看到本市州的）' })
  @ApiOk(arrayOf(BATCH_SUMMARY), '批量任务及其进度')
  list(): Promise<Omit<BatchView, 'files'>[]> {
    return this.batches.list();
  }

  @Get(':id')
  @ApiOperation({ summary: '批量任务的状态与进度（已完成/总数）、原因与已生成的文件' })
  @ApiOk(BATCH, '批量任务')
  get(@Param('id') id: string): Promise<BatchView> {
    return this.batches.get(id);
  }

  @Delete(':id')
  @ApiOperation({ summary: '取消批量任务：尚未开始的部分不再处理，已生成的文件保留' })
  @ApiOk(BATCH, '已取消的批量任务')
  @ApiConflictResponse({ description: '批量任务已结束（完成、失败或已取消），不能取消' })
  cancel(@Param('id') id: string): Promise<BatchView> {
    return this.batches.cancel(id);
  }

  @Get(':id/files/:name')
  @ApiOperation({ summary: '批量任务生成的一个文件（评估报告 PDF）' })
  @ApiProduces('application/pdf')
  @ApiFile('评估报告（PDF/A-3b，内嵌评估数据 evaluation.json）', 'application/pdf')
  async file(@Param('id') id: string, @Param('name') name: string, @Res() res: Response): Promise<void> {
    send(res, await this.downloads.file(id, name));
  }

  @Get(':id/projects.zip')
  @ApiOperation({ summary: '批量任务的全部文件 ZIP（含清单 manifest.json 与未能生成的项目）；任务结束后可下载' })
  @ApiProduces('application/zip')
  @ApiFile('每个项目的 PDF 与清单', 'application/zip')
  @ApiConflictResponse({ description: '批量任务尚未结束' })
  async zip(@Param('id') id: string, @Res() res: Response): Promise<void> {
    send(res, await this.downloads.zip(id));
  }
}

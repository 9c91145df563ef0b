import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { READERS, Roles } from '../auth/roles.decorator';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiBusy, ApiFile, ApiText } from '../common/openapi/responses';
import { Response } from 'express';
import { contentDisposition } from '../common/content-disposition';
import { requiredInt } from '../common/query';
import { parseStage, PdfFile, ReportsService } from './reports.service';
import { RULE_SET_QUERY, ruleSetQuery } from '../rule-sets/rule-set-choice';

/** RFC 6266 file name: ASCII fallback plus the UTF-8 name, so Chinese names survive downloads. */
function send(res: Response, file: PdfFile, inline: boolean): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', contentDisposition(file.fileName, inline));
  res.setHeader('Content-Length', String(file.body.length));
  res.setHeader('Cache-Control', 'no-store');
  res.end(file.body);
}

@ApiTags('评估报告 reports')
@Roles(...READERS)
@Controller('api')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('evaluations/:id/report.pdf')
  @ApiOperation({ summary: '评估报告 PDF（项目评估报告或市州任务完成情况）' })
  @ApiProduces('application/pdf')
  @ApiFile('评估报告（PDF/A-3b，内嵌评估数据 evaluation.json）', 'application/pdf')
  @ApiBusy()
  async evaluationPdf(@Param('id') id: string, @Res() res: Response): Promise<void> {
    send(res, await this.reports.evaluationPdf(id), true);
  }

  @Get('evaluations/:id/report.html')
  @ApiOperation({ summary: '评估报告 HTML 预览（与 PDF 同一模板）' })
  @ApiText('HTML 页面', 'text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
  evaluationHtml(@Param('id') id: string): Promise<string> {
    return this.reports.evaluationHtml(id);
  }

  @Get('regions/:region/report.pdf')
  @ApiOperation({ summary: '市州进度评估报告 PDF（版式由该年度规则集的 reports.region 决定）' })
  @ApiQuery({ name: 'year', required: true, type: 'integer' })
  @ApiProduces('application/pdf')
  @ApiFile('市州进度评估报告', 'application/pdf')
  @ApiBusy()
  @ApiQuery(RULE_SET_QUERY)
  async regionPdf(@Param('region') region: string, @Query('year') year: string | undefined, @Query('ruleSet') ruleSet: string | undefined, @Res() res: Response): Promise<void> {
    send(res, await this.reports.regionPdf(region, requiredInt(year, 'year'), ruleSetQuery(ruleSet)), true);
  }

  @Get('reports/summary.pdf')
  @ApiOperation({ summary: '年度汇总表 PDF：各项目结论、得分、等次及规则集列出的金额，分市州合计' })
  @ApiQuery({ name: 'year', required: true, type: 'integer' })
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'stage', required: false, enum: ['application', 'acceptance'] })
  @ApiProduces('application/pdf')
  @ApiFile('年度汇总表', 'application/pdf')
  @ApiBusy()
  @ApiQuery(RULE_SET_QUERY)
  async summaryPdf(
    @Query('year') year: string | undefined,
    @Query('region') region: string | undefined,
    @Query('stage') stage: string | undefined,
    @Query('ruleSet') ruleSet: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.reports.summaryPdf(requiredInt(year, 'year'), region || undefined, parseStage(stage), ruleSetQuery(ruleSet)), true);
  }

  @Get('reports/projects.zip')
  @ApiOperation({ summary: '批量：本年度（可按市州）全部项目评估报告 ZIP，含每个项目的 PDF 与带书签的汇编 PDF' })
  @ApiQuery({ name: 'year', required: true, type: 'integer' })
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'stage', required: false, enum: ['application', 'acceptance'] })
  @ApiProduces('application/zip')
  @ApiFile('每个项目的 PDF 与带书签的汇编 PDF', 'application/zip')
  @ApiBusy()
  @ApiQuery(RULE_SET_QUERY)
  async batchZip(
    @Query('year') year: string | undefined,
    @Query('region') region: string | undefined,
    @Query('stage') stage: string | undefined,
    @Query('ruleSet') ruleSet: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.reports.batchZip(requiredInt(year, 'year'), region || undefined, parseStage(stage), ruleSetQuery(ruleSet)), false);
  }
}

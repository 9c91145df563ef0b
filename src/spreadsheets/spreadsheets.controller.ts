import { Controller, Get, HttpCode, Post, Query, Req, StreamableFile, UseInterceptors } from '@nestjs/common';
import { READERS, Roles } from '../auth/roles.decorator';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiFile, ApiOk, ApiUpload } from '../common/openapi/responses';
import { Request } from 'express';
import { contentDisposition } from '../common/content-disposition';
import { InputError } from '../common/errors';
import { optionalInt, requiredInt } from '../common/query';
import { RULE_SET_QUERY, ruleSetQuery } from '../rule-sets/rule-set-choice';
import { Stage } from '../rule-sets/rule-set.types';
import { SpreadsheetsService } from './spreadsheets.service';
import { booleanQuery, MAX_UPLOAD_BYTES, readUpload } from './upload';
import { CSV_CONTENT_TYPES, CSV_ENCODINGS, csvEncoding, csvInEncoding } from './csv-encoding';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Attachment with a Chinese file name that every browser saves correctly (RFC 6266/5987). */
function download(data: Buffer, type: string, fileName: string): StreamableFile {
  return new StreamableFile(data, { type, disposition: contentDisposition(fileName) });
}

function stageOf(value: string | undefined): Stage {
  if (value === undefined || value === '' || value === 'application') return 'application';
  if (value === 'acceptance') return 'acceptance';
  throw new InputError('查询参数 stage 应为 application 或 acceptance', [{ pointer: '?stage', message: `“${value}”无效` }]);
}

const upload = AnyFilesInterceptor({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });

@ApiTags('表格 spreadsheets')
@Roles(...READERS)
@Controller('api')
export class SpreadsheetsController {
  constructor(private readonly sheets: SpreadsheetsService) {}

  @Get('templates/projects.xlsx')
  @ApiOperation({ summary: '下载示范项目推荐表模板（该年度规则集声明的字段，金额以万元填写，带下拉选项）' })
  @ApiQuery({ name: 'year', required: false, type: 'integer' })
  @ApiFile('推荐表模板', XLSX)
  async projectTemplate(@Query('year') year?: string) {
    const y = optionalInt(year, 'year');
    return download(await this.sheets.projectTemplate(y), XLSX, `示范项目推荐表模板${y ?? ''}.xlsx`);
  }

  @Get('templates/region-progress.xlsx')
  @ApiOperation({ summary: '下载市州进度模板（市州进度表、各明细表与任务目标对照）；region 可预填某一市州' })
  @ApiQuery({ name: 'year', required: false, type: 'integer' }) @ApiQuery({ name: 'region', required: false })
  @ApiFile('市州进度模板', XLSX)
  async regionProgressTemplate(@Query('year') year?: string, @Query('region') region?: string) {
    const file = await this.sheets.regionProgressTemplate(optionalInt(year, 'year'), region || undefined);
    return download(file, XLSX, `市州进度模板${region ?? ''}.xlsx`);
  }

  @Post('projects/import')
  @Roles('evaluator', 'region')
  @HttpCode(200)
  @UseInterceptors(upload)
  @ApiUpload(XLSX)
  @ApiOperation({ summary: '导入项目表（.xlsx 或 UTF-8/GBK 的 .csv）；dryRun=true 只检查不写入；有任何错误则不写入' })
  @ApiQuery({ name: 'dryRun', required: false, type: 'boolean' }) @ApiQuery({ name: 'year', required: false, type: 'integer' })
  @ApiOk('ProjectImportResult', '导入（或将要导入）的项目与逐格的问题')
  async importProjects(@Req() req: Request, @Query('dryRun') dryRun?: string, @Query('year') year?: string) {
    const flags = { dryRun: booleanQuery(dryRun, 'dryRun'), year: optionalInt(year, 'year') };
    return this.sheets.importProjects({ ...(await readUpload(req)), ...flags });
  }

  @Post('regions/progress/import')
  @Roles('evaluator', 'region')
  @HttpCode(200)
  @UseInterceptors(upload)
  @ApiUpload(XLSX)
  @ApiOperation({ summary: '导入市州进度（市州进度表与各明细表）；dryRun=true 只检查不写入' })
  @ApiQuery({ name: 'dryRun', required: false, type: 'boolean' }) @ApiQuery({ name: 'year', required: false, type: 'integer' })
  @ApiOk('RegionProgressImportResult', '导入（或将要导入）的进度记录与逐格的问题')
  async importRegionProgress(@Req() req: Request, @Query('dryRun') dryRun?: string, @Query('year') year?: string) {
    const flags = { dryRun: booleanQuery(dryRun, 'dryRun'), year: optionalInt(year, 'year') };
    return this.sheets.importRegionProgress({ ...(await readUpload(req)), ...flags });
  }

  @Get('exports/evaluations.xlsx')
  @ApiOperation({ summary: '导出某年度全部项目的评估结果（每条规则一列，含得分、等级、规则集汇总的金额）' })
  @ApiQuery({ name: 'year', type: 'integer' }) @ApiQuery({ name: 'stage', required: false, enum: ['application', 'acceptance'] })
  @ApiFile('评估结果表', XLSX)
  @ApiQuery(RULE_SET_QUERY)
  async evaluationsXlsx(@Query('year') year?: string, @Query('stage') stage?: string, @Query('ruleSet') ruleSet?: string) {
    const y = requiredInt(year, 'year');
    const s = stageOf(stage);
    return download(await this.sheets.exportEvaluations(y, s, 'xlsx', ruleSetQuery(ruleSet)), XLSX, `${y}年度评估结果-${s}.xlsx`);
  }

  @Get('exports/evaluations.csv')
  @ApiOperation({ summary: '导出评估结果为 CSV（UTF-8 带 BOM；encoding=gbk 时为 GBK，供按系统编码打开 CSV 的旧版 Excel、WPS）' })
  @ApiQuery({ name: 'year', type: 'integer' }) @ApiQuery({ name: 'stage', required: false, enum: ['application', 'acceptance'] })
  @ApiQuery({ name: 'encoding', required: false, enum: CSV_ENCODINGS })
  @ApiFile('评估结果表', ...Object.values(CSV_CONTENT_TYPES))
  @ApiQuery(RULE_SET_QUERY)
  async evaluationsCsv(@Query('year') year?: string, @Query('stage') stage?: string, @Query('encoding') encoding?: string, @Query('ruleSet') ruleSet?: string) {
    const y = requiredInt(year, 'year');
    const s = stageOf(stage);
    const e = csvEncoding(encoding);
    return download(csvInEncoding(await this.sheets.exportEvaluations(y, s, 'csv', ruleSetQuery(ruleSet)), e), CSV_CONTENT_TYPES[e], `${y}年度评估结果-${s}.csv`);
  }

  @Get('exports/region-progress.xlsx')
  @ApiOperation({ summary: '导出某年度各市州进度与任务目标对照' })
  @ApiQuery({ name: 'year', type: 'integer' })
  @ApiFile('市州进度与任务目标对照表', XLSX)
  @ApiQuery(RULE_SET_QUERY)
  async regionProgressXlsx(@Query('year') year?: string, @Query('ruleSet') ruleSet?: string) {
    const y = requiredInt(year, 'year');
    return download(await this.sheets.exportRegionProgress(y, 'xlsx', ruleSetQuery(ruleSet)), XLSX, `${y}年度市州进度.xlsx`);
  }

  @Get('exports/region-progress.csv')
  @ApiOperation({ summary: '导出市州进度为 CSV（UTF-8 带 BOM；encoding=gbk 时为 GBK）' })
  @ApiQuery({ name: 'year', type: 'integer' })
  @ApiQuery({ name: 'encoding', required: false, enum: CSV_ENCODINGS })
  @ApiFile('市州进度与任务目标对照表', ...Object.values(CSV_CONTENT_TYPES))
  @ApiQuery(RULE_SET_QUERY)
  async regionProgressCsv(@Query('year') year?: string, @Query('encoding') encoding?: string, @Query('ruleSet') ruleSet?: string) {
    const y = requiredInt(year, 'year');
    const e = csvEncoding(encoding);
    return download(csvInEncoding(await this.sheets.exportRegionProgress(y, 'csv', ruleSetQuery(ruleSet)), e), CSV_CONTENT_TYPES[e], `${y}年度市州进度.csv`);
  }
}

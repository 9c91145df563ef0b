import { All, Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { READERS, Roles } from '../auth/roles.decorator';
import { assertKnownFields } from '../common/known-fields';
import { ApiExcludeEndpoint, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiConflict, ApiCreated, ApiJsonBody, ApiOk } from '../common/openapi/responses';
import { Response } from 'express';
import { Request } from 'express';
import { contentDisposition } from '../common/content-disposition';
import { ConflictError, InputError, NotFoundError } from '../common/errors';
import { SUBJECT_KINDS } from '../subjects/subject-identity';
import { subjectSchema } from '../subjects/subject-schema';
import { RuleSetIndex } from './rule-set-index';
import { SubjectKind } from './rule-set.types';
import { RuleSetComparisonService } from './rule-set-comparison.service';
import { RuleSetCopiesService } from './rule-set-copies.service';
import { RuleSetsService } from './rule-sets.service';

@ApiTags('规则集 rule sets')
@Roles(...READERS)
@Controller('api/rule-sets')
export class RuleSetsController {
  constructor(
    private readonly ruleSets: RuleSetsService,
    private readonly copies: RuleSetCopiesService,
    private readonly comparison: RuleSetComparisonService,
  ) {}

  @Get()
  @ApiOperation({ summary: '规则集列表（含各版本及生效版本）' })
  @ApiOk('RuleSetListItem[]', '规则集及其版本')
  list() {
    return this.ruleSets.list();
  }

  @Post('import')
  @Roles('policy')
  @ApiOperation({ summary: '导入规则集文件为草稿（完整校验；文件有误则不做任何修改）' })
  @ApiJsonBody('RuleSetDocument', '规则集文件（格式 2，见 rules/rule-set.schema.json）')
  @ApiCreated('Draft', '新草稿')
  @ApiConflict('该规则集已有草稿')
  import(@Body() body: unknown) {
    return this.copies.import(body);
  }

  @Get(':id')
  @ApiOperation({ summary: '一个规则集的生效版本：参数、表格与规则' })
  @ApiOk('RuleSetActive', '生效版本（没有时为最新版本）及其文档')
  get(@Param('id') id: string) {
    return this.ruleSets.summary(id);
  }

  @Get(':id/versions')
  @ApiOperation({ summary: '规则集的全部版本' })
  @ApiOk('RuleSetVersionRow[]', '各版本（旧的在前）')
  versions(@Param('id') id: string) {
    return this.ruleSets.versions(id);
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: '规则集的指定版本（草稿仅政策处和管理员可读）' })
  @ApiOk('RuleSetVersion', '该版本及其文档')
  async version(@Param('id') id: string, @Param('version', ParseIntPipe) version: number) {
    const loaded = await this.ruleSets.loadVersion(id, version);
    return { id, version: loaded.version, hash: loaded.hash, document: loaded.document };
  }

  /** Published versions are immutable; drafts are edited under /draft. */
  @All(':id/versions/:version')
  @Roles('policy')
  @ApiOperation({ summary: '已发布版本不可修改（409）；草稿请通过 /draft 修改' })
  // Only a refusal: the document lists the real GET above, not a "search" method of @All.
  @ApiExcludeEndpoint()
  async refuseWrite(@Param('id') id: string, @Param('version', ParseIntPipe) version: number, @Req() req: Request) {
    const draft = (await this.ruleSets.versionRow(id, version)).status === 'draft';
    throw new ConflictError(
      draft ? `第 ${version} 版是草稿，请通过 /api/rule-sets/${id}/draft 修改` : `规则集“${id}”第 ${version} 版已发布，不可修改（${req.method}）；请新建草稿后发布新版本`,
    );
  }

  @Get(':id/versions/:version/schema/:kind')
  @ApiOperation({ summary: '该版本声明的数据字段的 JSON Schema，供对接系统使用（kind：project 项目、region 市州进度、province 全省）；草稿仅政策处可读' })
  @ApiParam({ name: 'kind', enum: SUBJECT_KINDS })
  @ApiOk('SubjectJsonSchema', 'JSON Schema（draft-07）')
  async schema(@Param('id') id: string, @Param('version', ParseIntPipe) version: number, @Param('kind') kind: string) {
    if (!(SUBJECT_KINDS as string[]).includes(kind)) throw new NotFoundError(`没有“${kind}”类数据的字段定义，可选：${SUBJECT_KINDS.join('、')}`);
    // A draft is work in progress of the policy office (versionRow refuses it to other roles).
    const { loaded } = await this.ruleSets.versionRow(id, version);
    return subjectSchema(new RuleSetIndex(loaded.document), kind as SubjectKind, true);
  }

  @Get(':id/versions/:version/export')
  @ApiOperation({ summary: '导出指定版本为规则集文件（与 rules/ 中的格式相同；草稿仅政策处和管理员可导出）' })
  @ApiOk('RuleSetFile', '规则集文件（作为附件下载）')
  async export(@Param('id') id: string, @Param('version', ParseIntPipe) version: number, @Res({ passthrough: true }) res: Response) {
    const document = await this.ruleSets.exportVersion(id, version); // refusals answer as JSON, not as a download
    res.setHeader('Content-Disposition', contentDisposition(`${id}-v${version}.json`));
    return document;
  }

  @Post(':id/activate')
  @Roles('policy')
  @HttpCode(200)
  @ApiOperation({ summary: '使某个已发布版本生效（启用旧版本即回滚）' })
  @ApiJsonBody('ActivateRequest')
  @ApiOk('Activation', '现在生效的版本与之前的版本')
  @ApiConflict('该版本是草稿，尚未发布')
  activate(@Param('id') id: string, @Body() body: { version?: unknown; comment?: unknown }) {
    assertKnownFields(body, ['version', 'comment']);
    if (!Number.isInteger(body?.version)) throw new InputError('请求数据有错误', [{ pointer: '/version', message: '应为已发布的版本号' }]);
    if (body.comment !== undefined && typeof body.comment !== 'string') throw new InputError('请求数据有错误', [{ pointer: '/comment', message: '应为文本' }]);
    return this.ruleSets.activate(id, body.version as number, body.comment as string | undefined);
  }

  @Post(':id/clone')
  @Roles('policy')
  @ApiOperation({ summary: '复制为新规则集（新标识、年度、名称）的草稿，用于下一年度通知' })
  @ApiJsonBody('CloneRequest')
  @ApiCreated('Draft', '新规则集的草稿')
  @ApiConflict('标识已被使用')
  clone(@Param('id') id: string, @Body() body: unknown) {
    return this.copies.clone(id, body);
  }

  @Get(':id/diff')
  @ApiOperation({ summary: '两个版本之间的差异（from/to：版本号、draft，或 其他规则集@版本号；草稿仅政策处和管理员可比较）' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false })
  @ApiOk('RuleSetDiff', '逐项差异，每项带一句中文说明')
  diff(@Param('id') id: string, @Query('from') from?: string, @Query('to') to?: string) {
    return this.comparison.diff(id, from, to);
  }
}

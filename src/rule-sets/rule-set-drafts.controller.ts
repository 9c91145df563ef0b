import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { Roles } from '../auth/roles.decorator';
import { assertKnownFields } from '../common/known-fields';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiConflict, ApiCreated, ApiJsonBody, ApiNoContent, ApiOk, ApiStaleDraft } from '../common/openapi/responses';
import { Response } from 'express';
import { contentDisposition } from '../common/content-disposition';
import { InputError } from '../common/errors';
import { optionalInt } from '../common/query';
import { ifMatch, withEtag } from './draft-http';
import { addRule, addTableRow, putTableRow, removeRule, removeTableRow, replaceRule, setParameter } from './draft-edits';
import { RuleSetDraftsService } from './rule-set-drafts.service';
import { RuleSetImpactService } from './rule-set-impact.service';

@ApiTags('规则集草稿 rule-set drafts')
@ApiHeader({ name: 'If-Match', required: false, description: '草稿的 revision（写操作必填）' })
@Roles('policy')
@Controller('api/rule-sets/:id/draft')
export class RuleSetDraftsController {
  constructor(
    private readonly drafts: RuleSetDraftsService,
    private readonly impact: RuleSetImpactService,
  ) {}

  @Get()
  @ApiOperation({ summary: '当前草稿（ETag 为 revision）' })
  @ApiOk('Draft', '草稿')
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.drafts.get(id));
  }

  @Post()
  @ApiOperation({ summary: '从某个已发布版本新建草稿（默认生效版本）' })
  @ApiJsonBody('DraftStart')
  @ApiCreated('Draft', '新草稿')
  @ApiConflict('已有草稿')
  async start(@Param('id') id: string, @Body() body: { fromVersion?: unknown } | undefined, @Res({ passthrough: true }) res: Response) {
    const from = body?.fromVersion;
    if (from !== undefined && !Number.isInteger(from)) throw new InputError('请求数据有错误', [{ pointer: '/fromVersion', message: '应为版本号（整数）' }]);
    return withEtag(res, await this.drafts.start(id, from as number | undefined));
  }

  @Put()
  @ApiOperation({ summary: '整体替换草稿内容（先完整校验，出错不保存）' })
  @ApiJsonBody('RuleSetDocument')
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  async replace(@Param('id') id: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    const { $schema: _s, ...doc } = (body ?? {}) as Record<string, unknown>;
    return withEtag(res, await this.drafts.edit(id, ifMatch(m), 'draft.replace', () => doc as never));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: '放弃草稿' })
  @ApiNoContent('草稿已放弃')
  @ApiStaleDraft()
  discard(@Param('id') id: string, @Headers('if-match') m?: string) {
    return this.drafts.discard(id, ifMatch(m));
  }

  @Patch('parameters/:name')
  @ApiOperation({ summary: '修改一个参数（value、label、clause …）' })
  @ApiJsonBody('ParameterChange')
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  async parameter(@Param('id') id: string, @Param('name') name: string, @Body() body: Record<string, unknown>, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.drafts.edit(id, ifMatch(m), 'draft.parameter', (doc) => setParameter(doc, name, body)));
  }

  @Post('rules')
  @ApiOperation({ summary: '新增规则' })
  @ApiJsonBody('RuleSetRule')
  @ApiCreated('Draft', '修改后的草稿')
  @ApiStaleDraft()
  async addRule(@Param('id') id: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.drafts.edit(id, ifMatch(m), 'draft.rule.add', (doc) => addRule(doc, body)));
  }

  @Put('rules/:ruleId')
  @ApiOperation({ summary: '修改规则（标识不变）' })
  @ApiJsonBody('RuleChange')
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  async replaceRule(@Param('id') id: string, @Param('ruleId') ruleId: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.drafts.edit(id, ifMatch(m), 'draft.rule.change', (doc) => replaceRule(doc, ruleId, body)));
  }

  @Delete('rules/:ruleId')
  @ApiOperation({ summary: '删除规则' })
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  async removeRule(@Param('id') id: string, @Param('ruleId') ruleId: string, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.drafts.edit(id, ifMatch(m), 'draft.rule.remove', (doc) => removeRule(doc, ruleId)));
  }

  @Post('tables/:table')
  @ApiOperation({ summary: '表格新增一行' })
  @ApiJsonBody('TableRow')
  @ApiCreated('Draft', '修改后的草稿')
  @ApiStaleDraft()
  async addRow(@Param('id') id: string, @Param('table') table: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.drafts.edit(id, ifMatch(m), 'draft.table', (doc) => addTableRow(doc, table, body)));
  }

  @Put('tables/:table/:key')
  @ApiOperation({ summary: '修改表格的一行（按表格的标识列，如市州按名称）' })
  @ApiJsonBody('TableRow')
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  async putRow(@Param('id') id: string, @Param('table') table: string, @Param('key') key: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.drafts.edit(id, ifMatch(m), 'draft.table', (doc) => putTableRow(doc, table, key, body)));
  }

  @Delete('tables/:table/:key')
  @ApiOperation({ summary: '删除表格的一行' })
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  async removeRow(@Param('id') id: string, @Param('table') table: string, @Param('key') key: string, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.drafts.edit(id, ifMatch(m), 'draft.table', (doc) => removeTableRow(doc, table, key)));
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: '校验草稿' })
  @ApiOk('DraftValidation', '每处问题带 JSON 指针')
  validate(@Param('id') id: string) {
    return this.drafts.validate(id);
  }

  @Post('test')
  @HttpCode(200)
  @ApiOperation({ summary: '运行草稿的测试用例' })
  @ApiOk('FixtureRun', '每个测试用例的结果与不符之处')
  test(@Param('id') id: string) {
    return this.drafts.test(id);
  }

  @Post('publish')
  @HttpCode(200)
  @ApiOperation({ summary: '发布草稿（须校验通过、测试全部通过并填写说明；默认同时生效）' })
  @ApiJsonBody('DraftPublish')
  @ApiOk('PublishResult', '发布的版本')
  @ApiStaleDraft()
  publish(@Param('id') id: string, @Body() body: { comment?: unknown; activate?: unknown }, @Headers('if-match') m?: string) {
    assertKnownFields(body, ['comment', 'activate']);
    return this.drafts.publish(id, body ?? {}, ifMatch(m));
  }

  @Get('impact')
  @ApiOperation({ summary: '影响预览：在草稿与现行版本下重新评估该年度全部项目和市州，列出结果变化' })
  @ApiQuery({ name: 'year', required: false, type: 'integer' })
  @ApiOk('DraftImpact', '结果有变化的项目和市州')
  preview(@Param('id') id: string, @Query('year') year?: string) {
    return this.impact.preview(id, optionalInt(year, 'year'));
  }

  @Get('export')
  @ApiOperation({ summary: '导出草稿为规则集文件' })
  @ApiOk('RuleSetFile', '规则集文件（作为附件下载）')
  async export(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const draft = await this.drafts.get(id);
    res.setHeader('Content-Disposition', contentDisposition(`${id}-draft.json`));
    return { $schema: './rule-set.schema.json', ...draft.document };
  }
}

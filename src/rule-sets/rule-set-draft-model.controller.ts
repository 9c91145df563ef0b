import { Body, Controller, Delete, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiCreated, ApiJsonBody, ApiOk, ApiStaleDraft } from '../common/openapi/responses';
import { SUBJECT_KINDS } from '../subjects/subject-identity';
import { Response } from 'express';
import { Roles } from '../auth/roles.decorator';
import { addFact, changeFact, removeFact } from './draft-fact-edits';
import { ifMatch, withEtag } from './draft-http';
import { addField, changeField, moveField, putSections, removeField } from './draft-model-edits';
import { addColumn, addTable, removeColumn, removeTable } from './draft-table-edits';
import { FactPreviewService } from './fact-preview.service';
import { RuleSetDocument } from './rule-set.types';
import { RuleSetDraftsService } from './rule-set-drafts.service';

/**
 * Editing what the notice asks for and computes, without the JSON tab: the fields of each subject
 * kind and their sections, the derived facts (with the expression editor's check and preview),
 * and table definitions. Every write names the revision it is based on, is validated as a whole
 * document (400 with pointers, nothing saved) and is audited with its diff, as the other edits.
 */
@ApiTags('规则集草稿 rule-set drafts')
@ApiHeader({ name: 'If-Match', required: false, description: '草稿的 revision（写操作必填）' })
@Roles('policy')
@Controller('api/rule-sets/:id/draft')
export class RuleSetDraftModelController {
  constructor(
    private readonly drafts: RuleSetDraftsService,
    private readonly preview: FactPreviewService,
  ) {}

  private async write(id: string, m: string | undefined, res: Response, action: string, change: (doc: RuleSetDocument) => RuleSetDocument) {
    return withEtag(res, await this.drafts.edit(id, ifMatch(m), action, change));
  }

  @Post('model/:kind/fields')
  @ApiOperation({ summary: '新增字段（可用 before 指定放在哪个字段之前）' })
  @ApiParam({ name: 'kind', enum: SUBJECT_KINDS })
  @ApiJsonBody('NewField')
  @ApiCreated('Draft', '修改后的草稿')
  @ApiStaleDraft()
  addField(@Param('id') id: string, @Param('kind') kind: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.write(id, m, res, 'draft.field.add', (doc) => addField(doc, kind, body));
  }

  @Put('model/:kind/fields/:key')
  @ApiOperation({ summary: '修改字段的名称、单位、分组、必填、上下限、说明等（标识即存储名称，不变）' })
  @ApiParam({ name: 'kind', enum: SUBJECT_KINDS })
  @ApiJsonBody('FieldChange')
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  changeField(@Param('id') id: string, @Param('kind') kind: string, @Param('key') key: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.write(id, m, res, 'draft.field.change', (doc) => changeField(doc, kind, key, body));
  }

  @Post('model/:kind/fields/:key/move')
  @HttpCode(200)
  @ApiOperation({ summary: '移动字段：{ before }、{ after } 或 { position }' })
  @ApiParam({ name: 'kind', enum: SUBJECT_KINDS })
  @ApiJsonBody('FieldMove')
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  moveField(@Param('id') id: string, @Param('kind') kind: string, @Param('key') key: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.write(id, m, res, 'draft.field.move', (doc) => moveField(doc, kind, key, body));
  }

  @Delete('model/:kind/fields/:key')
  @ApiOperation({ summary: '删除字段（仍被规则、事实、报告等使用时拒绝并列出使用者）' })
  @ApiParam({ name: 'kind', enum: SUBJECT_KINDS })
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  removeField(@Param('id') id: string, @Param('kind') kind: string, @Param('key') key: string, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.write(id, m, res, 'draft.field.remove', (doc) => removeField(doc, kind, key));
  }

  @Put('model/:kind/sections')
  @ApiOperation({ summary: '表单分组：新增、改名、调整顺序、删除（分组中还有字段时不能删除）' })
  @ApiParam({ name: 'kind', enum: SUBJECT_KINDS })
  @ApiJsonBody('SectionsChange')
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  sections(@Param('id') id: string, @Param('kind') kind: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.write(id, m, res, 'draft.sections', (doc) => putSections(doc, kind, body));
  }

  @Post('facts')
  @ApiOperation({ summary: '新增派生事实（表达式保存前完整检查）' })
  @ApiJsonBody('RuleSetFact')
  @ApiCreated('Draft', '修改后的草稿')
  @ApiStaleDraft()
  addFact(@Param('id') id: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.write(id, m, res, 'draft.fact.add', (doc) => addFact(doc, body));
  }

  @Post('facts/check')
  @HttpCode(200)
  @ApiOperation({ summary: '检查表达式（不保存）：{ subject, cel, type?, name? } → { ok, type, error: { message, position } }' })
  @ApiJsonBody('ExpressionRequest')
  @ApiOk('ExpressionCheck', '检查结果（表达式有错时 ok 为 false，不是 400）')
  check(@Param('id') id: string, @Body() body: unknown) {
    return this.preview.check(id, body);
  }

  @Post('facts/preview')
  @HttpCode(200)
  @ApiOperation({ summary: '预览表达式的值（不保存）：对一个已录入的项目、市州进度、测试用例中的对象或给定数据计算' })
  @ApiJsonBody('ExpressionRequest')
  @ApiOk('ExpressionPreview', '检查结果与计算出的值')
  previewFact(@Param('id') id: string, @Body() body: unknown) {
    return this.preview.preview(id, body);
  }

  @Put('facts/:subject/:name')
  @ApiOperation({ summary: '修改派生事实的名称（label）、类型、表达式（对象与标识不变）' })
  @ApiParam({ name: 'subject', enum: SUBJECT_KINDS })
  @ApiJsonBody('FactChange')
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  changeFact(@Param('id') id: string, @Param('subject') subject: string, @Param('name') name: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.write(id, m, res, 'draft.fact.change', (doc) => changeFact(doc, subject, name, body));
  }

  @Delete('facts/:subject/:name')
  @ApiOperation({ summary: '删除派生事实（仍被规则、提示语、报告或其他事实使用时拒绝并列出使用者）' })
  @ApiParam({ name: 'subject', enum: SUBJECT_KINDS })
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  removeFact(@Param('id') id: string, @Param('subject') subject: string, @Param('name') name: string, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.write(id, m, res, 'draft.fact.remove', (doc) => removeFact(doc, subject, name));
  }

  @Post('tables')
  @ApiOperation({ summary: '新增表格：{ name, label, key, display?, columns, rows? }' })
  @ApiJsonBody('NewTable')
  @ApiCreated('Draft', '修改后的草稿')
  @ApiStaleDraft()
  addTable(@Param('id') id: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.write(id, m, res, 'draft.table.add', (doc) => addTable(doc, body));
  }

  @Delete('tables/:table')
  @ApiOperation({ summary: '删除表格（仍被字段、表达式或其他表格引用时拒绝）' })
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  removeTable(@Param('id') id: string, @Param('table') table: string, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.write(id, m, res, 'draft.table.remove', (doc) => removeTable(doc, table));
  }

  @Post('tables/:table/columns')
  @ApiOperation({ summary: '表格新增一列' })
  @ApiJsonBody('NewColumn')
  @ApiCreated('Draft', '修改后的草稿')
  @ApiStaleDraft()
  addColumn(@Param('id') id: string, @Param('table') table: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.write(id, m, res, 'draft.table.column', (doc) => addColumn(doc, table, body));
  }

  @Delete('tables/:table/columns/:column')
  @ApiOperation({ summary: '表格删除一列（连同各行该列的值）' })
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  removeColumn(@Param('id') id: string, @Param('table') table: string, @Param('column') column: string, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.write(id, m, res, 'draft.table.column', (doc) => removeColumn(doc, table, column));
  }
}

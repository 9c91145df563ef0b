import { Body, Controller, Delete, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCreated, ApiJsonBody, ApiOk, ApiStaleDraft } from '../common/openapi/responses';
import { Response } from 'express';
import { Roles } from '../auth/roles.decorator';
import { ifMatch, withEtag } from './draft-http';
import { addParameter, removeParameter } from './draft-parameter-edits';
import { RuleSetDraftsService } from './rule-set-drafts.service';

/**
 * Adding and removing a draft's parameters (a new cap, a matching ratio), so a new notice's numbers
 * need no JSON. Changing one stays PATCH …/parameters/:name. Writes name the draft's revision
 * (If-Match), are validated as a whole document and audited, as every draft edit.
 */
@ApiTags('规则集草稿 rule-set drafts')
@ApiHeader({ name: 'If-Match', required: false, description: '草稿的 revision（写操作必填）' })
@Roles('policy')
@Controller('api/rule-sets/:id/draft/parameters')
export class RuleSetDraftParametersController {
  constructor(private readonly drafts: RuleSetDraftsService) {}

  @Post()
  @ApiOperation({ summary: '新增参数：{ name, label, type, value, unit?, clause?, note?, assumption? }（金额以元为单位）' })
  @ApiJsonBody('NewParameter')
  @ApiCreated('Draft', '修改后的草稿')
  @ApiStaleDraft()
  async add(@Param('id') id: string, @Body() body: unknown, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.drafts.edit(id, ifMatch(m), 'draft.parameter.add', (doc) => addParameter(doc, body)));
  }

  @Delete(':name')
  @ApiOperation({ summary: '删除参数（仍被规则、事实、表格或报告引用时拒绝并列出使用者）' })
  @ApiOk('Draft', '修改后的草稿')
  @ApiStaleDraft()
  async remove(@Param('id') id: string, @Param('name') name: string, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.drafts.edit(id, ifMatch(m), 'draft.parameter.remove', (doc) => removeParameter(doc, name)));
  }
}

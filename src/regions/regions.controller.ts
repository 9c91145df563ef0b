import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { READERS, Roles } from '../auth/roles.decorator';
import { ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiConflict, ApiCreated, ApiJsonBody, ApiNoContent, ApiOk } from '../common/openapi/responses';
import { optionalInt, requiredInt, revisionFrom, withoutRevision } from '../common/query';
import { RuleSetsService } from '../rule-sets/rule-sets.service';
import { RegionProgressService } from './region-progress.service';

@ApiTags('市州 regions')
@Roles(...READERS)
@Controller('api/regions')
export class RegionsController {
  constructor(
    private readonly progress: RegionProgressService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  @Get()
  @ApiOperation({ summary: '某年度规则集中的市州及附件3任务数' })
  @ApiQuery({ name: 'year', required: true, type: 'integer' })
  @ApiOk('RuleSetTable', '该年度生效规则集的 regions 表：列定义与各行（市州、类别、附件3任务数 …）')
  async regions(@Query('year') year?: string) {
    const loaded = await this.ruleSets.activeForYear(requiredInt(year, 'year'));
    return loaded.document.tables.regions;
  }

  @Get('progress')
  @ApiOperation({ summary: '市州进度列表' })
  @ApiQuery({ name: 'year', required: false, type: 'integer' })
  @ApiOk('StoredRegionProgress[]', '进度记录（region 角色只看到本市州的）')
  list(@Query('year') year?: string) {
    return this.progress.list(optionalInt(year, 'year'));
  }

  @Post('progress')
  @Roles('evaluator', 'region')
  @ApiOperation({ summary: '新建市州进度记录' })
  @ApiJsonBody('RegionProgress')
  @ApiCreated('StoredRegionProgress', '保存的记录，revision 为 1')
  @ApiConflict('该市州该年度已有进度记录')
  create(@Body() body: unknown) {
    return this.progress.create(body);
  }

  @Get(':region/progress/:year')
  @ApiParam({ name: 'year', type: 'integer' })
  @ApiOperation({ summary: '一个市州一个年度的进度记录（带 revision）' })
  @ApiOk('StoredRegionProgress', '进度记录')
  get(@Param('region') region: string, @Param('year') year: string) {
    return this.progress.get(region, requiredInt(year, 'year'));
  }

  @Put(':region/progress/:year')
  @ApiParam({ name: 'year', type: 'integer' })
  @Roles('evaluator', 'region')
  @ApiOperation({ summary: '新建或修改市州进度记录；带 If-Match 时防止覆盖他人的修改' })
  @ApiHeader({ name: 'If-Match', required: false, description: '读取时的 revision' })
  @ApiJsonBody('RegionProgressChange')
  @ApiOk('StoredRegionProgress', '保存后的记录')
  @ApiConflict('他人已先保存（revision 不符）')
  put(@Param('region') region: string, @Param('year') year: string, @Body() body: unknown, @Headers('if-match') ifMatch?: string) {
    return this.progress.put(region, requiredInt(year, 'year'), withoutRevision(body), revisionFrom(ifMatch, body));
  }

  @Delete(':region/progress/:year')
  @ApiParam({ name: 'year', type: 'integer' })
  @Roles('evaluator', 'region')
  @HttpCode(204)
  @ApiOperation({ summary: '删除市州进度记录' })
  @ApiNoContent('已删除')
  remove(@Param('region') region: string, @Param('year') year: string) {
    return this.progress.remove(region, requiredInt(year, 'year'));
  }
}

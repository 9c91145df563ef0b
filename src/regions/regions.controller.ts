import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { READERS, Roles } from '../auth/roles.decorator';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
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
  @ApiQuery({ name: 'year', required: true })
  async regions(@Query('year') year?: string) {
    const loaded = await this.ruleSets.activeForYear(requiredInt(year, 'year'));
    return loaded.document.tables.regions;
  }

  @Get('progress')
  @ApiOperation({ summary: '市州进度列表' })
  @ApiQuery({ name: 'year', required: false })
  list(@Query('year') year?: string) {
    return this.progress.list(optionalInt(year, 'year'));
  }

  @Post('progress')
  @Roles('evaluator', 'region')
  @ApiOperation({ summary: '新建市州进度记录' })
  @ApiBody({ schema: { type: 'object', description: '字段由该年度规则集声明：GET /api/rule-sets/{id}/versions/{version}/schema/region' } })
  create(@Body() body: unknown) {
    return this.progress.create(body);
  }

  @Get(':region/progress/:year')
  get(@Param('region') region: string, @Param('year') year: string) {
    return this.progress.get(region, requiredInt(year, 'year'));
  }

  @Put(':region/progress/:year')
  @Roles('evaluator', 'region')
  @ApiOperation({ summary: '新建或修改市州进度记录；带 If-Match 时防止覆盖他人的修改' })
  @ApiBody({ schema: { type: 'object', description: '字段由该年度规则集声明：GET /api/rule-sets/{id}/versions/{version}/schema/region' } })
  put(@Param('region') region: string, @Param('year') year: string, @Body() body: unknown, @Headers('if-match') ifMatch?: string) {
    return this.progress.put(region, requiredInt(year, 'year'), withoutRevision(body), revisionFrom(ifMatch, body));
  }

  @Delete(':region/progress/:year')
  @Roles('evaluator', 'region')
  @HttpCode(204)
  remove(@Param('region') region: string, @Param('year') year: string) {
    return this.progress.remove(region, requiredInt(year, 'year'));
  }
}

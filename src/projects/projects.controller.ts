import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { READERS, Roles } from '../auth/roles.decorator';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { optionalInt, revisionFrom, withoutRevision } from '../common/query';
import { ProjectsService } from './projects.service';

@ApiTags('项目 projects')
@Roles(...READERS)
@Controller('api/projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @ApiOperation({ summary: '项目列表，可按年度、市州、类别筛选' })
  @ApiQuery({ name: 'year', required: false }) @ApiQuery({ name: 'region', required: false }) @ApiQuery({ name: 'category', required: false })
  list(@Query('year') year?: string, @Query('region') region?: string, @Query('category') category?: string) {
    return this.projects.list({ year: optionalInt(year, 'year'), region, category });
  }

  @Post()
  @Roles('evaluator', 'region')
  @ApiOperation({ summary: '新建项目（按附件2推荐表）' })
  @ApiBody({ schema: { type: 'object', description: '字段由该年度规则集声明：GET /api/rule-sets/{id}/versions/{version}/schema/project' } })
  create(@Body() body: unknown) {
    return this.projects.create(body);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.projects.get(id);
  }

  @Put(':id')
  @Roles('evaluator', 'region')
  @ApiOperation({ summary: '修改项目；带 If-Match（或 revision 字段）时，他人先保存则返回 409' })
  @ApiBody({ schema: { type: 'object', description: '字段由该年度规则集声明：GET /api/rule-sets/{id}/versions/{version}/schema/project' } })
  update(@Param('id') id: string, @Body() body: unknown, @Headers('if-match') ifMatch?: string) {
    return this.projects.update(id, withoutRevision(body), revisionFrom(ifMatch, body));
  }

  @Delete(':id')
  @Roles('evaluator', 'region')
  @HttpCode(204)
  remove(@Param('id') id: string) {
    return this.projects.remove(id);
  }
}

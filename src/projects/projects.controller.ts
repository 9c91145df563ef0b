import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { READERS, Roles } from '../auth/roles.decorator';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiConflict, ApiCreated, ApiJsonBody, ApiNoContent, ApiOk } from '../common/openapi/responses';
import { optionalInt, revisionFrom, withoutRevision } from '../common/query';
import { ProjectsService } from './projects.service';

@ApiTags('项目 projects')
@Roles(...READERS)
@Controller('api/projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @ApiOperation({ summary: '项目列表，可按年度、市州、类别筛选' })
  @ApiQuery({ name: 'year', required: false, type: 'integer' }) @ApiQuery({ name: 'region', required: false }) @ApiQuery({ name: 'category', required: false })
  @ApiOk('StoredProject[]', '项目（region 角色只看到本市州的项目）')
  list(@Query('year') year?: string, @Query('region') region?: string, @Query('category') category?: string) {
    return this.projects.list({ year: optionalInt(year, 'year'), region, category });
  }

  @Post()
  @Roles('evaluator', 'region')
  @ApiOperation({ summary: '新建项目（按附件2推荐表）' })
  @ApiJsonBody('Project')
  @ApiCreated('StoredProject', '保存的项目（编号未给出时自动生成），revision 为 1')
  @ApiConflict('同一年度同一市州已有同名项目，或编号已存在')
  create(@Body() body: unknown) {
    return this.projects.create(body);
  }

  @Get(':id')
  @ApiOperation({ summary: '一个项目（带 revision，修改时带回）' })
  @ApiOk('StoredProject', '项目')
  get(@Param('id') id: string) {
    return this.projects.get(id);
  }

  @Put(':id')
  @Roles('evaluator', 'region')
  @ApiOperation({ summary: '修改项目；带 If-Match（或 revision 字段）时，他人先保存则返回 409' })
  @ApiHeader({ name: 'If-Match', required: false, description: '读取时的 revision' })
  @ApiJsonBody('ProjectWithRevision')
  @ApiOk('StoredProject', '修改后的项目（revision 加一）')
  @ApiConflict('他人已先保存（revision 不符），或名称与同市州的其他项目重复')
  update(@Param('id') id: string, @Body() body: unknown, @Headers('if-match') ifMatch?: string) {
    return this.projects.update(id, withoutRevision(body), revisionFrom(ifMatch, body));
  }

  @Delete(':id')
  @Roles('evaluator', 'region')
  @HttpCode(204)
  @ApiOperation({ summary: '删除项目' })
  @ApiNoContent('已删除')
  remove(@Param('id') id: string) {
    return this.projects.remove(id);
  }
}

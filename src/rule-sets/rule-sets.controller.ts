import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RuleSetsService } from './rule-sets.service';

@ApiTags('规则集 rule sets')
@Controller('api/rule-sets')
export class RuleSetsController {
  constructor(private readonly ruleSets: RuleSetsService) {}

  @Get()
  @ApiOperation({ summary: '规则集列表（含各版本及生效版本）' })
  list() {
    return this.ruleSets.list();
  }

  @Get(':id')
  @ApiOperation({ summary: '一个规则集的生效版本：参数、表格与规则' })
  get(@Param('id') id: string) {
    return this.ruleSets.summary(id);
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: '规则集的指定版本' })
  async version(@Param('id') id: string, @Param('version', ParseIntPipe) version: number) {
    const loaded = await this.ruleSets.loadVersion(id, version);
    return { id, version: loaded.version, hash: loaded.hash, document: loaded.document };
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { Roles } from '../auth/roles.decorator';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiOk } from '../common/openapi/responses';
import { optionalInt } from '../common/query';
import { AuditService } from './audit.service';

@ApiTags('审计日志 audit')
@Roles('policy')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: '审计日志：谁在何时改了什么（含差异）以及原因' })
  @ApiQuery({ name: 'ruleSet', required: false }) @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'limit', required: false, type: 'integer' })
  @ApiOk('AuditRow[]', '审计记录（新的在前，默认 200 条，最多 1000 条）')
  list(@Query('ruleSet') ruleSet?: string, @Query('from') from?: string, @Query('to') to?: string, @Query('limit') limit?: string) {
    return this.audit.list({ ruleSet, from, to, limit: optionalInt(limit, 'limit') });
  }
}

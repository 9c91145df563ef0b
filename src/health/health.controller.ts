import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiOk } from '../common/openapi/responses';
import { Public } from '../auth/roles.decorator';
import { HealthService } from './health.service';

/** Public: says whether the parts work, never what data they hold. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly service: HealthService) {}

  @Get()
  @ApiOperation({ summary: '服务状态：数据库与报告打印' })
  @ApiOk('Health', '各部分是否正常')
  health() {
    return this.service.check();
  }
}

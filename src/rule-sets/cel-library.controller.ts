import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiOk } from '../common/openapi/responses';
import { READERS, Roles } from '../auth/roles.decorator';
import { celLibrary } from './cel-library';

/** Registered before RuleSetsController, whose /api/rule-sets/:id would otherwise take this path. */
@ApiTags('规则集 rule sets')
@Roles(...READERS)
@Controller('api/cel-functions')
export class CelLibraryController {
  @Get()
  @ApiOperation({ summary: '派生事实表达式可用的函数与写法（表达式编辑器的“可用内容”）' })
  @ApiOk('CelFunction[]', '函数与写法')
  list() {
    return celLibrary();
  }
}

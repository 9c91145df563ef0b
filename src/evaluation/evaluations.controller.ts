import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { READERS, Roles } from '../auth/roles.decorator';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBusy, ApiCreated, ApiJsonBody, ApiOk } from '../common/openapi/responses';
import {
  checkDryRunRequest, checkRequest, DRY_RUN_LIMITS, EVALUATE_STORED_SCHEMA, StoredRequest, YEAR_REQUEST_SCHEMA, YearRequest,
} from './evaluation-request';
import { EvaluationsService } from './evaluations.service';

@ApiTags('评估 evaluations')
@Roles(...READERS)
@Controller('api')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Post('projects/:id/evaluations')
  @Roles('evaluator', 'region')
  @ApiOperation({ summary: '评估已保存的项目并保存评估记录（阶段 application 申报 / acceptance 验收）' })
  @ApiBody({ schema: EVALUATE_STORED_SCHEMA })
  @ApiCreated('StoredEvaluation', '保存的评估记录')
  evaluateProject(@Param('id') id: string, @Body() body: unknown) {
    return this.evaluations.evaluateProject(id, checkRequest<StoredRequest>(EVALUATE_STORED_SCHEMA, body));
  }

  @Get('projects/:id/evaluations')
  @ApiOperation({ summary: '项目的评估记录（新的在前）' })
  @ApiOk('StoredEvaluation[]', '评估记录')
  listForProject(@Param('id') id: string) {
    return this.evaluations.listForProject(id);
  }

  @Get('evaluations/:id')
  @ApiOperation({ summary: '一条评估记录（所用规则集版本与哈希、每条规则的结果、看到的事实）' })
  @ApiOk('StoredEvaluation', '评估记录')
  get(@Param('id') id: string) {
    return this.evaluations.get(id);
  }

  @Post('regions/:region/evaluations')
  @Roles('evaluator', 'region')
  @ApiOperation({ summary: '评估市州进度（附件3任务、县市区覆盖、报送期限）并保存' })
  @ApiBody({ schema: YEAR_REQUEST_SCHEMA })
  @ApiCreated('StoredEvaluation', '保存的评估记录')
  evaluateRegion(@Param('region') region: string, @Body() body: unknown) {
    const request = checkRequest<YearRequest>(YEAR_REQUEST_SCHEMA, body);
    return this.evaluations.evaluateRegion(region, request.year, request.ruleSet);
  }

  @Post('province/evaluations')
  @Roles('evaluator')
  @ApiOperation({ summary: '评估全省汇总（服务站总数等）并保存' })
  @ApiBody({ schema: YEAR_REQUEST_SCHEMA })
  @ApiCreated('StoredEvaluation', '保存的评估记录')
  evaluateProvince(@Body() body: unknown) {
    const request = checkRequest<YearRequest>(YEAR_REQUEST_SCHEMA, body);
    return this.evaluations.evaluateProvince(request.year, request.ruleSet);
  }

  @Post('evaluate')
  @Roles('evaluator', 'region', 'policy')
  @HttpCode(200)
  @ApiOperation({
    summary: `试评估：提交 project、projects（最多 ${DRY_RUN_LIMITS.projects} 个）或 regions（最多 ${DRY_RUN_LIMITS.regions} 条），不保存任何数据；超出则 413，服务繁忙时 503 与 Retry-After`,
  })
  @ApiJsonBody('DryRunRequest', '{ "project": 项目 }、{ "projects": [项目…] } 或 { "regions": [市州进度…] }，可选 stage、ruleSet；GET 读取的记录可原样提交')
  @ApiOk('EvaluationReport', '评估结果：每条规则的结论、说明与条件，不保存')
  @ApiBusy()
  dryRun(@Body() body: unknown) {
    return this.evaluations.dryRun(checkDryRunRequest(body));
  }
}

import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Public } from '../auth/roles.decorator';
import { InputError } from '../common/errors';
import { ApiLocked, ApiOk } from '../common/openapi/responses';
import { normaliseCode } from '../reports/evidence/evaluation-evidence';
import { PAGE_CSP } from '../web/web-pages';
import { TooManyVerificationsError } from './too-many-verifications.error';
import { BAD_CODE_MESSAGE, MATCH_MESSAGE, NO_MATCH_MESSAGE, PageResult, verificationPage } from './verification-page';
import { CodeCheck, VerificationService } from './verification.service';

export interface VerificationAnswer extends CodeCheck {
  message: string;
}

/**
 * The public verification page of printed scorecards (the QR code on each one leads here) and
 * its JSON twin for integrators. Public: whoever holds a report may check it, signed in or not;
 * they learn only whether the code matches and, if it does, what the report's first lines say.
 */
@ApiTags('核验 verify')
@Public()
@Controller()
export class VerificationController {
  constructor(private readonly verification: VerificationService) {}

  /** The form; submitted, it goes to the evaluation's own address (the one its QR code holds). */
  @Get('verify')
  @ApiExcludeEndpoint()
  form(@Res() res: Response, @Query('id') id?: string, @Query('c') code?: string): void {
    if (id && code) return res.redirect(303, `/verify/${encodeURIComponent(id)}?c=${encodeURIComponent(code)}`);
    this.sendPage(res, 200, { kind: 'form' }, { evaluationId: id, code });
  }

  /** The page a QR code opens: HTML, or JSON when the client asks for it (Accept: application/json). */
  @Get('verify/:evaluationId')
  @ApiExcludeEndpoint()
  async page(@Req() req: Request, @Res() res: Response, @Param('evaluationId') evaluationId: string, @Query('c') code?: string): Promise<void> {
    res.setHeader('Vary', 'Accept');
    if (req.accepts(['text/html', 'application/json']) === 'application/json') {
      res.setHeader('Cache-Control', 'no-store');
      res.json(await this.answer(req, evaluationId, code));
      return;
    }
    const input = { evaluationId, code };
    if (code === undefined || code === '') return this.sendPage(res, 200, { kind: 'form' }, input);
    const wait = this.verification.limiter.take(clientAddress(req));
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      return this.sendPage(res, 429, { kind: 'limited', retryAfterSeconds: wait }, input);
    }
    const normal = normaliseCode(code);
    if (!normal) return this.sendPage(res, 400, { kind: 'bad-code' }, input);
    const check = await this.verification.checkCode(evaluationId, normal);
    this.sendPage(res, 200, { kind: 'checked', check }, { evaluationId, code: normal });
  }

  @Get('api/verify/:evaluationId')
  @ApiOperation({
    summary: '核验评估报告：核验码是否与存档的评估记录一致（无需登录）',
    description:
      '评估报告上的二维码指向 /verify/{evaluationId}?c={核验码}；本接口是其 JSON 形式（该地址带 Accept: application/json 请求头亦同）。' +
      '核验码一致时只返回评估对象名称、市州、年度、阶段、结论、规则集与评估日期；核验码不一致与评估记录不存在的回答相同。每个地址每分钟最多 30 次。',
  })
  @ApiParam({ name: 'evaluationId', description: '报告上印的评估编号' })
  @ApiQuery({ name: 'c', required: true, description: '报告上印的核验码，如 BF21-9069-96CE-09DB（大小写、空格与短横线不限）' })
  @ApiOk('VerificationResult', '核验已完成：match 说明是否一致')
  @ApiLocked('核验请求过于频繁')
  async json(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('evaluationId') evaluationId: string, @Query('c') code?: string): Promise<VerificationAnswer> {
    res.setHeader('Cache-Control', 'no-store');
    return this.answer(req, evaluationId, code);
  }

  private async answer(req: Request, evaluationId: string, code: string | undefined): Promise<VerificationAnswer> {
    const wait = this.verification.limiter.take(clientAddress(req));
    if (wait > 0) throw new TooManyVerificationsError(wait);
    if (code === undefined || code === '') throw new InputError('缺少核验码', [{ pointer: '?c', message: '请给出报告上印的核验码' }]);
    const normal = normaliseCode(code);
    if (!normal) throw new InputError('核验码格式不正确', [{ pointer: '?c', message: BAD_CODE_MESSAGE }]);
    const check = await this.verification.checkCode(evaluationId, normal);
    return { ...check, message: check.match ? MATCH_MESSAGE : NO_MATCH_MESSAGE };
  }

  private sendPage(res: Response, status: number, result: PageResult, input: { evaluationId?: string; code?: string }): void {
    res.status(status);
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(verificationPage(result, input));
  }
}

/** The client's address as Express gives it: behind a proxy, the client's only when TRUST_PROXY names that proxy. */
function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

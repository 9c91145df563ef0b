import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';
import { isDatabaseUnavailable } from '../prisma/database-unavailable';
import { ConflictError, ForbiddenError, InputError, NotFoundError, Problem, TooLargeError } from './errors';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: Problem[];
}

const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 503: 'Service Unavailable',
};

const HTTP_MESSAGES: Record<number, string> = {
  400: '请求无效',
  401: '请先登录',
  403: '没有权限',
  404: '请求的资源不存在',
  405: '不支持该请求方法',
  409: '数据冲突',
  413: '请求内容过大',
  415: '不支持的内容类型',
  429: '请求过于频繁，请稍后再试',
  503: '服务繁忙，请稍后再试',
};

/**
 * The one place errors become HTTP responses: domain errors map to 400/404/409 with the JSON
 * pointer of each problem; anything unexpected is logged and answered with a plain 500 — never a
 * stack trace, SQL or file path.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    // The database server away (PostgreSQL restarting): try again shortly, the pool reconnects.
    const retryAfter = (exception as { retryAfterSeconds?: number }).retryAfterSeconds ?? (body.statusCode === 503 && isDatabaseUnavailable(exception) ? 5 : undefined);
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    res.status(body.statusCode).json(body);
  }

  private toBody(e: unknown): ErrorBody {
    if (e instanceof TooLargeError) return { statusCode: 413, error: 'Payload Too Large', message: e.message, details: e.details };
    if (e instanceof InputError) return { statusCode: 400, error: 'Bad Request', message: e.message, details: e.details };
    if (e instanceof ForbiddenError) return { statusCode: 403, error: 'Forbidden', message: e.message, details: e.details };
    if (e instanceof NotFoundError) return { statusCode: 404, error: 'Not Found', message: e.message };
    if (e instanceof ConflictError) return { statusCode: 409, error: 'Conflict', message: e.message, details: e.details.length ? e.details : undefined };
    const status = (e as { status?: number; statusCode?: number }).status ?? (e as { statusCode?: number }).statusCode;
    if (e instanceof HttpException || (typeof status === 'number' && status >= 400 && status < 500)) {
      const code = e instanceof HttpException ? e.getStatus() : status!;
      return { statusCode: code, error: REASONS[code] ?? HttpStatus[code] ?? 'Error', message: this.clientMessage(e, code) };
    }
    if (typeof status === 'number' && status === 503) {
      return { statusCode: 503, error: 'Service Unavailable', message: (e as Error).message || HTTP_MESSAGES[503] };
    }
    if (isDatabaseUnavailable(e)) {
      this.logger.warn(`database unavailable: ${(e as Error).message.split('\n').filter(Boolean).pop()}`);
      return { statusCode: 503, error: 'Service Unavailable', message: '数据库暂时无法连接，请稍后重试' };
    }
    this.logger.error((e as Error)?.stack ?? String(e));
    return { statusCode: 500, error: 'Internal Server Error', message: '服务器内部错误，请稍后重试或联系管理员' };
  }

  private clientMessage(e: unknown, code: number): string {
    const type = (e as { type?: string }).type;
    const text = (e as Error).message ?? '';
    // Express's body parser throws a SyntaxError that Nest turns into a 400 with the parser's text.
    if (type === 'entity.parse.failed' || (code === 400 && /JSON|Unexpected token|position \d+/.test(text))) {
      return `请求体不是有效的 JSON（${text}）`;
    }
    if (type === 'entity.too.large') return HTTP_MESSAGES[413];
    if (code === 404) return HTTP_MESSAGES[404];
    // Our own exceptions carry a Chinese message meant for the user (e.g. 用户名或密码错误);
    // framework defaults ("Forbidden") are replaced by the generic text.
    if (/[\u4e00-\u9fff]/.test(text)) return text;
    return HTTP_MESSAGES[code] ?? (e as Error).message;
  }
}

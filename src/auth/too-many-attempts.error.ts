import { HttpException } from '@nestjs/common';

/** 429 with Retry-After (the error filter reads retryAfterSeconds). */
export class TooManyAttemptsError extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(`登录失败次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`, 429);
  }
}

import { HttpException } from '@nestjs/common';
import { LIMITED_MESSAGE } from './verification-page';

/** 429 with Retry-After (the error filter reads retryAfterSeconds). */
export class TooManyVerificationsError extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(LIMITED_MESSAGE(retryAfterSeconds), 429);
  }
}

import { ForbiddenException } from '@nestjs/common';
import { BusyError, ConflictError, ForbiddenError, InputError, NotFoundError, TooLargeError } from '../common/errors';
import { fromWireError, toWireError } from './wire-errors';

/** Through Redis and back: JSON in between, as a job's return value travels. */
const roundTrip = (err: Error) => fromWireError(JSON.parse(JSON.stringify(toWireError(err))));

describe('refusals carried from a worker to the API process', () => {
  it('come back as the same class, message, details and Retry-After', () => {
    const details = [{ pointer: '?ruleSet', message: '可使用“hubei-2022”第 1 版' }];
    for (const err of [new InputError('请求数据有错误', details), new TooLargeError('项目过多', details), new ForbiddenError('只能使用生效版本', details), new ConflictError('数据冲突', details)]) {
      const back = roundTrip(err);
      expect(back.constructor).toBe(err.constructor);
      expect(back).toMatchObject({ message: err.message, details });
    }
    const busy = roundTrip(new BusyError('打印队列已满，请稍后重试', 7));
    expect(busy).toBeInstanceOf(BusyError);
    expect(busy).toMatchObject({ message: '打印队列已满，请稍后重试', retryAfterSeconds: 7 });
    expect(roundTrip(new NotFoundError('评估记录不存在'))).toEqual(new NotFoundError('评估记录不存在'));
    const forbidden = roundTrip(new ForbiddenException('只能新建或修改本市州（武汉）的数据')) as ForbiddenException;
    expect([forbidden.getStatus(), forbidden.message]).toEqual([403, '只能新建或修改本市州（武汉）的数据']);
  });

  it('leaves a failure of the worker a failure (answered 500 without its details)', () => {
    expect(toWireError(new Error('Chromium crashed'))).toBeNull();
    expect(toWireError(new TypeError('x is undefined'))).toBeNull();
  });
});

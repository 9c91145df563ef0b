import { NextFunction, Request, Response } from 'express';
import { InputError } from './errors';
import { hostileInputProblems } from './hostile-input';

/**
 * Every parsed body (JSON or form) is checked once, before any controller sees it, for keys that
 * reach object prototypes (__proto__, constructor, prototype) and for absurd nesting. Doing it
 * here means no endpoint, present or future, can forget it.
 */
export function hostileBodyMiddleware(req: Request, _res: Response, next: NextFunction): void {
  if (req.body && typeof req.body === 'object') {
    const problems = hostileInputProblems(req.body);
    if (problems.length > 0) return next(new InputError('请求数据包含不允许的内容', problems));
  }
  next();
}

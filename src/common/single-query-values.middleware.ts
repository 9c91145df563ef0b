import { NextFunction, Request, Response } from 'express';
import { InputError } from './errors';

/**
 * A query parameter given twice (?category=a&category=b) reaches a controller as an array where
 * every route expects one string: some routes then failed with a 500. No route takes a list in
 * its query, so a repeated name is refused here, once for all routes present and future.
 */
export function singleQueryValuesMiddleware(req: Request, _res: Response, next: NextFunction): void {
  const query = req.query as Record<string, unknown>;
  const repeated = Object.keys(query).filter((name) => Array.isArray(query[name]));
  if (repeated.length === 0) return next();
  next(new InputError(`查询参数 ${repeated.join('、')} 只能出现一次`, repeated.map((name) => ({
    pointer: `?${name}`,
    message: `出现了 ${(query[name] as unknown[]).length} 次，请只保留一个`,
  }))));
}

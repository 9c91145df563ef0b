import { Injectable } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { actorStorage } from '../audit/actor';
import { readCookie, SESSION_COOKIE } from './cookies';
import { AuthUser, runWithUser } from './current-user';
import { SessionsService } from './sessions.service';
import { UsersService } from './users.service';

/**
 * Works out WHO is calling (bearer token, else session cookie) before any controller runs, and
 * opens the request context that services read the user from. Whether the caller MAY call the
 * route is the guard's job (it knows the route's @Roles); this only identifies.
 */
@Injectable()
export class AuthenticationMiddleware {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  readonly handle = (req: Request, _res: Response, next: NextFunction): void => {
    this.identify(req).then((user) => {
      (req as Request & { user?: AuthUser | null }).user = user;
      // The audit log's actor (src/audit/actor.ts) follows the same user.
      const proceed = () => runWithUser(user, () => next());
      if (user) actorStorage.run(user.name, proceed);
      else proceed();
    }, next);
  };

  private async identify(req: Request): Promise<AuthUser | null> {
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      // A malformed or unknown token is no identity at all; never fall back to the cookie.
      const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization.trim());
      return match ? this.users.byToken(match[1]) : null;
    }
    const cookie = readCookie(req, SESSION_COOKIE);
    return cookie && cookie.length <= 200 ? this.sessions.resolve(cookie) : null;
  }
}

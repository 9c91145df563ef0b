import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { CSRF_HEADER } from './cookies';
import { AuthUser } from './current-user';
import { PUBLIC_KEY, Role, ROLES_KEY } from './roles.decorator';
import { sameSecret } from './secrets';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type AccessDecision = { kind: 'public' } | { kind: 'roles'; roles: Role[] } | { kind: 'none' };

/** The route's decision; the method's own decorator wins over its controller's. */
export function accessDecision(reflector: Reflector, handler: object, controller: object): AccessDecision {
  for (const target of [handler, controller]) {
    const roles = reflector.get<Role[] | undefined>(ROLES_KEY, target as never);
    if (roles) return { kind: 'roles', roles };
    if (reflector.get<boolean | undefined>(PUBLIC_KEY, target as never)) return { kind: 'public' };
  }
  return { kind: 'none' };
}

/**
 * The global gate in front of every route. Default deny: a route with neither @Roles nor @Public
 * is refused (and logged), so a forgotten decorator can never publish data.
 * 401: nobody signed in. 403: wrong role, or a cookie session's unsafe request without its CSRF token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return false;
    const decision = accessDecision(this.reflector, context.getHandler(), context.getClass());
    if (decision.kind === 'public') return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser | null }>();
    const user = req.user;
    if (!user) throw new UnauthorizedException('请先登录');
    if (user.via === 'session' && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !user.csrfToken || !sameSecret(sent, user.csrfToken)) {
        throw new ForbiddenException('CSRF 校验失败，请刷新页面后重试');
      }
    }
    if (decision.kind === 'none') {
      this.logger.error(`refused ${req.method} ${req.path}: the route has neither @Roles nor @Public`);
      throw new ForbiddenException('没有权限');
    }
    if (user.role === 'admin' || decision.roles.includes(user.role)) return true;
    throw new ForbiddenException('没有权限');
  }
}

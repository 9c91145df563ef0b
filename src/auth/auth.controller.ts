import { Body, Controller, Get, HttpCode, HttpException, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiLocked, ApiNoContent, ApiOk } from '../common/openapi/responses';
import { Request, Response } from 'express';
import { InputError } from '../common/errors';
import { AuthService } from './auth.service';
import { clearCookie, CSRF_COOKIE, LOGIN_CSRF_COOKIE, readCookie, SESSION_COOKIE, setCookie } from './cookies';
import { AuthUser, currentUser } from './current-user';
import { LOGIN_PAGE_CSP, loginErrorUrl, loginPage, safeNext } from './login-page';
import { Public, Roles, ROLES } from './roles.decorator';
import { newSecret, sameSecret } from './secrets';
import { SESSION_MAX_MS } from './sessions.service';
import { CHANGE_PASSWORD_SCHEMA, checkBody, LOGIN_SCHEMA } from './user-input';

interface LoginBody {
  name: string;
  password: string;
  _csrf?: string;
  next?: string;
}

function me(user: AuthUser) {
  return { name: user.name, role: user.role, region: user.region, via: user.via, csrfToken: user.csrfToken ?? null };
}

/**
 * POST /api/auth/login takes JSON (scripts, page code) or the sign-in form. JSON cannot be sent
 * cross-site without a CORS preflight (which nothing answers), so only the form carries a
 * login-CSRF token: a double-submit of the cookie set with the form.
 */
@ApiTags('登录 auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: '登录：成功后设置会话 Cookie（HttpOnly、SameSite=Strict），返回 CSRF 令牌' })
  @ApiBody({ schema: LOGIN_SCHEMA })
  @ApiOk('LoginResult', '已登录：会话 Cookie 已设置；csrfToken 用于之后的非 GET 请求')
  @ApiLocked('该用户名或地址登录失败次数过多，已暂时锁定')
  async login(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const form = req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
    if (!form && !req.is('application/json')) throw new InputError('请以 JSON 提交用户名与密码');
    const input = checkBody<LoginBody>(LOGIN_SCHEMA, body);
    if (form) {
      const cookie = readCookie(req, LOGIN_CSRF_COOKIE);
      if (!cookie || !input._csrf || !sameSecret(cookie, input._csrf)) {
        return this.formAgain(req, res, 403, '页面已过期，请重新登录', input.next);
      }
    } else if (input._csrf !== undefined || input.next !== undefined) {
      throw new InputError('请求数据有错误', [{ pointer: input._csrf !== undefined ? '/_csrf' : '/next', message: '不允许的字段（未知字段）' }]);
    }
    let result;
    try {
      result = await this.auth.signIn(input.name, input.password, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    } catch (err) {
      if (form && err instanceof HttpException) {
        // Back to GET /login (303), so a refresh shows the form again instead of re-sending the password.
        const wait = err.getStatus() === 429 ? ((err as { retryAfterSeconds?: number }).retryAfterSeconds ?? 60) : undefined;
        if (wait !== undefined) res.setHeader('Retry-After', String(wait));
        res.redirect(303, loginErrorUrl(err.getStatus() === 429 ? 'locked' : 'failed', input.next, wait));
        return;
      }
      throw err;
    }
    setCookie(req, res, SESSION_COOKIE, result.session.cookie, { httpOnly: true, maxAgeMs: SESSION_MAX_MS });
    setCookie(req, res, CSRF_COOKIE, result.session.csrfToken, { httpOnly: false, maxAgeMs: SESSION_MAX_MS });
    clearCookie(req, res, LOGIN_CSRF_COOKIE, true);
    if (form) {
      res.redirect(303, safeNext(input.next));
      return;
    }
    res.json({ user: me({ ...result.user, csrfToken: result.session.csrfToken }), expiresAt: result.session.expiresAt.toISOString() });
  }

  @Post('logout')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiOperation({ summary: '退出登录（Cookie 会话需带 X-CSRF-Token）' })
  @ApiNoContent('已退出')
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.signOut(currentUser()!);
    clearCookie(req, res, SESSION_COOKIE, true);
    clearCookie(req, res, CSRF_COOKIE, false);
  }

  @Post('password')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiOperation({ summary: '修改自己的密码（需当前密码）；成功后所有会话失效，请重新登录' })
  @ApiBody({ schema: CHANGE_PASSWORD_SCHEMA })
  @ApiNoContent('密码已修改，所有会话已失效')
  @ApiLocked('当前密码错误次数过多，已暂时锁定')
  async changePassword(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown): Promise<void> {
    const input = checkBody<{ currentPassword: string; newPassword: string }>(CHANGE_PASSWORD_SCHEMA, body);
    await this.auth.changePassword(currentUser()!, input.currentPassword, input.newPassword, req.ip ?? 'unknown');
    clearCookie(req, res, SESSION_COOKIE, true);
    clearCookie(req, res, CSRF_COOKIE, false);
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiOperation({ summary: '当前用户：用户名、角色、绑定市州，以及 Cookie 会话的 CSRF 令牌' })
  @ApiOk('Me', '当前用户')
  me() {
    return me(currentUser()!);
  }

  private formAgain(req: Request, res: Response, status: number, error: string, next?: string): void {
    const csrf = readCookie(req, LOGIN_CSRF_COOKIE);
    sendLoginPage(req, res, status, { csrf, error, next });
  }
}

/** Renders the form with a fresh login-CSRF cookie when there is none. */
export function sendLoginPage(req: Request, res: Response, status: number, options: { csrf?: string; error?: string; next?: string }): void {
  let csrf = options.csrf;
  if (!csrf || csrf.length > 100) {
    csrf = newSecret();
    setCookie(req, res, LOGIN_CSRF_COOKIE, csrf, { httpOnly: true, maxAgeMs: 3600_000 });
  }
  res.status(status);
  res.setHeader('Content-Security-Policy', LOGIN_PAGE_CSP);
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(loginPage({ csrf, error: options.error, next: options.next }));
}

import { Controller, ExecutionContext, ForbiddenException, Get, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { AuthUser } from './current-user';
import { Public, Roles } from './roles.decorator';

@Controller('bare')
class Bare {
  @Get() forgot() {}
}

@Roles('viewer')
@Controller('mixed')
class Mixed {
  @Get() read() {}
  @Roles('policy') @Get('write') write() {}
  @Public() @Get('open') open() {}
}

const user = (role: AuthUser['role'], via: AuthUser['via'] = 'token', csrfToken?: string): AuthUser => ({ id: 1, name: role, role, region: null, via, csrfToken });

function context(cls: object, handler: object, req: Partial<{ user: AuthUser | null; method: string; headers: Record<string, string>; path: string }>): ExecutionContext {
  const request = { method: 'GET', headers: {}, path: '/', ...req };
  return {
    getType: () => 'http', getHandler: () => handler, getClass: () => cls,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

describe('AuthGuard', () => {
  const guard = new AuthGuard(new Reflector());

  it('denies a route with neither @Roles nor @Public, even to an admin (default deny)', () => {
    expect(() => guard.canActivate(context(Bare, Bare.prototype.forgot, { user: user('admin') }))).toThrow(ForbiddenException);
    expect(() => guard.canActivate(context(Bare, Bare.prototype.forgot, { user: null }))).toThrow(UnauthorizedException);
  });

  it("takes the method's decision over its controller's, and always lets admin through", () => {
    expect(guard.canActivate(context(Mixed, Mixed.prototype.read, { user: user('viewer') }))).toBe(true);
    expect(() => guard.canActivate(context(Mixed, Mixed.prototype.write, { user: user('viewer') }))).toThrow(ForbiddenException);
    expect(guard.canActivate(context(Mixed, Mixed.prototype.write, { user: user('policy') }))).toBe(true);
    expect(guard.canActivate(context(Mixed, Mixed.prototype.write, { user: user('admin') }))).toBe(true);
    expect(guard.canActivate(context(Mixed, Mixed.prototype.open, { user: null }))).toBe(true);
  });

  it('asks a cookie session for its CSRF token on unsafe methods only', () => {
    const session = user('policy', 'session', 'tok-123');
    expect(guard.canActivate(context(Mixed, Mixed.prototype.write, { user: session, method: 'GET' }))).toBe(true);
    expect(() => guard.canActivate(context(Mixed, Mixed.prototype.write, { user: session, method: 'POST' }))).toThrow(ForbiddenException);
    expect(() => guard.canActivate(context(Mixed, Mixed.prototype.write, { user: session, method: 'POST', headers: { 'x-csrf-token': 'tok-999' } }))).toThrow(ForbiddenException);
    expect(guard.canActivate(context(Mixed, Mixed.prototype.write, { user: session, method: 'POST', headers: { 'x-csrf-token': 'tok-123' } }))).toBe(true);
    // A bearer token is not sent by browsers on their own: no CSRF token needed.
    expect(guard.canActivate(context(Mixed, Mixed.prototype.write, { user: user('policy'), method: 'POST' }))).toBe(true);
  });
});

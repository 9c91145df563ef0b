import { Injectable, UnauthorizedException } from '@nestjs/common';
import { actorStorage } from '../audit/actor';
import { AuditService } from '../audit/audit.service';
import { PrismaService } from '../prisma/prisma.service';
import { AuthUser } from './current-user';
import { verifyPassword } from './password';
import { NewSession, SessionsService } from './sessions.service';
import { SignInLimiter } from './sign-in-limiter';
import { TooManyAttemptsError } from './too-many-attempts.error';
import { toAuthUser, UsersService } from './users.service';

/** Sign-in and sign-out: password check behind the rate limit, a fresh session each time, audited. */
@Injectable()
export class AuthService {
  readonly limiter = new SignInLimiter();

  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly prisma: PrismaService,
  ) {}

  async signIn(name: string, password: string, address: string): Promise<{ user: AuthUser; session: NewSession }> {
    const wait = this.limiter.retryAfter(address, name);
    if (wait > 0) throw new TooManyAttemptsError(wait);
    const row = await this.users.byName(name);
    // verifyPassword spends the same time for an unknown name: no probing names by timing.
    const ok = (await verifyPassword(password, row?.passwordHash)) && row !== null && !row.disabled;
    if (!ok || !row) {
      this.limiter.fail(address, name);
      // Kept although the request fails: a refused sign-in writes nothing else.
      await this.audit.recordApart({ action: 'auth.login.failed', comment: `用户名“${name.slice(0, 64)}”，来自 ${address}` });
      throw new UnauthorizedException('用户名或密码错误');
    }
    this.limiter.succeed(address, name);
    // The session and its audit row are committed before the answer goes out: the sign-in route
    // sends it itself (a redirect for the form), and the browser's next request must find the
    // session, also on another machine of a PostgreSQL set-up.
    const session = await this.prisma.writeApart(async () => {
      const created = await this.sessions.create(row.id);
      await actorStorage.run(row.name, () => this.audit.record({ action: 'auth.login', comment: `来自 ${address}` }));
      return created;
    });
    return { user: toAuthUser(row, 'session'), session };
  }

  /** Own password change: proves the current one (behind the same rate limit), ends every session. */
  async changePassword(user: AuthUser, current: string, next: string, address: string): Promise<void> {
    const wait = this.limiter.retryAfter(address, user.name);
    if (wait > 0) throw new TooManyAttemptsError(wait);
    const row = await this.users.byName(user.name);
    if (!row || !(await verifyPassword(current, row.passwordHash))) {
      this.limiter.fail(address, user.name);
      throw new UnauthorizedException('当前密码不正确');
    }
    await this.users.update(user.name, { password: next });
    await this.audit.record({ action: 'user.password', comment: user.name });
  }

  async signOut(user: AuthUser): Promise<void> {
    if (user.sessionId) await this.sessions.end(user.sessionId);
    await this.audit.record({ action: 'auth.logout' });
  }
}

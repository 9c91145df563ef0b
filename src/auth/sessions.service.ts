import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import { AuthUser } from './current-user';
import { newSecret, sha256 } from './secrets';
import { toAuthUser } from './users.service';

/** A session ends after 12 hours, or after 2 hours without a request. */
export const SESSION_MAX_MS = 12 * 3600_000;
export const SESSION_IDLE_MS = 2 * 3600_000;

export interface NewSession {
  /** Cookie value: shown to the browser only, the table keeps its sha256. */
  cookie: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Browser sessions behind the HttpOnly cookie; the CSRF token is kept with the session. */
@Injectable()
export class SessionsService {
  constructor(private readonly prisma: PrismaService) {}

  async create(userId: number): Promise<NewSession> {
    const cookie = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(Date.now() + SESSION_MAX_MS);
    await this.prisma.write(async (tx) => {
      await tx.session.create({ data: { id: sha256(cookie), userId, csrfToken, expiresAt } });
      // Old sessions are swept here rather than by a timer: sign-ins are rare, and this is enough.
      await tx.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    });
    return { cookie, csrfToken, expiresAt };
  }

  async resolve(cookie: string): Promise<AuthUser | null> {
    const id = sha256(cookie);
    const row = await this.prisma.session.findUnique({ where: { id }, include: { user: true } });
    if (!row || row.user.disabled) return null;
    const now = Date.now();
    if (row.expiresAt.getTime() <= now || now - row.lastSeenAt.getTime() > SESSION_IDLE_MS) {
      await this.prisma.session.deleteMany({ where: { id } });
      return null;
    }
    if (now - row.lastSeenAt.getTime() > 60_000) {
      await this.prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(now) } }).catch(() => undefined);
    }
    return { ...toAuthUser(row.user, 'session'), sessionId: id, csrfToken: row.csrfToken };
  }

  async end(sessionId: string): Promise<void> {
    await this.prisma.write((tx) => tx.session.deleteMany({ where: { id: sessionId } }));
  }
}

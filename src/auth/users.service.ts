import { ForbiddenException, Injectable } from '@nestjs/common';
import { ConflictError, InputError, NotFoundError } from '../common/errors';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { RuleSetsService } from '../rule-sets/rule-sets.service';
import { AuthUser } from './current-user';
import { hashPassword, passwordProblem } from './password';
import { Role } from './roles.decorator';
import { newSecret, sha256, TOKEN_PREFIX } from './secrets';

export interface NewUser {
  name: string;
  role: Role;
  region?: string | null;
  password?: string;
}

export interface UserView {
  id: number;
  name: string;
  role: Role;
  region: string | null;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
}

export interface IssuedToken {
  id: number;
  /** The secret itself: shown once, never stored. */
  token: string;
  expiresAt: string | null;
}

/**
 * A script sending many requests should not cost two database queries each just to say who it is:
 * a token is trusted for one second after it was checked. Revoking or disabling through this
 * process clears the cache at once; through the CLI (another process) it takes effect within 1 s.
 */
const TOKEN_CACHE_MS = 1000;
const TOKEN_CACHE_MAX = 1000;

type UserRow = { id: number; name: string; role: string; region: string | null; disabled: boolean; passwordHash: string | null; createdAt: Date };

function view(u: UserRow): UserView {
  return { id: u.id, name: u.name, role: u.role as Role, region: u.region, disabled: u.disabled, hasPassword: u.passwordHash !== null, createdAt: u.createdAt.toISOString() };
}

export function toAuthUser(u: UserRow, via: AuthUser['via']): AuthUser {
  return { id: u.id, name: u.name, role: u.role as Role, region: u.region, via };
}

/** Users and their API tokens. Users are disabled, not deleted, so audit rows keep their meaning. */
@Injectable()
export class UsersService {
  private readonly tokenCache = new Map<string, { user: AuthUser; until: number }>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  async list(): Promise<UserView[]> {
    return (await this.prisma.user.findMany({ orderBy: { id: 'asc' } })).map(view);
  }

  async count(): Promise<number> {
    return this.prisma.user.count();
  }

  async create(input: NewUser): Promise<UserView> {
    const region = await this.regionFor(input.role, input.region);
    const passwordHash = input.password === undefined ? null : await this.hash(input.password);
    try {
      return view(await this.prisma.write((tx) => tx.user.create({ data: { name: input.name, role: input.role, region, passwordHash } })));
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        throw new ConflictError(`用户“${input.name}”已存在`, [{ pointer: '/name', message: '用户名不能重复' }]);
      }
      throw err;
    }
  }

  async update(name: string, change: { role?: Role; region?: string | null; password?: string; disabled?: boolean }, actor?: AuthUser): Promise<UserView> {
    const user = await this.require(name);
    if (actor?.id === user.id && (change.disabled || (change.role && change.role !== 'admin'))) {
      // The last way back in must not be removed by accident.
      throw new ForbiddenException('不能停用自己或取消自己的管理员角色');
    }
    const role = change.role ?? (user.role as Role);
    const region = change.region !== undefined || change.role !== undefined ? await this.regionFor(role, change.region ?? user.region) : user.region;
    const data: Prisma.UserUpdateInput = { role, region };
    if (change.password !== undefined) data.passwordHash = await this.hash(change.password);
    if (change.disabled !== undefined) data.disabled = change.disabled;
    this.tokenCache.clear();
    const updated = await this.prisma.write(async (tx) => {
      const row = await tx.user.update({ where: { id: user.id }, data });
      // A new role, password or a disabled account ends every browser session at once.
      await tx.session.deleteMany({ where: { userId: user.id } });
      return row;
    });
    return view(updated);
  }

  async issueToken(name: string, options: { label?: string; expiresAt?: Date | null } = {}): Promise<IssuedToken> {
    const user = await this.require(name);
    if (options.expiresAt && options.expiresAt.getTime() <= Date.now()) {
      throw new InputError('有效期必须晚于当前时间', [{ pointer: '/expiresAt', message: '已过期' }]);
    }
    const token = newSecret(TOKEN_PREFIX);
    const row = await this.prisma.write((tx) => tx.apiToken.create({
      data: { userId: user.id, label: options.label ?? null, tokenHash: sha256(token), expiresAt: options.expiresAt ?? null },
    }));
    return { id: row.id, token, expiresAt: row.expiresAt?.toISOString() ?? null };
  }

  async tokens(name: string) {
    const user = await this.require(name);
    const rows = await this.prisma.apiToken.findMany({ where: { userId: user.id }, orderBy: { id: 'asc' } });
    return rows.map((t) => ({
      id: t.id, label: t.label, createdAt: t.createdAt.toISOString(), expiresAt: t.expiresAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null, lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    }));
  }

  /** Revocation takes effect on the next request: every request looks the token up. */
  async revokeToken(id: number, name?: string): Promise<void> {
    const row = await this.prisma.apiToken.findUnique({ where: { id }, include: { user: true } });
    if (!row || (name !== undefined && row.user.name !== name)) throw new NotFoundError(`令牌 ${id} 不存在`);
    if (!row.revokedAt) await this.prisma.write((tx) => tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } }));
    this.tokenCache.clear();
  }

  /** The user a bearer token belongs to, if the token is known, not revoked, not expired. */
  async byToken(token: string): Promise<AuthUser | null> {
    const tokenHash = sha256(token);
    const hit = this.tokenCache.get(tokenHash);
    if (hit && hit.until > Date.now()) return { ...hit.user };
    const row = await this.prisma.apiToken.findUnique({ where: { tokenHash }, include: { user: true } });
    if (!row || row.revokedAt || row.user.disabled) return null;
    const now = new Date();
    if (row.expiresAt && row.expiresAt <= now) return null;
    if (this.tokenCache.size >= TOKEN_CACHE_MAX) this.tokenCache.clear();
    const until = Math.min(now.getTime() + TOKEN_CACHE_MS, row.expiresAt?.getTime() ?? Infinity);
    this.tokenCache.set(tokenHash, { user: toAuthUser(row.user, 'token'), until });
    // Recorded at most once a minute: a busy script should not turn every read into a write.
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
      await this.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => undefined);
    }
    return toAuthUser(row.user, 'token');
  }

  async byName(name: string) {
    return this.prisma.user.findUnique({ where: { name } });
  }

  private async require(name: string) {
    const user = await this.prisma.user.findUnique({ where: { name } });
    if (!user) throw new NotFoundError(`用户“${name}”不存在`);
    return user;
  }

  private async hash(password: string): Promise<string> {
    const problem = passwordProblem(password);
    if (problem) throw new InputError('密码不符合要求', [{ pointer: '/password', message: problem }]);
    return hashPassword(password);
  }

  /** Region users need a valid 市州 (stored by short name); other roles must not have one. */
  private async regionFor(role: Role, region: string | null | undefined): Promise<string | null> {
    if (role !== 'region') {
      if (region) throw new InputError('只有市州用户需要绑定市州', [{ pointer: '/region', message: '该角色不绑定市州' }]);
      return null;
    }
    if (!region) throw new InputError('市州用户必须绑定一个市州', [{ pointer: '/region', message: '缺少市州' }]);
    const sets = (await this.ruleSets.list()).filter((s) => s.activeVersion !== null).sort((a, b) => b.year - a.year);
    if (sets.length === 0) throw new InputError('没有有效的规则集，无法核对市州名称');
    const index = this.ruleSets.evaluatorFor(await this.ruleSets.activeForYear(sets[0].year)).index;
    const row = index.region(region);
    if (!row) throw new InputError('未知的市州', [{ pointer: '/region', message: `未知的市州“${region}”，可选：${index.regionNames().join('、')}` }]);
    return row.name;
  }
}

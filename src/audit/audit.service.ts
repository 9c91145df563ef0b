import { Injectable } from '@nestjs/common';
import { InputError } from '../common/errors';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { currentActor } from './actor';
import { auditRoute, describeAudit } from './audit-description';

export interface AuditEntry {
  action: string;
  ruleSetId?: string | null;
  version?: number | null;
  comment?: string | null;
  diff?: unknown;
}

export interface AuditFilter {
  ruleSet?: string;
  from?: string;
  to?: string;
  limit?: number;
}

/** Append-only record of who changed which rule set, when, what (the diff) and why. */
@Injectable()
export class AuditService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Records an entry in the transaction of the change it describes (the request's, or `tx`), so
   * both commit or neither does.
   */
  async record(entry: AuditEntry, tx?: Prisma.TransactionClient): Promise<void> {
    const create = (db: Prisma.TransactionClient) => db.auditLog.create({ data: this.row(entry) });
    await (tx ? create(tx) : this.prisma.write(create));
    const scope = this.prisma.writeScope();
    if (scope) scope.audited = true;
  }

  /** Records an entry that stays whatever becomes of the request: a refused sign-in. */
  async recordApart(entry: AuditEntry): Promise<void> {
    await this.prisma.writeApart((db) => db.auditLog.create({ data: this.row(entry) }));
  }

  private row(entry: AuditEntry) {
    return {
      user: currentActor(),
      action: entry.action,
      ruleSetId: entry.ruleSetId ?? null,
      version: entry.version ?? null,
      comment: entry.comment ?? null,
      diff: entry.diff === undefined ? null : JSON.stringify(entry.diff),
    };
  }

  async list(filter: AuditFilter) {
    const at: { gte?: Date; lte?: Date } = {};
    if (filter.from) at.gte = this.time(filter.from, 'from', false);
    if (filter.to) at.lte = this.time(filter.to, 'to', true);
    const rows = await this.prisma.auditLog.findMany({
      where: { ruleSetId: filter.ruleSet, at },
      orderBy: { id: 'desc' },
      take: Math.min(filter.limit ?? 200, 1000),
    });
    return rows.map((r) => {
      const entry = { ...r, at: r.at.toISOString(), diff: r.diff ? JSON.parse(r.diff) : null };
      // In words for the page; the raw route stays available for the expert.
      return { ...entry, description: describeAudit(entry), route: auditRoute(entry) };
    });
  }

  /** A date (whole Shanghai day) or an ISO date-time. */
  private time(value: string, name: string, endOfDay: boolean): Date {
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00'}+08:00` : value;
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) throw new InputError(`查询参数 ${name} 不是有效的日期或时间`, [{ pointer: `?${name}`, message: `“${value}”无效` }]);
    return date;
  }
}

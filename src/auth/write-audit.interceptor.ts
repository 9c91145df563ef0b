import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Request } from 'express';
import { defer, lastValueFrom, Observable } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { describeUrl, writeAuditEntry } from '../audit/write-audit-entry';
import { PrismaService } from '../prisma/prisma.service';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Writes audited elsewhere with more detail (rule sets with their diff, users, sign-in). */
const AUDITED_ELSEWHERE = [/^\/api\/rule-sets\b/, /^\/api\/users\b/, /^\/api\/auth\//];
/** POSTs that write nothing. */
const READ_ONLY_POSTS = [/^\/api\/evaluate$/, /\/draft\/(validate|test)$/];

/**
 * A write is audited or it does not happen. Every unsafe request runs as one unit of writing
 * (PrismaService.writing): what it writes and its audit row share one transaction, committed
 * only once both are in it. Here the row of projects, region progress, stored evaluations and
 * imports is added, described before the handler runs so describing cannot fail after the
 * write; routes audited elsewhere must have written their own row, or their write is rolled
 * back. A refused request changed nothing and leaves no row.
 */
@Injectable()
export class WriteAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditService,
    private readonly prisma: PrismaService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!UNSAFE.has(req.method)) return next.handle();
    const route = (req.route?.path as string | undefined) ?? req.path;
    const audited = this.auditedHere(req);
    const url = describeUrl(req.originalUrl);
    return defer(() =>
      this.prisma.writing(async (scope) => {
        const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
        if (audited) await this.audit.record(writeAuditEntry(req.method, route, url, req.body, result));
        if (scope.wrote && !scope.audited) throw new Error(`${req.method} ${route} wrote without an audit row: rolled back`);
        return result;
      }),
    );
  }

  private auditedHere(req: Request): boolean {
    if (AUDITED_ELSEWHERE.some((r) => r.test(req.path)) || READ_ONLY_POSTS.some((r) => r.test(req.path))) return false;
    return req.query.dryRun !== 'true';
  }
}

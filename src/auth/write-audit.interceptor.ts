import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { writeAuditEntry } from '../audit/write-audit-entry';

/** Writes audited elsewhere with more detail (rule sets with their diff, users, sign-in). */
const AUDITED_ELSEWHERE = [/^\/api\/rule-sets\b/, /^\/api\/users\b/, /^\/api\/auth\//];
/** POSTs that write nothing. */
const READ_ONLY_POSTS = [/^\/api\/evaluate$/, /\/draft\/(validate|test)$/];

/**
 * Every successful write through the API leaves an audit row naming its user: projects, region
 * progress, stored evaluations, imports. The row is added after the write succeeded (a refused
 * request changed nothing and is not a write).
 */
@Injectable()
export class WriteAuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('WriteAudit');

  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!this.isAuditedWrite(req)) return next.handle();
    return next.handle().pipe(
      switchMap((result) =>
        from(
          this.audit
            .record(writeAuditEntry(req.method, (req.route?.path as string | undefined) ?? req.path, decodeURIComponent(req.originalUrl), req.body, result))
            .catch((err: Error) => this.logger.error(`audit row not written: ${err.message}`))
            .then(() => result),
        ),
      ),
    );
  }

  private isAuditedWrite(req: Request): boolean {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method)) return false;
    if (AUDITED_ELSEWHERE.some((r) => r.test(req.path)) || READ_ONLY_POSTS.some((r) => r.test(req.path))) return false;
    return req.query.dryRun !== 'true';
  }
}

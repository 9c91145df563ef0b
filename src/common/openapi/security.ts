import { DocumentBuilder, OpenAPIObject } from '@nestjs/swagger';
import { CSRF_HEADER, SESSION_COOKIE } from '../../auth/cookies';
import { OperationRoute } from './operation-routes';

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/** The two ways in: a bearer token (scripts) or the browser's session cookie with its CSRF header. */
export function withSecuritySchemes(builder: DocumentBuilder): DocumentBuilder {
  return builder
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'nct_…', description: 'API 令牌：请求头 Authorization: Bearer nct_…（npm run -s cli -- users token 或 POST /api/users/{name}/tokens 签发）' },
      'bearer',
    )
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', description: '浏览器会话：POST /api/auth/login 成功后设置的 Cookie（HttpOnly，12 小时，空闲 2 小时失效）' }, 'session')
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: `会话 Cookie 的非 GET 请求必带（${CSRF_HEADER}）：POST /api/auth/login 或 GET /api/auth/me 返回的 csrfToken` },
      'csrf',
    );
}

/**
 * Each operation's security as the guard decides it: public ones need nothing; the others take a
 * bearer token, or the session cookie — with the CSRF header on unsafe methods. The roles allowed
 * are added to the description, since OpenAPI has no words for them.
 */
export function applyAccess(doc: OpenAPIObject, routes: Map<string, OperationRoute>): void {
  for (const item of Object.values(doc.paths)) {
    for (const [method, op] of Object.entries(item) as [string, { operationId?: string; security?: unknown; description?: string }][]) {
      const route = op.operationId ? routes.get(op.operationId) : undefined;
      if (!route) throw new Error(`OpenAPI: no route for operation ${op.operationId ?? method}`);
      if (route.decision.kind === 'public') {
        op.security = [];
        continue;
      }
      op.security = [{ bearer: [] }, UNSAFE.has(method) ? { session: [], csrf: [] } : { session: [] }];
      const roles = route.decision.kind === 'roles' ? [...new Set(['admin', ...route.decision.roles])] : ['（无）'];
      op.description = [op.description, `可调用的角色：${roles.join('、')}`].filter(Boolean).join('\n\n');
    }
  }
}

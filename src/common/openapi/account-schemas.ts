import { ROLES } from '../../auth/roles.decorator';
import { Schema } from './json-schema-30';
import { DATE_TIME, nullable, object, ref } from './schema-refs';

const ROLE: Schema = { type: 'string', enum: [...ROLES] };

/** Users, tokens, sign-in, the audit log and health. Secrets appear only in IssuedToken, once. */
export const ACCOUNT_SCHEMAS: Record<string, Schema> = {
  Role: ROLE,
  Me: object({
    name: { type: 'string' },
    role: ref('Role'),
    region: nullable({ type: 'string', description: 'region 角色绑定的市州' }),
    via: { type: 'string', enum: ['token', 'session', 'cli'] },
    csrfToken: nullable({ type: 'string', description: 'Cookie 会话的 CSRF 令牌：非 GET 请求放在 X-CSRF-Token 请求头；令牌登录时为 null' }),
  }),
  LoginResult: object({ user: ref('Me'), expiresAt: DATE_TIME }),
  User: object({
    id: { type: 'integer' },
    name: { type: 'string' },
    role: ref('Role'),
    region: nullable({ type: 'string' }),
    disabled: { type: 'boolean' },
    hasPassword: { type: 'boolean' },
    createdAt: DATE_TIME,
  }),
  IssuedToken: object(
    { id: { type: 'integer' }, token: { type: 'string', example: 'nct_…', description: '令牌本身：只在此出现一次，服务只保存其 sha256' }, expiresAt: nullable(DATE_TIME) },
    undefined,
    '新签发的 API 令牌：请求时放在 Authorization: Bearer 请求头',
  ),
  CreatedUser: object({ user: ref('User'), token: ref('IssuedToken') }, ['user']),
  Token: object({
    id: { type: 'integer' },
    label: nullable({ type: 'string' }),
    createdAt: DATE_TIME,
    expiresAt: nullable(DATE_TIME),
    revokedAt: nullable(DATE_TIME),
    lastUsedAt: nullable(DATE_TIME),
  }),
  AuditRow: object({
    id: { type: 'integer' },
    at: DATE_TIME,
    user: { type: 'string', description: '操作者' },
    action: { type: 'string', example: 'publish' },
    ruleSetId: nullable({ type: 'string' }),
    version: nullable({ type: 'integer' }),
    comment: nullable({ type: 'string' }),
    diff: { description: '修改内容（差异），没有时为 null' },
    description: { type: 'string', description: '中文说明' },
    route: nullable({ type: 'string', description: '写操作的请求（方法与路径）' }),
  }),
  Health: object(
    {
      status: { type: 'string', enum: ['ok', 'degraded'] },
      database: { type: 'string', enum: ['ok', 'error'] },
      renderer: {
        type: 'object',
        required: ['state'],
        description: '报告打印：本进程的 Chromium（running、idle），或多机模式下 API 进程交给打印进程（worker）打印（remote，workers 为在线的打印进程数，为 0 时下载返回 503）',
        properties: {
          state: { type: 'string', enum: ['running', 'idle', 'remote', 'unknown'] },
          workers: { type: 'integer' },
          browsers: { type: 'integer' },
          launches: { type: 'integer' },
          queue: ref('QueueSize'),
          singleReports: ref('QueueSize'),
        },
      },
      queue: {
        type: 'object',
        description: '批量任务队列：embedded 为本进程内的队列，redis 为多机模式的 Redis（不可用时 state 为 error）',
        required: ['state'],
        properties: {
          backend: { type: 'string', enum: ['embedded', 'redis'] },
          state: { type: 'string', enum: ['ok', 'error', 'unknown'] },
          waiting: { type: 'integer' },
          active: { type: 'integer' },
          error: { type: 'string' },
        },
      },
    },
    undefined,
    '各部分是否正常（不含任何业务数据）',
  ),
  QueueSize: object({ running: { type: 'integer' }, waiting: { type: 'integer' } }),
};

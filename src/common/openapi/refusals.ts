import { OpenAPIObject } from '@nestjs/swagger';
import { ref } from './schema-refs';

type Operation = {
  parameters?: { in: string }[];
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, { description?: string; content?: unknown; headers?: unknown }>;
};

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);
const RETRY_AFTER = { 'Retry-After': { description: '建议等待的秒数', schema: { type: 'integer' } } };

const WORDS: Record<string, string> = {
  '400': '请求有错误：message 说明原因，details 列出每处错误的位置（JSON 指针、查询参数或单元格）',
  '401': '未登录：缺少令牌或会话，或令牌已失效',
  '403': '当前角色无权进行此操作（Cookie 会话的非 GET 请求还须带 X-CSRF-Token）',
  '404': '不存在（其他市州的数据对 region 角色也答 404）',
  '409': '与已保存的数据冲突（他人已修改、标识已被使用或仍被引用）；数据未作修改',
  '413': '请求内容过大',
  '429': '尝试过于频繁，请在 Retry-After 秒后再试',
  '503': '服务繁忙（数据正在被其他请求写入，或打印队列已满），请在 Retry-After 秒后再试；请求未被执行',
};

/**
 * The refusals every operation can meet, all with the one error body: 400 where it takes input,
 * 401/403 where it needs a user, 404 where the path names something, 413 where it takes a body,
 * 503 where it may write (a write waits at most 10 s for SQLite's one writer, then says busy).
 * Refusals an operation declares itself (409, 429, 503) get the same body; 429 and 503 say when
 * to come back (Retry-After).
 */
export function describeRefusals(doc: OpenAPIObject): void {
  for (const item of Object.values(doc.paths)) {
    for (const [method, op] of Object.entries(item) as [string, Operation][]) {
      const params = op.parameters ?? [];
      const add = (code: string, when: boolean) => {
        if (when && !op.responses[code]) op.responses[code] = { description: WORDS[code] };
      };
      add('400', params.length > 0 || !!op.requestBody);
      add('401', (op.security?.length ?? 0) > 0);
      add('403', (op.security?.length ?? 0) > 0);
      add('404', params.some((p) => p.in === 'path'));
      add('413', !!op.requestBody);
      add('503', UNSAFE.has(method));
      for (const [code, response] of Object.entries(op.responses)) {
        if (Number(code) < 400) continue;
        response.description ||= WORDS[code] ?? '请求被拒绝';
        response.content = { 'application/json': { schema: ref('ErrorBody') } };
        if (code === '429' || code === '503') response.headers = { ...RETRY_AFTER, ...(response.headers as object | undefined) };
      }
    }
  }
}

import { InputError, Problem } from '../common/errors';
import { RuleSetChoice, ruleSetQuery } from '../rule-sets/rule-set-choice';
import { Stage } from '../rule-sets/rule-set.types';
import { BATCH_KINDS, BatchKind } from './batch.types';

/** POST /api/batches, checked. */
export interface BatchRequest {
  kind: BatchKind;
  year: number;
  stage: Stage | undefined;
  region: string | undefined;
  ruleSet: RuleSetChoice | undefined;
}

const FIELDS = ['kind', 'year', 'stage', 'region', 'ruleSet'];

/** Every problem of the body at once, each with its JSON pointer; unknown fields are refused. */
export function parseBatchRequest(body: unknown): BatchRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new InputError('请求体应为 JSON 对象', [{ pointer: '', message: '应为 { kind, year, stage, region?, ruleSet? }' }]);
  const b = body as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const key of Object.keys(b)) if (!FIELDS.includes(key)) problems.push({ pointer: `/${key}`, message: `未知字段，可用：${FIELDS.join('、')}` });
  const kind = b.kind ?? 'scorecards';
  if (!BATCH_KINDS.includes(kind as BatchKind)) problems.push({ pointer: '/kind', message: `应为 scorecards（打印评估报告）或 evaluations（评估并存储）` });
  if (!Number.isInteger(b.year) || (b.year as number) < 2000 || (b.year as number) > 2100) problems.push({ pointer: '/year', message: '应为年度，如 2022' });
  if (b.stage !== undefined && b.stage !== null && !['application', 'acceptance'].includes(b.stage as string)) problems.push({ pointer: '/stage', message: '应为 application（申报审查）或 acceptance（验收评价）' });
  if (kind === 'evaluations' && (b.stage === undefined || b.stage === null)) problems.push({ pointer: '/stage', message: '评估任务须指明阶段：application 或 acceptance' });
  if (b.region !== undefined && b.region !== null && (typeof b.region !== 'string' || b.region.length === 0 || b.region.length > 32)) problems.push({ pointer: '/region', message: '应为市州名称，如“武汉”' });
  let ruleSet: RuleSetChoice | undefined;
  if (b.ruleSet !== undefined && b.ruleSet !== null) {
    try {
      ruleSet = ruleSetQuery(b.ruleSet);
    } catch {
      problems.push({ pointer: '/ruleSet', message: '应为 规则集标识@版本号（如 hubei-2022@3），或只写规则集标识（按其生效版本）' });
    }
  }
  if (problems.length > 0) throw new InputError(`批量任务的请求有 ${problems.length} 处错误`, problems);
  return {
    kind: kind as BatchKind,
    year: b.year as number,
    stage: (b.stage ?? undefined) as Stage | undefined,
    region: (b.region ?? undefined) as string | undefined,
    ruleSet,
  };
}

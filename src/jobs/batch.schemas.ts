import { Schema } from '../common/openapi/json-schema-30';
import { arrayOf, DATE_TIME, nullable, object } from '../common/openapi/schema-refs';

/** POST /api/batches. */
export const BATCH_REQUEST: Schema = object(
  {
    kind: { type: 'string', enum: ['scorecards', 'evaluations'], default: 'scorecards', description: 'scorecards：打印该年度（市州）各项目的评估报告；evaluations：评估并存储各项目' },
    year: { type: 'integer', example: 2022 },
    stage: { type: 'string', enum: ['application', 'acceptance'], description: '打印：按哪一阶段的评估（不填为任一阶段的最新评估）；评估：必填' },
    region: { type: 'string', description: '市州名称；不填为全省（市州用户为本市州）' },
    ruleSet: { type: 'string', description: '仅政策处和管理员：按其他已发布版本（规则集标识@版本号）；默认为该年度的有效版本' },
  },
  ['year'],
  '提交批量任务；同一条件的未结束任务只有一个，重复提交返回同一任务',
);

/** A batch as GET /api/batches/:id answers it. */
export const BATCH: Schema = object(
  {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['scorecards', 'evaluations'] },
    state: { type: 'string', enum: ['queued', 'running', 'completed', 'failed', 'cancelled'], description: '排队中、进行中、完成、失败、已取消' },
    done: { type: 'integer', description: '已完成的项目数（含未能生成而列入原因的）' },
    total: { type: 'integer', description: '项目总数' },
    reason: nullable({ type: 'string', description: '失败或取消的原因，或未能完成的项目' }),
    year: { type: 'integer' },
    stage: nullable({ type: 'string', description: 'application（申报审查）或 acceptance（验收评价）；null 为各项目最新的评估' }),
    region: nullable({ type: 'string' }),
    ruleSet: object({ id: { type: 'string' }, version: { type: 'integer' } }),
    priority: { type: 'integer', description: '多机模式下数字小者先处理：市州任务 1，全省任务 2（单机模式按提交顺序）' },
    requestedBy: { type: 'string' },
    createdAt: DATE_TIME,
    finishedAt: nullable(DATE_TIME),
    files: arrayOf(
      object({ name: { type: 'string' }, mediaType: { type: 'string' }, size: { type: 'integer' }, sha256: { type: 'string' } }),
      '已生成的文件（每个文件完整生成后才出现），经 GET /api/batches/{id}/files/{name} 下载',
    ),
  },
  undefined,
  '批量任务及其进度',
);

/** GET /api/batches: the same without the files (GET /api/batches/{id} lists them). */
export const BATCH_SUMMARY: Schema = (() => {
  const { files: _files, ...properties } = BATCH.properties as Record<string, Schema>;
  return object(properties, undefined, '批量任务及其进度（不含文件清单）');
})();

import { Schema } from './json-schema-30';
import { arrayOf, DATE_TIME, nullable, object, OPEN_OBJECT, ref } from './schema-refs';

const subjectEvaluation = {
  subject: ref('SubjectRef'),
  compliant: { type: 'boolean', description: '没有不符合的 blocking 规则' },
  score: nullable({ type: 'number', description: '验收得分；该阶段不评分时为 null' }),
  grade: nullable({ type: 'string', description: '等次（优秀、良好、合格 …）；不评分时为 null' }),
  results: arrayOf(ref('RuleOutcome'), '规则集中的每条规则一项，不会省略'),
  facts: { ...OPEN_OBJECT, description: '评估时看到的事实（按名称），用于复现' },
};

/** The evaluation result of domain.md: CLI JSON, dry runs and stored evaluations. */
export const EVALUATION_SCHEMAS: Record<string, Schema> = {
  RuleSetRef: object({
    id: { type: 'string' },
    version: nullable({ type: 'integer', description: '规则集版本；从文件读取时为 null' }),
    hash: { type: 'string', example: 'sha256:…' },
  }),
  SubjectRef: object({
    kind: { type: 'string', enum: ['project', 'region', 'province'] },
    id: { type: 'string', description: '项目编号、市州名称或 province' },
    name: { type: 'string' },
    region: nullable({ type: 'string' }),
    year: { type: 'integer' },
  }),
  ConditionResult: object({
    fact: { type: 'string' },
    operator: { type: 'string', example: 'lessThanInclusive' },
    expected: { description: '期望值（参数已代入）' },
    actual: { description: '实际值；未填写时为 null' },
    result: { type: 'boolean' },
  }),
  RuleOutcome: object({
    ruleId: { type: 'string' },
    title: { type: 'string' },
    clause: { type: 'string', description: '通知条款' },
    category: { type: 'string' },
    severity: { type: 'string', enum: ['blocking', 'warning'] },
    requirement: { type: 'string' },
    points: nullable({ type: 'number' }),
    earned: nullable({ type: 'number' }),
    outcome: { type: 'string', enum: ['pass', 'fail', 'not_applicable'] },
    message: { type: 'string', description: '中文说明（含实际值与要求）' },
    conditions: arrayOf(ref('ConditionResult')),
  }),
  SubjectEvaluation: object(subjectEvaluation),
  EvaluationReport: object(
    { ruleSet: ref('RuleSetRef'), stage: { type: 'string', enum: ['application', 'acceptance', 'progress'] }, evaluations: arrayOf(ref('SubjectEvaluation')) },
    undefined,
    '试评估的结果：不保存任何数据',
  ),
  StoredEvaluation: object(
    {
      id: { type: 'string', format: 'uuid' },
      createdAt: DATE_TIME,
      ruleSet: ref('RuleSetRef'),
      stage: { type: 'string', enum: ['application', 'acceptance', 'progress'], description: '市州与全省为 progress' },
      ...subjectEvaluation,
    },
    undefined,
    '已保存的评估记录：不可修改，记录所用规则集的版本与哈希及事实',
  ),
};

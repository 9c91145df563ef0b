import { readFileSync } from 'node:fs';
import { RULE_SET_SCHEMA_PATH } from '../../rule-sets/rule-set-files';
import { componentName, definitionsAsComponents, Schema, toOpenApi30 } from './json-schema-30';
import { arrayOf, DATE_TIME, nullable, object, OPEN_OBJECT, ref } from './schema-refs';

/**
 * The rule-set document as rules/rule-set.schema.json describes it (what the validator checks),
 * with its definitions as components named RuleSet<Definition>.
 */
export function ruleSetDocumentSchemas(): Record<string, Schema> {
  const source = JSON.parse(readFileSync(RULE_SET_SCHEMA_PATH, 'utf8')) as Schema;
  const components = definitionsAsComponents(source, 'RuleSet');
  const root = toOpenApi30(source, (name) => `#/components/schemas/${componentName('RuleSet', name)}`);
  return { ...components, RuleSetDocument: { ...root, title: '规则集文档（格式 2）' } };
}

const VERSION_STATUS: Schema = { type: 'string', enum: ['draft', 'published'] };

const listedVersion = {
  version: { type: 'integer' },
  status: VERSION_STATUS,
  hash: { type: 'string' },
  createdAt: DATE_TIME,
  publishedAt: nullable(DATE_TIME),
  comment: nullable({ type: 'string' }),
};

const listed = {
  id: { type: 'string' },
  title: { type: 'string' },
  year: { type: 'integer' },
  activeVersion: nullable({ type: 'integer', description: '该年度评估使用的版本；未生效为 null' }),
  versions: arrayOf(object(listedVersion)),
};

const side: Schema = object({ id: { type: 'string' }, version: { type: 'integer' }, status: VERSION_STATUS });
const summary: Schema = object({ compliant: { type: 'boolean' }, score: nullable({ type: 'number' }), grade: nullable({ type: 'string' }) });

const expressionCheck = {
  ok: { type: 'boolean' },
  type: { type: 'string', description: '表达式结果的 CEL 类型（string、bool、list<string>、double …）' },
  factType: { type: 'string', enum: ['text', 'integer', 'amount', 'number', 'date', 'boolean', 'list'], description: '结果适合的事实类型' },
  error: object({ message: { type: 'string' }, position: { type: 'integer' } }, ['message']),
};

/** Rule sets, their versions, drafts and what is computed from them (diff, impact, fixture runs). */
export const RULE_SET_SCHEMAS: Record<string, Schema> = {
  RuleSetListItem: object(listed, undefined, '规则集及其全部版本'),
  RuleSetActive: object(
    { ...listed, version: { type: 'integer', description: '下列文档的版本：生效版本，没有时为最新版本' }, hash: { type: 'string' }, document: ref('RuleSetDocument') },
    undefined,
    '规则集的生效版本',
  ),
  RuleSetVersionRow: object({
    ...listedVersion,
    revision: { type: 'integer', description: '草稿的修改次数（写操作的 If-Match）' },
    baseRuleSetId: nullable({ type: 'string' }),
    baseVersion: nullable({ type: 'integer' }),
  }),
  RuleSetVersion: object({ id: { type: 'string' }, version: { type: 'integer' }, hash: { type: 'string' }, document: ref('RuleSetDocument') }),
  RuleSetFile: { ...OPEN_OBJECT, description: '规则集文件，与 rules/ 中的格式相同（$schema 指明格式：格式 2 为 rule-set.schema.json，早期版本为 formats/format-1.schema.json）' },
  SubjectJsonSchema: { ...OPEN_OBJECT, description: 'JSON Schema（draft-07）：该版本声明的字段、名称（title）、单位（x-unit）、可选值（enum）' },
  Activation: object({ ruleSetId: { type: 'string' }, activeVersion: { type: 'integer' }, previous: nullable({ type: 'integer' }) }),
  RuleSetChange: object(
    {
      kind: { type: 'string', enum: ['meta', 'parameter', 'rule', 'table', 'field', 'fact', 'aggregate', 'report', 'scoring', 'test'] },
      change: { type: 'string', enum: ['added', 'removed', 'changed'] },
      key: { type: 'string' },
      field: { type: 'string' },
      from: { description: '修改前的值' },
      to: { description: '修改后的值' },
      text: { type: 'string', description: '一句话说明（参数、规则、字段的中文名称与修改前后的值）' },
    },
    ['kind', 'change', 'key', 'text'],
  ),
  RuleSetDiff: object({ from: side, to: side, changes: arrayOf(ref('RuleSetChange')) }),
  Draft: object(
    {
      ruleSetId: { type: 'string' },
      version: { type: 'integer', description: '发布后的版本号' },
      revision: { type: 'integer', description: '每次修改加一；写操作以 If-Match 带上（响应头 ETag 与之相同）' },
      baseRuleSetId: nullable({ type: 'string' }),
      baseVersion: nullable({ type: 'integer' }),
      hash: { type: 'string' },
      document: ref('RuleSetDocument'),
    },
    undefined,
    '规则集草稿（每个规则集至多一个）',
  ),
  DraftValidation: object({ valid: { type: 'boolean' }, problems: arrayOf(ref('Problem')) }),
  FixtureRun: object({
    ruleSet: ref('RuleSetRef'),
    passed: { type: 'boolean', description: '全部测试通过，且每类有规则的对象都有测试用例：发布的条件' },
    total: { type: 'integer' },
    failed: { type: 'integer' },
    tests: arrayOf(
      object(
        {
          name: { type: 'string' },
          passed: { type: 'boolean' },
          mismatches: arrayOf(object({
            subject: { type: 'string' },
            ruleId: { type: 'string' },
            expected: { type: 'string', enum: ['pass', 'fail', 'not_applicable'] },
            actual: { type: 'string', enum: ['pass', 'fail', 'not_applicable', 'missing'] },
            message: { type: 'string' },
          })),
          error: { type: 'string', description: '测试用例本身出错时的原因' },
        },
        ['name', 'passed', 'mismatches'],
      ),
    ),
    uncovered: arrayOf(
      object({ kind: { type: 'string', enum: ['project', 'region', 'province'] }, message: { type: 'string' } }),
      '有规则但没有测试用例覆盖的对象类别（发布前须补上）',
    ),
  }),
  PublishResult: object({
    ruleSetId: { type: 'string' },
    version: { type: 'integer' },
    hash: { type: 'string' },
    activated: { type: 'boolean' },
    tests: object({ total: { type: 'integer' }, failed: { type: 'integer' } }),
  }),
  DraftImpact: object(
    {
      year: { type: 'integer' },
      draft: object({ id: { type: 'string' }, version: { type: 'integer' }, revision: { type: 'integer' }, hash: { type: 'string' } }),
      against: nullable(object({ id: { type: 'string' }, version: { type: 'integer' }, hash: { type: 'string' } })),
      evaluated: object({ projects: { type: 'integer' }, regions: { type: 'integer' } }),
      changed: arrayOf(
        object({
          subject: ref('SubjectRef'),
          stage: { type: 'string' },
          before: summary,
          after: summary,
          rules: arrayOf(object({
            ruleId: { type: 'string' },
            title: { type: 'string' },
            before: { type: 'string', description: 'pass、fail、not_applicable 或 missing' },
            after: { type: 'string', description: 'pass、fail、not_applicable 或 removed' },
            beforeMessage: { type: 'string' },
            afterMessage: { type: 'string' },
          })),
        }),
        '结论、得分、等次或某条规则结果有变化的项目和市州',
      ),
    },
    undefined,
    '影响预览：不保存任何数据',
  ),
  ExpressionCheck: object(expressionCheck, ['ok']),
  ExpressionPreview: object(
    {
      ...expressionCheck,
      value: { description: '计算结果' },
      text: { type: 'string', description: '结果在提示语和报告中的写法（万元、未填写 …）' },
      subject: { type: 'string', description: '计算所用的对象' },
      problem: nullable({ type: 'string', description: '没有结果的原因' }),
    },
    ['ok'],
  ),
  CelFunction: object({ name: { type: 'string' }, insert: { type: 'string' }, description: { type: 'string' }, kind: { type: 'string', enum: ['function', 'builtin'] } }),
};

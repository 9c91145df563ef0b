import { DRY_RUN_SCHEMA } from '../../evaluation/evaluation-request';
import { RuleSetIndex } from '../../rule-sets/rule-set-index';
import { LoadedRuleSet } from '../../rule-sets/rule-set.types';
import { subjectSchema } from '../../subjects/subject-schema';
import { Schema, toOpenApi30, variant } from './json-schema-30';
import { arrayOf, nullable, object, OPEN_OBJECT, ref } from './schema-refs';

const SCHEMA_ROUTE = 'GET /api/rule-sets/{id}/versions/{version}/schema/';
const REVISION: Schema = { type: 'integer', minimum: 1, description: '记录的版本：读取时带回；修改时带上（或 If-Match），他人先保存则 409' };

/**
 * A project's and a region record's fields are those their year's rule set declares, so their
 * schemas are made from a rule set's model when the document is served: the active version of the
 * newest year. Without any (a fresh database) they are open objects that say where to look.
 */
function fieldsSchema(loaded: LoadedRuleSet | null, kind: 'project' | 'region'): Schema {
  const what = kind === 'project' ? '项目' : '市州进度';
  if (!loaded) {
    return { ...OPEN_OBJECT, description: `${what}：字段由该年度规则集声明，见 ${SCHEMA_ROUTE}${kind}` };
  }
  const doc = loaded.document;
  const schema = toOpenApi30(subjectSchema(new RuleSetIndex(doc), kind, true));
  return {
    ...schema,
    description:
      `${what}：本文档按规则集 ${doc.id} 第 ${loaded.version} 版（${doc.year}年度生效版本）声明的字段生成；` +
      `其他年度或版本的字段见 ${SCHEMA_ROUTE}${kind}。金额为整数元，日期为 YYYY-MM-DD；未知字段会被拒绝。`,
  };
}

function importResult(body: Schema, what: string): Schema {
  const problem = object(
    { pointer: { type: 'string', description: '单元格，如 工作表!C5' }, sheet: { type: 'string' }, row: nullable({ type: 'integer' }), column: nullable({ type: 'string' }), header: { type: 'string' }, message: { type: 'string' } },
    ['sheet', 'row', 'column', 'message'],
  );
  return object(
    {
      dryRun: { type: 'boolean' },
      year: { type: 'integer' },
      ruleSet: object({ id: { type: 'string' }, version: nullable({ type: 'integer' }) }),
      format: { type: 'string', enum: ['xlsx', 'csv'] },
      encoding: { type: 'string', enum: ['utf-8', 'utf-16le', 'gb18030'], description: 'CSV 文件识别出的编码' },
      changes: arrayOf(object(
        {
          action: { type: 'string', enum: ['create', 'update', 'unchanged'] },
          key: { type: 'string', description: '项目编号，或 年度/市州' },
          sheet: { type: 'string' },
          row: { type: 'integer' },
          body,
          before: body,
          changed: arrayOf({ type: 'string' }, '修改的字段'),
        },
        ['action', 'key', 'sheet', 'row', 'body'],
      )),
      problems: arrayOf(problem, '有任何问题时不写入任何数据'),
      warnings: arrayOf(problem),
      summary: object({ create: { type: 'integer' }, update: { type: 'integer' }, unchanged: { type: 'integer' }, problems: { type: 'integer' } }),
    },
    ['dryRun', 'year', 'ruleSet', 'format', 'changes', 'problems', 'warnings', 'summary'],
    `${what}导入的结果（dryRun 时为将要进行的修改）`,
  );
}

/** Components whose shape follows the rule set `loaded` (null: none is active yet). */
export function recordSchemas(loaded: LoadedRuleSet | null): Record<string, Schema> {
  const project = fieldsSchema(loaded, 'project');
  const region = fieldsSchema(loaded, 'region');
  const dryRun = toOpenApi30(DRY_RUN_SCHEMA);
  const props = dryRun.properties as Record<string, Schema>;
  return {
    Project: project,
    ProjectWithRevision: variant(project, { add: { revision: REVISION } }),
    StoredProject: variant(project, { add: { revision: REVISION }, require: ['id', 'revision'] }),
    RegionProgress: region,
    RegionProgressWithRevision: variant(region, { add: { revision: REVISION } }),
    // PUT …/{region}/progress/{year}: the path names the record, so the body need not.
    RegionProgressChange: variant(region, { add: { revision: REVISION }, optional: ['year', 'region'], description: '市州进度：市州与年度取自路径（请求体中可省略）' }),
    StoredRegionProgress: variant(region, { add: { revision: REVISION }, require: ['revision'] }),
    DryRunRequest: {
      ...dryRun,
      description: '三选一：project（一个项目）、projects（多个项目，名额按其中与已保存的项目计算）或 regions（市州进度）。从 GET 读取的记录可原样提交（revision 会被忽略）',
      properties: {
        ...props,
        project: ref('ProjectWithRevision'),
        projects: { ...props.projects, items: ref('ProjectWithRevision') },
        regions: { ...props.regions, items: ref('RegionProgressWithRevision') },
      },
    },
    ProjectImportResult: importResult(ref('Project'), '项目表'),
    RegionProgressImportResult: importResult(ref('RegionProgress'), '市州进度表'),
  };
}

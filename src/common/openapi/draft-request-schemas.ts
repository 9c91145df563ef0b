import { CLONE_SCHEMA } from '../../rule-sets/rule-set-copies.service';
import { SUBJECT_KINDS } from '../../subjects/subject-identity';
import { componentName, Schema, toOpenApi30, variant } from './json-schema-30';
import { object, OPEN_OBJECT } from './schema-refs';

const before = (what: string): Schema => ({ type: 'string', description: `放在哪个${what}之前（标识）；省略则放在最后` });

/**
 * Bodies of the rule-set draft writes, made from the rule-set document's own definitions (so they
 * say what the validator checks): a whole rule, field, fact, table or column, or the part an edit
 * takes (the key an edit keeps comes from the path, so it may be left out).
 */
export function draftRequestSchemas(documentSchemas: Record<string, Schema>): Record<string, Schema> {
  const def = (name: string) => documentSchemas[componentName('RuleSet', name)];
  const parameter = def('parameter');
  const { name: _n, type: _t, ...changeable } = parameter.properties as Record<string, Schema>;
  const sections = ((def('subjectModel').properties as Record<string, Schema>).sections) as Schema;
  return {
    DraftStart: object({ fromVersion: { type: 'integer', minimum: 1, description: '从哪个已发布版本开始；默认生效版本' } }, []),
    DraftPublish: object({ comment: { type: 'string', minLength: 1, description: '发布说明（必填）' }, activate: { type: 'boolean', description: '同时生效，默认 true' } }, ['comment']),
    ActivateRequest: object({ version: { type: 'integer', minimum: 1 }, comment: { type: 'string' } }, ['version']),
    CloneRequest: { ...toOpenApi30(CLONE_SCHEMA), description: '新规则集的标识、年度与名称；fromVersion 默认生效版本' },
    ParameterChange: { ...object(changeable, []), minProperties: 1, description: '要修改的内容（至少一项）；金额以元为单位' },
    NewParameter: variant(parameter, { optional: ['clause'], description: '新参数；金额以元为单位（单位自动为元）' }),
    RuleChange: variant(def('rule'), { optional: ['id'], description: '规则的完整定义；标识取自路径，不能修改' }),
    TableRow: { ...OPEN_OBJECT, description: '表格的一行：列标识 → 值（按该表格声明的列）' },
    NewField: variant(def('field'), { add: { before: before('字段') } }),
    FieldChange: variant(def('field'), { optional: ['key'], description: '字段的完整定义；标识取自路径，不能修改' }),
    FieldMove: {
      ...object({ before: { type: 'string' }, after: { type: 'string' }, position: { type: 'integer', minimum: 0 } }, []),
      description: '三选一：放在某字段之前、之后，或第几位（从 0 起）',
    },
    SectionsChange: { oneOf: [object({ sections }, ['sections']), sections], description: '该类对象表单的全部分组（按顺序）' },
    FactChange: variant(def('fact'), { optional: ['name', 'subject'], description: '派生事实的完整定义；对象与名称取自路径，不能修改' }),
    ExpressionRequest: object(
      {
        subject: { type: 'string', enum: SUBJECT_KINDS },
        cel: { type: 'string', description: 'CEL 表达式' },
        type: { type: 'string', enum: ['text', 'integer', 'amount', 'number', 'date', 'boolean', 'list'] },
        name: { type: 'string', description: '正在编辑的事实名称' },
        stage: { type: 'string', enum: ['application', 'acceptance', 'progress'] },
        projectId: { type: 'string', description: '预览：按已录入的项目计算' },
        region: object({ name: { type: 'string' }, year: { type: 'integer' } }, undefined, '预览：按已录入的市州进度计算'),
        year: { type: 'integer', description: '预览：全省汇总的年度' },
        fixture: object({ test: { type: 'string' }, index: { type: 'integer', minimum: 0 } }, undefined, '预览：按测试用例中的对象计算'),
        record: { ...OPEN_OBJECT, description: '预览：按给定的数据计算' },
      },
      ['subject', 'cel'],
    ),
    NewTable: variant(def('table'), {
      optional: ['rows'],
      require: ['name'],
      add: { name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$', description: '表格标识' } },
    }),
    NewColumn: variant(def('column'), { add: { before: before('列') } }),
  };
}

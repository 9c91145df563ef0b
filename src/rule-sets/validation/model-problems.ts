import { isCalendarDate } from '../../common/dates';
import { pointer, Problem } from '../../common/errors';
import { identityKeys, SUBJECT_KINDS, SUBJECT_LABELS } from '../../subjects/subject-identity';
import { valueAt } from '../../subjects/field-values';
import { ColumnType, FieldDefinition, SubjectKind, TableColumn } from '../rule-set.types';
import { duplicates } from './duplicates';
import { ValidationContext } from './validation-context';

/** Identity tables every rule set has, and the columns the code reads of them. */
const IDENTITY_TABLES: Record<string, { key: string; columns: string[] }> = {
  regions: { key: 'name', columns: ['name', 'fullName'] },
  categories: { key: 'id', columns: ['id', 'label'] },
};

function valueProblem(type: ColumnType, v: unknown): string | null {
  switch (type) {
    case 'integer': return Number.isSafeInteger(v) ? null : '应为整数';
    case 'amount': return Number.isSafeInteger(v) && (v as number) >= 0 ? null : '金额应为以元为单位的非负整数';
    case 'number': return typeof v === 'number' && Number.isFinite(v) ? null : '应为数字';
    case 'boolean': return typeof v === 'boolean' ? null : '应为 true 或 false';
    case 'date': return typeof v === 'string' && isCalendarDate(v) ? null : '应为真实存在的日期（YYYY-MM-DD）';
    case 'list': return Array.isArray(v) && v.every((x) => typeof x === 'string') ? null : '应为文本列表';
    default: return typeof v === 'string' ? null : '应为文本';
  }
}

function prefixConflicts(keys: string[], at: (i: number) => string, what: string): Problem[] {
  const problems: Problem[] = [];
  keys.forEach((k, i) => {
    const other = keys.find((o) => o !== k && k.startsWith(o + '.'));
    if (other) problems.push({ pointer: at(i), message: `${what}“${k}”与“${other}”冲突：一个名称不能既是值又是分组` });
  });
  return problems;
}

function referenceProblem(ctx: ValidationContext, col: TableColumn, v: unknown): string | null {
  const ref = col.references;
  if (!ref || v === undefined || v === null) return null;
  if (ref.table && !ctx.index.row(ref.table, v)) return `“${String(v)}”不在表“${ctx.index.table(ref.table)?.label ?? ref.table}”中`;
  if (ref.parameter && !ctx.params.has(String(v))) return `引用了不存在的参数“${String(v)}”`;
  if (ref.field && !identityKeys(ref.field).has(String(v)) && !ctx.index.field(ref.field, String(v))) {
    const valid = [...identityKeys(ref.field), ...ctx.index.fields(ref.field).map((f) => f.key)];
    return `${SUBJECT_LABELS[ref.field]}没有字段“${String(v)}”，可选：${valid.join('、')}`;
  }
  return null;
}

/** Every table: its key and columns declared, rows unique by key, values of the declared types. */
export function tableProblems(ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  for (const [name, table] of Object.entries(ctx.doc.tables)) {
    const at = (...rest: (string | number)[]) => pointer('tables', name, ...rest);
    const columns = new Map(table.columns.map((c) => [c.key, c]));
    problems.push(...duplicates(table.columns, (c) => c.key, (i) => at('columns', i, 'key'), '列'));
    if (!columns.has(table.key)) problems.push({ pointer: at('key'), message: `标识列“${table.key}”不在 columns 中` });
    if (table.display && !columns.has(table.display)) problems.push({ pointer: at('display'), message: `显示列“${table.display}”不在 columns 中` });
    const identity = Object.hasOwn(IDENTITY_TABLES, name) ? IDENTITY_TABLES[name] : undefined;
    if (identity) {
      if (table.key !== identity.key) problems.push({ pointer: at('key'), message: `表“${name}”的标识列应为“${identity.key}”` });
      for (const c of identity.columns) if (!columns.has(c)) problems.push({ pointer: at('columns'), message: `表“${name}”需要列“${c}”` });
    }
    table.columns.forEach((c, i) => {
      if (c.references?.table && !ctx.index.table(c.references.table)) problems.push({ pointer: at('columns', i, 'references', 'table'), message: `表格“${c.references.table}”不存在` });
    });
    problems.push(...duplicates(table.rows, (r) => String(valueAt(r, table.key)), (i) => at('rows', i, ...table.key.split('.')), table.label));
    table.rows.forEach((row, i) => {
      const declared = new Set(table.columns.map((c) => c.key.split('.')[0]));
      for (const k of Object.keys(row)) if (!declared.has(k)) problems.push({ pointer: at('rows', i, k), message: `未声明的列“${k}”` });
      for (const c of table.columns) {
        const v = valueAt(row, c.key);
        const where = at('rows', i, ...c.key.split('.'));
        if (v === undefined || v === null || v === '') {
          if (c.required || c.key === table.key) problems.push({ pointer: where, message: '缺少必填项' });
          continue;
        }
        const problem = valueProblem(c.type, v) ?? referenceProblem(ctx, c, v);
        if (problem) problems.push({ pointer: where, message: problem });
      }
    });
  }
  return problems;
}

function fieldProblems(ctx: ValidationContext, kind: SubjectKind, fields: FieldDefinition[], at: (...rest: (string | number)[]) => string, inRows: boolean): Problem[] {
  const problems: Problem[] = [];
  const sections = new Set(ctx.doc.model[kind].sections.map((s) => s.id));
  const categories = new Set(ctx.index.categoryIds());
  problems.push(...duplicates(fields, (f) => f.key, (i) => at(i, 'key'), '字段'));
  problems.push(...prefixConflicts(fields.map((f) => f.key), (i) => at(i, 'key'), '字段'));
  fields.forEach((f, i) => {
    if (!inRows && identityKeys(kind).has(f.key.split('.')[0])) {
      problems.push({ pointer: at(i, 'key'), message: `“${f.key}”是${SUBJECT_LABELS[kind]}的身份字段（${[...identityKeys(kind)].join('、')}），不能声明` });
    }
    if (f.section && !inRows && !sections.has(f.section)) problems.push({ pointer: at(i, 'section'), message: `分组“${f.section}”未在 sections 中定义` });
    const choice = f.type === 'choice' || f.type === 'multiChoice';
    if (choice && !f.table) problems.push({ pointer: at(i, 'table'), message: '选择题字段需要指定选项来源表格 table' });
    if (f.table && !ctx.index.table(f.table)) problems.push({ pointer: at(i, 'table'), message: `表格“${f.table}”不存在` });
    if (f.table && !choice) problems.push({ pointer: at(i, 'table'), message: '只有选择题字段（choice、multiChoice）有选项表格' });
    if (f.suggestions && !ctx.index.table(f.suggestions)) problems.push({ pointer: at(i, 'suggestions'), message: `表格“${f.suggestions}”不存在` });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) problems.push({ pointer: at(i, 'min'), message: '下限不能大于上限' });
    if (f.type === 'rows') {
      if (inRows) problems.push({ pointer: at(i, 'type'), message: '明细表中不能再有明细表' });
      if (!f.fields?.length) problems.push({ pointer: at(i, 'fields'), message: '明细表需要至少一个列' });
      const keyField = f.fields?.find((r) => r.key === f.rowKey);
      if (f.rowKey && (!keyField || keyField.type !== 'text')) problems.push({ pointer: at(i, 'rowKey'), message: `rowKey“${f.rowKey}”应为本明细表的一个文本列` });
      problems.push(...fieldProblems(ctx, kind, f.fields ?? [], (...rest) => at(i, 'fields', ...rest), true));
    } else if (f.fields || f.rowKey || f.maxRows) {
      problems.push({ pointer: at(i, 'fields'), message: '只有明细表字段（rows）有 fields、rowKey、maxRows' });
    }
    if (f.required && f.required !== true) {
      (f.required.categories ?? []).forEach((c, j) => {
        if (!categories.has(c)) problems.push({ pointer: at(i, 'required', 'categories', j), message: `项目类别“${c}”未在 tables.categories 中定义` });
      });
      if (kind !== 'project' && (f.required.categories || f.required.stages)) {
        problems.push({ pointer: at(i, 'required'), message: '只有项目字段按阶段、类别必填；其他对象写 true' });
      }
    }
  });
  return problems;
}

/** The declared fields of every subject kind. */
export function modelProblems(ctx: ValidationContext): Problem[] {
  return SUBJECT_KINDS.flatMap((kind) => {
    const model = ctx.doc.model[kind];
    return [
      ...duplicates(model.sections, (s) => s.id, (i) => pointer('model', kind, 'sections', i, 'id'), '分组'),
      ...fieldProblems(ctx, kind, model.fields, (...rest) => pointer('model', kind, 'fields', ...rest), false),
    ];
  });
}

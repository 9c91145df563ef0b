import { InputError, NotFoundError } from '../common/errors';
import { Parameter, RuleDefinition, RuleSetDocument } from './rule-set.types';

/**
 * Pure edits of a draft document. Each returns a new document and leaves its input untouched; the
 * caller validates the result as a whole before anything is saved.
 */

const PARAMETER_FIELDS = ['value', 'label', 'clause', 'unit', 'note', 'assumption'] as const;

export function setParameter(doc: RuleSetDocument, name: string, patch: Record<string, unknown>): RuleSetDocument {
  const i = doc.parameters.findIndex((p) => p.name === name);
  if (i < 0) throw new NotFoundError(`参数“${name}”不存在`);
  const unknown = Object.keys(patch ?? {}).filter((k) => !(PARAMETER_FIELDS as readonly string[]).includes(k));
  if (!patch || typeof patch !== 'object' || Array.isArray(patch) || Object.keys(patch).length === 0) {
    throw new InputError('请求数据有错误', [{ pointer: '/value', message: '缺少要修改的内容（如 value）' }]);
  }
  if (unknown.length > 0) {
    throw new InputError('请求数据有错误', unknown.map((k) => ({ pointer: `/${k}`, message: '不允许的字段（未知字段）' })));
  }
  const next = structuredClone(doc);
  next.parameters[i] = { ...next.parameters[i], ...(patch as Partial<Parameter>) };
  return next;
}

export function addRule(doc: RuleSetDocument, rule: unknown): RuleSetDocument {
  const next = structuredClone(doc);
  next.rules.push(rule as RuleDefinition);
  return next;
}

export function replaceRule(doc: RuleSetDocument, ruleId: string, rule: unknown): RuleSetDocument {
  const i = doc.rules.findIndex((r) => r.id === ruleId);
  if (i < 0) throw new NotFoundError(`规则“${ruleId}”不存在`);
  const id = (rule as { id?: unknown } | null)?.id;
  if (id !== undefined && id !== ruleId) {
    throw new InputError('请求数据有错误', [{ pointer: '/id', message: `规则标识不能修改（${ruleId}）；要改名请新增规则并删除旧规则` }]);
  }
  const next = structuredClone(doc);
  next.rules[i] = { ...(rule as RuleDefinition), id: ruleId };
  return next;
}

export function removeRule(doc: RuleSetDocument, ruleId: string): RuleSetDocument {
  if (!doc.rules.some((r) => r.id === ruleId)) throw new NotFoundError(`规则“${ruleId}”不存在`);
  const next = structuredClone(doc);
  next.rules = next.rules.filter((r) => r.id !== ruleId);
  return next;
}

function tableRows(doc: RuleSetDocument, table: string): { rows: Record<string, unknown>[]; keyField: string } {
  if (!Object.prototype.hasOwnProperty.call(doc.tables, table)) throw new NotFoundError(`表格“${table}”不存在，可选：${Object.keys(doc.tables).join('、')}`);
  return { rows: doc.tables[table].rows, keyField: doc.tables[table].key };
}

const keyOf = (row: Record<string, unknown>, keyField: string) => String(row[keyField]);

/** Replaces the row whose key (the table's key column: a region's name, a category's id …) is `key`, or appends it. */
export function putTableRow(doc: RuleSetDocument, table: string, key: string, row: unknown): RuleSetDocument {
  const { keyField } = tableRows(doc, table);
  if (!row || typeof row !== 'object' || Array.isArray(row)) throw new InputError('请求数据有错误', [{ pointer: '', message: '表格行应为对象' }]);
  const given = (row as Record<string, unknown>)[keyField];
  if (given !== undefined && String(given) !== key) {
    throw new InputError('请求数据有错误', [{ pointer: `/${keyField}`, message: `与地址中的“${key}”不一致` }]);
  }
  const next = structuredClone(doc);
  const rows = tableRows(next, table).rows;
  const keyType = doc.tables[table].columns.find((c) => c.key === keyField)?.type;
  const value = { ...(row as Record<string, unknown>), [keyField]: given ?? (keyType === 'integer' || keyType === 'number' ? Number(key) : key) };
  const i = rows.findIndex((r) => keyOf(r, keyField) === key);
  if (i >= 0) rows[i] = value;
  else rows.push(value);
  return next;
}

export function addTableRow(doc: RuleSetDocument, table: string, row: unknown): RuleSetDocument {
  tableRows(doc, table);
  const next = structuredClone(doc);
  tableRows(next, table).rows.push(row as Record<string, unknown>);
  return next;
}

export function removeTableRow(doc: RuleSetDocument, table: string, key: string): RuleSetDocument {
  const { rows, keyField } = tableRows(doc, table);
  if (!rows.some((r) => keyOf(r, keyField) === key)) throw new NotFoundError(`表格“${table}”中没有“${key}”`);
  const next = structuredClone(doc);
  next.tables[table].rows = next.tables[table].rows.filter((r) => keyOf(r, keyField) !== key);
  return next;
}

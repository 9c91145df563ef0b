import { ConflictError, InputError, NotFoundError, pointer } from '../common/errors';
import { SUBJECT_KINDS, SUBJECT_LABELS } from '../subjects/subject-identity';
import { refuseWhileUsed, Usage } from './model-usage';
import { RuleSetDocument, TableColumn, TableDefinition, TableRow } from './rule-set.types';

/**
 * Pure edits of a draft's table definitions (the rows have their own edits in draft-edits.ts):
 * add a table with its columns, remove one nobody reads, add or remove a column. The whole
 * document is validated before anything is saved.
 */

/** Tables and columns every rule set has: the code reads them. */
const IDENTITY_COLUMNS: Record<string, string[]> = { regions: ['name', 'fullName'], categories: ['id', 'label'] };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function tableOf(doc: RuleSetDocument, name: string): TableDefinition {
  if (!Object.prototype.hasOwnProperty.call(doc.tables, name)) throw new NotFoundError(`表格“${name}”不存在，可选：${Object.keys(doc.tables).join('、')}`);
  return doc.tables[name];
}

/** Adds a table: { name, label, key, display?, columns, rows? }. */
export function addTable(doc: RuleSetDocument, body: unknown): RuleSetDocument {
  if (!isObject(body)) throw new InputError('请求数据有错误', [{ pointer: '', message: '表格定义应为对象' }]);
  const { name, ...table } = body;
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name)) {
    throw new InputError('请求数据有错误', [{ pointer: '/name', message: '表格标识应以英文字母开头，只含英文字母、数字和下划线（最长 64 个字符）' }]);
  }
  if (Object.prototype.hasOwnProperty.call(doc.tables, name)) throw new ConflictError(`已有表格“${name}”`, [{ pointer: '/name', message: '标识已被使用，请另取一个' }]);
  const next = structuredClone(doc);
  next.tables[name] = { rows: [], ...table } as unknown as TableDefinition;
  return next;
}

/** Who reads a table: fields (choices, suggestions), columns that reference it, expressions. */
function tableUsers(doc: RuleSetDocument, name: string): Usage[] {
  const users: Usage[] = [];
  for (const kind of SUBJECT_KINDS) {
    doc.model[kind].fields.forEach((f, i) => {
      if (f.table === name || f.suggestions === name) {
        const user = `${SUBJECT_LABELS[kind]}字段「${f.label}」`;
        users.push({ user, pointer: pointer('model', kind, 'fields', i, f.table === name ? 'table' : 'suggestions'), message: `${user}的选项来自它` });
      }
    });
  }
  for (const [other, t] of Object.entries(doc.tables)) {
    t.columns.forEach((c, i) => {
      if (other !== name && c.references?.table === name) users.push({ user: `表格「${t.label}」`, pointer: pointer('tables', other, 'columns', i), message: `表格「${t.label}」的“${c.label}”列引用它` });
    });
  }
  users.push(...expressionUsers(doc, (cel) => readsTable(cel, name)));
  return users;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function readsTable(cel: string, name: string): boolean {
  return new RegExp(`\\btables\\s*(\\.\\s*${escape(name)}\\b|\\[\\s*["']${escape(name)}["'])`).test(cel);
}

/** Derived facts and aggregates whose expression `reads`. */
function expressionUsers(doc: RuleSetDocument, reads: (cel: string) => boolean): Usage[] {
  const users: Usage[] = [];
  doc.facts.forEach((f, i) => {
    if (reads(f.cel)) users.push({ user: `派生事实「${f.label}」`, pointer: pointer('facts', i, 'cel'), message: `派生事实「${f.label}」的表达式读取它` });
  });
  doc.aggregates.forEach((a, i) => {
    if (reads(`${a.where ?? ''} ${a.sum ?? ''}`)) users.push({ user: `汇总事实「${a.label}」`, pointer: pointer('aggregates', i), message: `汇总事实「${a.label}」的表达式读取它` });
  });
  return users;
}

/**
 * Expressions that read a column: they name the table and the column (lookup(tables.x, …).col,
 * or "col" as a lookup's column). Rows come out of lookups untyped, so the type check alone
 * would let a column they read be removed and the fact silently become 未填写.
 */
function columnUsers(doc: RuleSetDocument, table: string, key: string): Usage[] {
  const column = new RegExp(`(\\.\\s*|["'])${escape(key)}\\b`);
  return expressionUsers(doc, (cel) => readsTable(cel, table) && column.test(cel));
}

export function removeTable(doc: RuleSetDocument, name: string): RuleSetDocument {
  const table = tableOf(doc, name);
  if (Object.hasOwn(IDENTITY_COLUMNS, name)) throw new ConflictError(`表格「${table.label}」是每个规则集都必须有的表格，不能删除`);
  refuseWhileUsed(`表格「${table.label}」（${name}）`, tableUsers(doc, name));
  const next = structuredClone(doc);
  delete next.tables[name];
  return next;
}

/** Adds a column; `before` (a column key) places it, else it goes last. */
export function addColumn(doc: RuleSetDocument, name: string, body: unknown): RuleSetDocument {
  const table = tableOf(doc, name);
  if (!isObject(body)) throw new InputError('请求数据有错误', [{ pointer: '', message: '列定义应为对象' }]);
  const { before, ...column } = body;
  if (table.columns.some((c) => c.key === column.key)) throw new ConflictError(`表格「${table.label}」已有列“${String(column.key)}”`, [{ pointer: '/key', message: '标识已被使用，请另取一个' }]);
  const at = before === undefined ? table.columns.length : table.columns.findIndex((c) => c.key === before);
  if (at < 0) throw new InputError('请求数据有错误', [{ pointer: '/before', message: `没有列“${String(before)}”` }]);
  const next = structuredClone(doc);
  next.tables[name].columns.splice(at, 0, column as unknown as TableColumn);
  return next;
}

function withoutColumn(row: TableRow, key: string): TableRow {
  const copy = structuredClone(row);
  const parts = key.split('.');
  const parent = parts.slice(0, -1).reduce<Record<string, unknown> | undefined>((o, p) => (isObject(o?.[p]) ? (o![p] as Record<string, unknown>) : undefined), copy);
  if (parent) delete parent[parts[parts.length - 1]];
  if (parts.length > 1 && isObject(copy[parts[0]]) && Object.keys(copy[parts[0]] as object).length === 0) delete copy[parts[0]];
  return copy;
}

/** Removes a column and its values; the key and display columns and identity columns stay. */
export function removeColumn(doc: RuleSetDocument, name: string, key: string): RuleSetDocument {
  const table = tableOf(doc, name);
  const column = table.columns.find((c) => c.key === key);
  if (!column) throw new NotFoundError(`表格「${table.label}」没有列“${key}”`);
  if (key === table.key || key === table.display || (Object.hasOwn(IDENTITY_COLUMNS, name) && IDENTITY_COLUMNS[name].includes(key))) {
    throw new ConflictError(`列“${column.label}”是表格「${table.label}」的${key === table.key ? '标识列' : key === table.display ? '显示列' : '必备列'}，不能删除`);
  }
  refuseWhileUsed(`列“${column.label}”（${key}）`, columnUsers(doc, name, key));
  const next = structuredClone(doc);
  next.tables[name].columns = table.columns.filter((c) => c.key !== key);
  next.tables[name].rows = table.rows.map((r) => withoutColumn(r, key));
  return next;
}

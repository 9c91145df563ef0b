import { ConflictError, InputError, NotFoundError, Problem } from '../common/errors';
import { SUBJECT_LABELS } from '../subjects/subject-identity';
import { FieldDefinition, FormSection, RuleSetDocument, SubjectKind, TableRow } from './rule-set.types';
import { fieldUsers, nameTaken, refuseWhileUsed, subjectKind } from './model-usage';

/**
 * Pure edits of a draft's model: the input fields of a subject kind and their form sections. Each
 * returns a new document; the caller validates the result as a whole before anything is saved.
 * A field's key is the name its values are stored under: no edit here ever changes it.
 */

const refuse = (problems: Problem[]) => new InputError('请求数据有错误', problems);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fieldIndex(doc: RuleSetDocument, kind: SubjectKind, key: string): number {
  const i = doc.model[kind].fields.findIndex((f) => f.key === key);
  if (i < 0) throw new NotFoundError(`${SUBJECT_LABELS[kind]}没有字段“${key}”`);
  return i;
}

const describe = (f: FieldDefinition) => `字段「${f.label}」（${f.key}）`;

/** Adds a field; `before` (a key) places it, else it goes last. */
export function addField(doc: RuleSetDocument, kindParam: string, body: unknown): RuleSetDocument {
  const kind = subjectKind(kindParam);
  if (!isObject(body)) throw refuse([{ pointer: '', message: '字段定义应为对象' }]);
  const { before, ...field } = body;
  const taken = typeof field.key === 'string' ? nameTaken(doc, kind, field.key) : null;
  if (taken) throw new ConflictError(`标识“${String(field.key)}”已被${SUBJECT_LABELS[kind]}的${taken}使用`, [{ pointer: '/key', message: '标识已被使用，请另取一个' }]);
  const next = structuredClone(doc);
  const fields = next.model[kind].fields;
  const at = before === undefined ? fields.length : typeof before === 'string' ? fields.findIndex((f) => f.key === before) : -1;
  if (at < 0) throw refuse([{ pointer: '/before', message: `没有字段“${String(before)}”` }]);
  fields.splice(at, 0, field as unknown as FieldDefinition);
  return next;
}

/** Replaces a field's definition (label, unit, section, required, bounds …); its key stays. */
export function changeField(doc: RuleSetDocument, kindParam: string, key: string, body: unknown): RuleSetDocument {
  const kind = subjectKind(kindParam);
  const i = fieldIndex(doc, kind, key);
  if (!isObject(body)) throw refuse([{ pointer: '', message: '字段定义应为对象' }]);
  if (body.key !== undefined && body.key !== key) {
    throw refuse([{ pointer: '/key', message: `字段标识不能修改（${key}）：它是已录入数据的存储名称。改名称只需修改 label` }]);
  }
  const next = structuredClone(doc);
  next.model[kind].fields[i] = { ...(body as unknown as FieldDefinition), key };
  return next;
}

/** Moves a field: { before: key } | { after: key } | { position: 0-based index }. */
export function moveField(doc: RuleSetDocument, kindParam: string, key: string, body: unknown): RuleSetDocument {
  const kind = subjectKind(kindParam);
  const i = fieldIndex(doc, kind, key);
  if (!isObject(body)) throw refuse([{ pointer: '', message: '应为 { before }、{ after } 或 { position }' }]);
  const given = (['before', 'after', 'position'] as const).filter((k) => body[k] !== undefined);
  const unknown = Object.keys(body).filter((k) => !['before', 'after', 'position'].includes(k));
  if (unknown.length > 0) throw refuse(unknown.map((k) => ({ pointer: `/${k}`, message: '不允许的字段（未知字段）' })));
  if (given.length !== 1) throw refuse([{ pointer: '', message: 'before（移到某字段之前）、after（之后）、position（位置，从 0 起）三者选一' }]);
  const next = structuredClone(doc);
  const fields = next.model[kind].fields;
  const [field] = fields.splice(i, 1);
  let to: number;
  if (given[0] === 'position') {
    const p = body.position;
    if (!Number.isInteger(p) || (p as number) < 0 || (p as number) > fields.length) throw refuse([{ pointer: '/position', message: `应为 0 到 ${fields.length} 之间的整数` }]);
    to = p as number;
  } else {
    const other = body[given[0]];
    const j = fields.findIndex((f) => f.key === other);
    if (j < 0 || other === key) throw refuse([{ pointer: `/${given[0]}`, message: `没有另一个字段“${String(other)}”` }]);
    to = given[0] === 'before' ? j : j + 1;
  }
  fields.splice(to, 0, field);
  return next;
}

function withoutValue(record: unknown, key: string): unknown {
  if (!isObject(record)) return record;
  const copy = structuredClone(record);
  const parts = key.split('.');
  const parents: Record<string, unknown>[] = [copy];
  for (const part of parts.slice(0, -1)) {
    const child = parents[parents.length - 1][part];
    if (!isObject(child)) return copy;
    parents.push(child);
  }
  delete parents[parents.length - 1][parts[parts.length - 1]];
  // An object left empty by the removal goes too (contact: {} after contact.name).
  for (let d = parents.length - 1; d > 0; d--) {
    if (Object.keys(parents[d]).length === 0) delete parents[d - 1][parts[d - 1]];
  }
  return copy;
}

/**
 * Removes a field. Refused (409) while a rule, message, derived fact, aggregate, report or table
 * reads it, naming each. The fixture tests' subjects lose their value of it: the field no longer
 * exists, and a test still filling it in could not run.
 */
export function removeField(doc: RuleSetDocument, kindParam: string, key: string): RuleSetDocument {
  const kind = subjectKind(kindParam);
  const i = fieldIndex(doc, kind, key);
  refuseWhileUsed(describe(doc.model[kind].fields[i]), fieldUsers(doc, kind, key));
  const next = structuredClone(doc);
  next.model[kind].fields.splice(i, 1);
  const list = kind === 'project' ? 'projects' : kind === 'region' ? 'regions' : null;
  if (list) {
    for (const t of next.tests) {
      if (t[list]) t[list] = (t[list] as TableRow[]).map((s) => withoutValue(s, key));
    }
  }
  return next;
}

/**
 * Replaces the form sections of a subject kind (add, rename, reorder, remove). A section that
 * fields are still placed in cannot be removed; they are named.
 */
export function putSections(doc: RuleSetDocument, kindParam: string, body: unknown): RuleSetDocument {
  const kind = subjectKind(kindParam);
  const sections = isObject(body) ? body.sections : body;
  if (!Array.isArray(sections)) throw refuse([{ pointer: '/sections', message: '应为分组列表 [{ id, label }]' }]);
  const ids = new Set(sections.map((s) => (isObject(s) ? s.id : undefined)));
  const orphans = doc.model[kind].fields.filter((f) => f.section && !ids.has(f.section));
  if (orphans.length > 0) {
    const gone = [...new Set(orphans.map((f) => f.section!))].map((id) => doc.model[kind].sections.find((s) => s.id === id)?.label ?? id);
    throw new ConflictError(
      `分组「${gone.join('」、「')}」中还有字段，不能删除：${orphans.map((f) => `「${f.label}」`).join('、')}。请先把这些字段移到其他分组或删除`,
      orphans.map((f) => ({ pointer: `/model/${kind}/fields/${doc.model[kind].fields.indexOf(f)}/section`, message: `字段「${f.label}」在该分组中` })),
    );
  }
  const next = structuredClone(doc);
  next.model[kind].sections = sections as FormSection[];
  return next;
}

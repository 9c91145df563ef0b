import { ValidateFunction } from 'ajv';
import { toShanghaiDate } from '../common/dates';
import { InputError, pointerSegment, Problem } from '../common/errors';
import { compileSchema, describeSchemaErrors } from '../common/json-validator';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { FieldDefinition, SubjectKind } from '../rule-sets/rule-set.types';
import { setValueAt, valueAt } from './field-values';
import { SubjectRecord } from './subject-identity';
import { subjectSchema } from './subject-schema';

const KIND_WORDS: Record<SubjectKind, string> = { project: '项目数据', region: '市州进度数据', province: '全省数据' };

const validators = new WeakMap<RuleSetIndex, Map<SubjectKind, ValidateFunction>>();

function validatorFor(index: RuleSetIndex, kind: SubjectKind): ValidateFunction {
  let byKind = validators.get(index);
  if (!byKind) validators.set(index, (byKind = new Map()));
  let validate = byKind.get(kind);
  if (!validate) byKind.set(kind, (validate = compileSchema(subjectSchema(index, kind))));
  return validate;
}

function keyPointer(key: string): string {
  return key.split('.').map((p) => '/' + pointerSegment(p)).join('');
}

const isText = (v: unknown): v is string => typeof v === 'string';

/** Problems of the values a schema cannot judge: choices from the rule set's tables, real dates, unique row keys. */
function fieldProblems(fields: FieldDefinition[], values: unknown, at: string, index: RuleSetIndex): Problem[] {
  const problems: Problem[] = [];
  for (const f of fields) {
    const value = valueAt(values, f.key);
    if (value === null || value === undefined || f.type === 'text' || f.type === 'integer' || f.type === 'amount' || f.type === 'number' || f.type === 'boolean') continue;
    const where = at + keyPointer(f.key);
    if (f.type === 'choice' && isText(value) && value && f.table && !index.row(f.table, value)) {
      problems.push({ pointer: where, message: `未知的${f.label}“${value}”，可选：${index.describeChoices(f.table)}` });
    }
    if (f.type === 'multiChoice' && Array.isArray(value) && f.table) {
      value.forEach((item, i) => {
        if (isText(item) && !index.row(f.table!, item)) {
          problems.push({ pointer: `${where}/${i}`, message: `未知的${f.label}“${item}”，可选：${index.describeChoices(f.table!)}` });
        }
      });
    }
    if (f.type === 'date' && isText(value) && value && !toShanghaiDate(value.trim())) {
      problems.push({ pointer: where, message: `日期“${value}”无效，应为 YYYY-MM-DD 格式的真实日期` });
    }
    if (f.type === 'rows' && Array.isArray(value)) {
      const seen = new Set<string>();
      const keyLabel = f.fields?.find((r) => r.key === f.rowKey)?.label ?? f.rowKey;
      value.forEach((row, i) => {
        if (!row || typeof row !== 'object') return;
        problems.push(...fieldProblems(f.fields ?? [], row, `${where}/${i}`, index));
        const key = f.rowKey ? valueAt(row, f.rowKey) : undefined;
        if (!isText(key)) return;
        const name = key.trim();
        if (seen.has(name)) problems.push({ pointer: `${where}/${i}${keyPointer(f.rowKey!)}`, message: `${keyLabel}“${name}”重复` });
        seen.add(name);
      });
    }
  }
  return problems;
}

function identityProblems(kind: SubjectKind, s: SubjectRecord, index: RuleSetIndex): Problem[] {
  const problems: Problem[] = [];
  if (kind !== 'province' && isText(s.region) && !index.region(s.region)) {
    problems.push({ pointer: '/region', message: `未知的市州“${s.region}”，可选：${index.regionNames().join('、')}` });
  }
  if (kind === 'project' && isText(s.category) && !index.category(s.category)) {
    problems.push({ pointer: '/category', message: `未知的项目类别“${s.category}”，可选：${index.describeChoices('categories')}` });
  }
  if (kind === 'project' && isText(s.name) && !s.name.trim()) problems.push({ pointer: '/name', message: '不能为空' });
  return problems;
}

/**
 * Every problem of a subject body against the rule set of its year, each with its JSON pointer:
 * the schema generated from the declared fields first (types, bounds, unknown fields), then the
 * checks against the rule set's tables on every field whose type is right.
 */
export function subjectProblems(kind: SubjectKind, input: unknown, index: RuleSetIndex): Problem[] {
  const validate = validatorFor(index, kind);
  const problems = validate(input) ? [] : describeSchemaErrors(validate.errors);
  if (!input || typeof input !== 'object' || Array.isArray(input)) return problems;
  const flagged = new Set(problems.map((p) => p.pointer));
  const domain = [...identityProblems(kind, input as SubjectRecord, index), ...fieldProblems(index.fields(kind), input, '', index)];
  return [...problems, ...domain.filter((d) => !flagged.has(d.pointer))];
}

function trimAll<T>(value: T): T {
  if (typeof value === 'string') return value.trim() as T;
  if (Array.isArray(value)) return value.map(trimAll) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimAll(v)])) as T;
  return value;
}

function normaliseDates(fields: FieldDefinition[], record: Record<string, unknown>): void {
  for (const f of fields) {
    const value = valueAt(record, f.key);
    if (f.type === 'date' && isText(value) && value) setValueAt(record, f.key, toShanghaiDate(value));
    if (f.type === 'rows' && Array.isArray(value)) for (const row of value) if (row && typeof row === 'object') normaliseDates(f.fields ?? [], row);
  }
}

/**
 * Checks a subject body and returns it normalised: text trimmed, the region as its short name,
 * dates as Shanghai calendar dates. `prefix` locates the subject inside a larger document.
 */
export function parseSubject(kind: SubjectKind, input: unknown, index: RuleSetIndex, prefix = ''): SubjectRecord {
  const problems = subjectProblems(kind, input, index);
  if (problems.length > 0) {
    throw new InputError(`${KIND_WORDS[kind]}有 ${problems.length} 处错误`, problems.map((p) => ({ ...p, pointer: prefix + p.pointer })));
  }
  const record = trimAll(input) as SubjectRecord;
  if (kind !== 'province') record.region = index.region(String(record.region))!.name;
  normaliseDates(index.fields(kind), record);
  return record;
}

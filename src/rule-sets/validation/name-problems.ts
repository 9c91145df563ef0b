import { pointer, Problem } from '../../common/errors';
import { SUBJECT_KINDS } from '../../subjects/subject-identity';
import { FieldDefinition, RuleSetDocument } from '../rule-set.types';

/**
 * Names every JavaScript object already has (toString, valueOf, hasOwnProperty …). A table, field,
 * column, parameter or fact called so is found on any plain object that is looked up by name: a
 * table named toString crashed validation itself, a field named so made every project unreadable.
 */
const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export function reservedNameProblems(doc: RuleSetDocument): Problem[] {
  const problems: Problem[] = [];
  const check = (name: unknown, at: string) => {
    const hit = typeof name === 'string' ? name.split('.').find((segment) => RESERVED.has(segment)) : undefined;
    if (hit) problems.push({ pointer: at, message: `“${hit}”是系统保留的名称，不能用作标识，请另取一个` });
  };
  const fields = (list: FieldDefinition[], at: (string | number)[]) =>
    list.forEach((f, i) => {
      check(f.key, pointer(...at, i, 'key'));
      fields(f.fields ?? [], [...at, i, 'fields']);
    });
  for (const [name, table] of Object.entries(doc.tables)) {
    check(name, pointer('tables', name));
    table.columns.forEach((c, i) => check(c.key, pointer('tables', name, 'columns', i, 'key')));
  }
  doc.parameters.forEach((p, i) => check(p.name, pointer('parameters', i, 'name')));
  for (const kind of SUBJECT_KINDS) fields(doc.model[kind]?.fields ?? [], ['model', kind, 'fields']);
  doc.facts.forEach((f, i) => check(f.name, pointer('facts', i, 'name')));
  doc.aggregates.forEach((a, i) => check(a.name, pointer('aggregates', i, 'name')));
  return problems;
}

import { ConflictError, InputError, NotFoundError } from '../common/errors';
import { SUBJECT_LABELS } from '../subjects/subject-identity';
import { factUsers, nameTaken, refuseWhileUsed, subjectKind } from './model-usage';
import { DerivedFact, RuleSetDocument, SubjectKind } from './rule-set.types';

/**
 * Pure edits of a draft's derived facts. A fact's subject and name are what rules and messages
 * read, so neither changes here; the CEL is checked with the whole document before it is saved
 * (400 with the pointer /facts/<i>/cel and the reason in Chinese).
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function factIndex(doc: RuleSetDocument, kind: SubjectKind, name: string): number {
  const i = doc.facts.findIndex((f) => f.subject === kind && f.name === name);
  if (i < 0) throw new NotFoundError(`${SUBJECT_LABELS[kind]}没有派生事实“${name}”`);
  return i;
}

export function addFact(doc: RuleSetDocument, body: unknown): RuleSetDocument {
  if (!isObject(body)) throw new InputError('请求数据有错误', [{ pointer: '', message: '派生事实应为对象' }]);
  if (typeof body.subject === 'string' && typeof body.name === 'string') {
    const taken = nameTaken(doc, subjectKind(body.subject), body.name);
    if (taken) throw new ConflictError(`名称“${body.name}”已被${taken}使用`, [{ pointer: '/name', message: '请另取一个名称' }]);
  }
  const next = structuredClone(doc);
  next.facts.push(body as unknown as DerivedFact);
  return next;
}

/** Replaces a fact's label, type, unit, expression or note; subject and name stay. */
export function changeFact(doc: RuleSetDocument, kindParam: string, name: string, body: unknown): RuleSetDocument {
  const kind = subjectKind(kindParam);
  const i = factIndex(doc, kind, name);
  if (!isObject(body)) throw new InputError('请求数据有错误', [{ pointer: '', message: '派生事实应为对象' }]);
  for (const [prop, now] of [['name', name], ['subject', kind]] as const) {
    if (body[prop] !== undefined && body[prop] !== now) {
      throw new InputError('请求数据有错误', [{ pointer: `/${prop}`, message: `派生事实的${prop === 'name' ? '名称' : '对象'}不能修改（${now}）：规则和提示语按它读取。需要时请新增一个事实` }]);
    }
  }
  const next = structuredClone(doc);
  next.facts[i] = { ...(body as unknown as DerivedFact), name, subject: kind };
  return next;
}

/** Removes a fact; refused (409) while a rule, message, report or other fact reads it, naming them. */
export function removeFact(doc: RuleSetDocument, kindParam: string, name: string): RuleSetDocument {
  const kind = subjectKind(kindParam);
  const i = factIndex(doc, kind, name);
  refuseWhileUsed(`派生事实「${doc.facts[i].label}」（${name}）`, factUsers(doc, kind, name));
  const next = structuredClone(doc);
  next.facts.splice(i, 1);
  return next;
}

import { InputError, Problem } from '../common/errors';
import { CEL_MAX_LENGTH } from '../evaluation/cel/cel-engine';
import { SUBJECT_KINDS } from '../subjects/subject-identity';
import { FactType, RuleSetDocument, Stage, SubjectKind } from './rule-set.types';
import { factProblems } from './validation/fact-problems';
import { ValidationContext } from './validation/validation-context';

/**
 * The expression editor's check: a derived fact's CEL, as typed, against the draft's
 * declarations — parsed, type-checked, its names and parameters known, no cycle, its result of
 * the declared type. The same checks as saving the fact runs, answered without saving.
 */

export const FACT_TYPES: FactType[] = ['text', 'integer', 'amount', 'number', 'date', 'boolean', 'list'];

export interface ExpressionRequest {
  subject: SubjectKind;
  cel: string;
  type?: FactType;
  /** The fact being edited (its other facts may read it; a cycle through it is refused). */
  name?: string;
  stage?: Stage | 'progress';
  /** The record to preview against: a stored project, a stored region record, a fixture subject, or one given here. */
  projectId?: string;
  region?: { name: string; year: number };
  year?: number;
  fixture?: { test: string; index: number };
  record?: Record<string, unknown>;
}

export interface ExpressionCheck {
  ok: boolean;
  /** The CEL type of the result (string, bool, list<string>, double, dyn …). */
  type?: string;
  /** The fact type the result fits: what the editor proposes when none was chosen. */
  factType?: FactType;
  error?: { message: string; position?: number };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const KNOWN = ['subject', 'cel', 'type', 'name', 'stage', 'projectId', 'region', 'year', 'fixture', 'record'];

/** The request body, checked: 400 with a pointer per bad part. */
export function parseExpressionRequest(body: unknown): ExpressionRequest {
  if (!isObject(body)) throw new InputError('请求数据有错误', [{ pointer: '', message: '应为对象 { subject, cel, … }' }]);
  const problems: Problem[] = Object.keys(body).filter((k) => !KNOWN.includes(k)).map((k) => ({ pointer: `/${k}`, message: '不允许的字段（未知字段）' }));
  if (!(SUBJECT_KINDS as unknown[]).includes(body.subject)) problems.push({ pointer: '/subject', message: `应为 ${SUBJECT_KINDS.join('、')} 之一` });
  if (typeof body.cel !== 'string') problems.push({ pointer: '/cel', message: '应为表达式文本' });
  if (body.type !== undefined && !(FACT_TYPES as unknown[]).includes(body.type)) problems.push({ pointer: '/type', message: `应为 ${FACT_TYPES.join('、')} 之一` });
  if (body.name !== undefined && typeof body.name !== 'string') problems.push({ pointer: '/name', message: '应为文本' });
  if (body.stage !== undefined && !['application', 'acceptance', 'progress'].includes(body.stage as string)) problems.push({ pointer: '/stage', message: '应为 application、acceptance 或 progress' });
  if (body.projectId !== undefined && typeof body.projectId !== 'string') problems.push({ pointer: '/projectId', message: '应为项目编号' });
  if (body.region !== undefined && !(isObject(body.region) && typeof body.region.name === 'string' && Number.isInteger(body.region.year))) {
    problems.push({ pointer: '/region', message: '应为 { name: 市州, year: 年度 }' });
  }
  if (body.year !== undefined && !Number.isInteger(body.year)) problems.push({ pointer: '/year', message: '应为年度（整数）' });
  if (body.fixture !== undefined && !(isObject(body.fixture) && typeof body.fixture.test === 'string' && Number.isInteger(body.fixture.index))) {
    problems.push({ pointer: '/fixture', message: '应为 { test: 测试用例名称, index: 第几个对象（从 0 起） }' });
  }
  if (body.record !== undefined && !isObject(body.record)) problems.push({ pointer: '/record', message: '应为对象' });
  if (problems.length > 0) throw new InputError('请求数据有错误', problems);
  return body as unknown as ExpressionRequest;
}

/** The fact type a CEL result type fits, when it says (dyn: any number or value, undecided). */
function factTypeOf(celType: string): FactType | undefined {
  if (celType === 'bool') return 'boolean';
  if (celType === 'string') return 'text';
  if (['int', 'uint', 'double'].includes(celType)) return 'number';
  if (celType.startsWith('list')) return 'list';
  return undefined;
}

/** A name no fact of the subject has, for checking an expression not yet named. */
function freeName(doc: RuleSetDocument, kind: SubjectKind): string {
  const taken = new Set(doc.facts.filter((f) => f.subject === kind).map((f) => f.name.split('.')[0]));
  let ns = 'expression';
  for (let i = 2; taken.has(ns); i++) ns = `expression${i}`;
  return `${ns}.preview`;
}

/** The draft with the expression in place: the edited fact's CEL replaced, or a new fact added. */
export function withExpression(doc: RuleSetDocument, req: ExpressionRequest, type?: FactType): { doc: RuleSetDocument; name: string; index: number } {
  const next = structuredClone(doc);
  const name = req.name ?? freeName(doc, req.subject);
  let index = next.facts.findIndex((f) => f.subject === req.subject && f.name === name);
  if (index >= 0) next.facts[index] = { ...next.facts[index], cel: req.cel, type: type ?? next.facts[index].type };
  else index = next.facts.push({ name, subject: req.subject, label: '（正在编辑的表达式）', type: type ?? 'number', cel: req.cel }) - 1;
  return { doc: next, name, index };
}

/** Checks the expression; on success also returns the draft with it in place, for a preview. */
export function checkExpression(doc: RuleSetDocument, req: ExpressionRequest): { check: ExpressionCheck; candidate?: { doc: RuleSetDocument; name: string; type: FactType } } {
  if (req.cel.trim() === '') return { check: { ok: false, error: { message: '请填写表达式' } } };
  if (req.cel.length > CEL_MAX_LENGTH) return { check: { ok: false, error: { message: `表达式过长（最多 ${CEL_MAX_LENGTH} 个字符）`, position: CEL_MAX_LENGTH } } };
  // First as it stands (its type not yet decided): parse and type-check, with the position of a mistake.
  const loose = withExpression(doc, req, req.type);
  const env = new ValidationContext(loose.doc, 2).env(req.subject);
  if (!env) return { check: { ok: false, error: { message: '无法检查表达式：字段、表格或事实的声明有误，请先改正' } } };
  const checked = env.check(req.cel);
  if (!checked.ok) return { check: { ok: false, error: { message: checked.problem.message, position: checked.problem.position } } };
  const factType = req.type ?? factTypeOf(checked.type) ?? 'number';
  // Then as the fact it would be saved as: names, parameters, result type, cycles.
  const candidate = withExpression(doc, req, factType);
  const prefix = `/facts/${candidate.index}/`;
  // A cycle is reported at one of its facts, not necessarily this one.
  const problem = factProblems(new ValidationContext(candidate.doc, 2)).find(
    (p) => p.pointer.startsWith(prefix) || (p.message.startsWith('派生事实循环引用') && p.message.split(/[：→ ]+/).includes(candidate.name)),
  );
  if (problem) return { check: { ok: false, type: checked.type, factType, error: { message: problem.message } } };
  return { check: { ok: true, type: checked.type, factType }, candidate: { doc: candidate.doc, name: candidate.name, type: factType } };
}

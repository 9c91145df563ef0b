import { ConflictError, InputError, NotFoundError, Problem } from '../common/errors';
import { refuseWhileUsed } from './model-usage';
import { parameterUsers } from './parameter-usage';
import { parameterProblems } from './rule-set-validator';
import { Parameter, ParameterType, RuleSetDocument } from './rule-set.types';

/**
 * Adding and removing a parameter of a draft (changing one is setParameter in draft-edits.ts).
 * Pure: each returns a new document; problems name the request's own fields (/name, /value), and
 * the whole document is validated again before anything is saved.
 */

const FIELDS = ['name', 'label', 'type', 'value', 'unit', 'clause', 'note', 'assumption'] as const;
const TYPES: ParameterType[] = ['amount', 'integer', 'number', 'date', 'text', 'boolean'];
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** Words of the expression language: `param.in` would not even parse. */
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function textProblem(body: Record<string, unknown>, key: string, max: number, required: boolean): Problem | null {
  const v = body[key];
  if (v === undefined && !required) return null;
  if (typeof v !== 'string' || (required && v.trim() === '')) return { pointer: `/${key}`, message: required ? '请填写' : '应为文本' };
  return v.length > max ? { pointer: `/${key}`, message: `最多 ${max} 个字` } : null;
}

function nameProblem(name: unknown): Problem | null {
  if (typeof name !== 'string' || name === '') return { pointer: '/name', message: '请填写参数名：规则和表达式以 param.参数名 引用它' };
  if (!NAME.test(name)) return { pointer: '/name', message: '参数名以英文字母开头，只含英文字母、数字和下划线（最长 64 个字符），如 capChain' };
  if (RESERVED.has(name)) return { pointer: '/name', message: `“${name}”是表达式语言的保留字，请另取一个` };
  return null;
}

/** Adds a parameter: { name, label, type, value, unit?, clause?, note?, assumption? }; amounts in 元. */
export function addParameter(doc: RuleSetDocument, body: unknown): RuleSetDocument {
  if (!isObject(body)) throw new InputError('请求数据有错误', [{ pointer: '', message: '参数应为对象' }]);
  const unknown = Object.keys(body).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new InputError('请求数据有错误', unknown.map((k) => ({ pointer: `/${k}`, message: '不允许的字段（未知字段）' })));
  const taken = typeof body.name === 'string' ? doc.parameters.find((p) => p.name === body.name) : undefined;
  if (taken) throw new ConflictError(`参数名“${taken.name}”已被参数「${taken.label}」使用`, [{ pointer: '/name', message: '参数名已被使用，请另取一个' }]);
  const type = body.type as ParameterType;
  const problems = [
    nameProblem(body.name),
    textProblem(body, 'label', 2000, true),
    TYPES.includes(type) ? null : { pointer: '/type', message: '请选择类型：金额、整数、数字、日期、文本或是否' },
    textProblem(body, 'unit', 20, false),
    textProblem(body, 'clause', 50, false),
    textProblem(body, 'note', 2000, false),
    body.assumption === undefined || typeof body.assumption === 'boolean' ? null : { pointer: '/assumption', message: '应为 true 或 false' },
    type === 'amount' && body.unit !== undefined && body.unit !== '元' ? { pointer: '/unit', message: '金额以元保存、按万元填写，单位不用另填' } : null,
  ].filter((p): p is Problem => p !== null);
  const parameter = {
    name: body.name, label: typeof body.label === 'string' ? body.label.trim() : body.label, type, value: body.value,
    ...(type === 'amount' ? { unit: '元' } : body.unit ? { unit: body.unit } : {}),
    clause: body.clause ?? '',
    ...(body.note ? { note: body.note } : {}),
    ...(body.assumption !== undefined ? { assumption: body.assumption } : {}),
  } as Parameter;
  if (body.value === undefined || body.value === null || body.value === '') problems.push({ pointer: '/value', message: '请填写参数的值' });
  else if (TYPES.includes(type)) problems.push(...parameterProblems(parameter, 0).map((p) => ({ ...p, pointer: '/value' })));
  if (problems.length > 0) throw new InputError('参数未添加：有需要修改的内容', problems);
  const next = structuredClone(doc);
  next.parameters.push(parameter);
  return next;
}

/** Removes a parameter nothing reads; otherwise 409 naming every rule, fact, table and report that does. */
export function removeParameter(doc: RuleSetDocument, name: string): RuleSetDocument {
  const parameter = doc.parameters.find((p) => p.name === name);
  if (!parameter) throw new NotFoundError(`参数“${name}”不存在`);
  refuseWhileUsed(`参数「${parameter.label}」（${name}）`, parameterUsers(doc, name));
  const next = structuredClone(doc);
  next.parameters = next.parameters.filter((p) => p.name !== name);
  return next;
}

import { pointer, Problem } from '../../common/errors';
import { CelEnvironment } from '../../evaluation/cel/cel-engine';
import { RESERVED_NAMESPACES } from '../../evaluation/fact-catalogue';
import { factReferences, orderFacts } from '../../evaluation/fact-program';
import { IDENTITY, SUBJECT_KINDS, SUBJECT_LABELS } from '../../subjects/subject-identity';
import { FactType, SubjectKind } from '../rule-set.types';
import { celMessage, ValidationContext } from './validation-context';

const FACT_TYPE_WORDS: Record<FactType, string> = {
  text: '文本', integer: '整数', amount: '金额', number: '数字', date: '日期', boolean: '是/否', list: '列表',
};

/** A checked CEL type in the words of the declared types: bool → 是/否, list<string> → 列表. */
function celTypeWords(celType: string): string {
  if (['int', 'uint', 'double'].includes(celType)) return '数字';
  if (celType === 'bool') return FACT_TYPE_WORDS.boolean;
  if (celType === 'string') return FACT_TYPE_WORDS.text;
  if (celType.startsWith('list')) return FACT_TYPE_WORDS.list;
  return celType;
}

/** Whether a checked CEL type can hold a fact of the declared type (dyn can hold anything). */
function typeFits(celType: string, declared: FactType): boolean {
  if (celType === 'dyn') return true;
  switch (declared) {
    case 'integer':
    case 'amount':
    case 'number': return ['int', 'uint', 'double'].includes(celType);
    case 'boolean': return celType === 'bool';
    case 'list': return celType.startsWith('list');
    default: return celType === 'string';
  }
}

function nameProblems(ctx: ValidationContext, kind: SubjectKind, name: string, at: string, own: 'derived' | 'aggregate'): Problem[] {
  const [ns, ...rest] = name.split('.');
  if (rest.length === 0) return [{ pointer: at, message: `名称应为“分组.名称”形式，如 region.quota` }];
  if (RESERVED_NAMESPACES.includes(ns)) return [{ pointer: at, message: `名称不能以“${ns}”开头（表达式的保留名称：${RESERVED_NAMESPACES.join('、')}）` }];
  const problems: Problem[] = [];
  if (IDENTITY[kind].some((f) => f.fact === name) || ctx.index.field(kind, name)) {
    problems.push({ pointer: at, message: `“${name}”已是${SUBJECT_LABELS[kind]}的字段，派生事实请另取名称` });
  }
  const clash = [...ctx.doc.facts.filter((f) => f.subject === kind).map((f) => f.name), ...ctx.doc.aggregates.filter((a) => a.subject === kind).map((a) => a.name)];
  if (own === 'aggregate' && ctx.doc.facts.some((f) => f.subject === kind && f.name === name)) problems.push({ pointer: at, message: `“${name}”已是派生事实的名称` });
  const nonInput = [...clash, ...IDENTITY[kind].map((f) => f.fact)];
  const other = nonInput.find((o) => o !== name && (name.startsWith(o + '.') || o.startsWith(name + '.')));
  if (other) problems.push({ pointer: at, message: `名称“${name}”与“${other}”冲突：一个名称不能既是值又是分组` });
  return problems;
}

function expressionProblems(ctx: ValidationContext, env: CelEnvironment | null, text: string, at: string, declared?: FactType): Problem[] {
  if (!env) return [{ pointer: at, message: '无法检查表达式：字段、表格或事实的声明有误，请先改正' }];
  const checked = env.check(text);
  if (!checked.ok) return [{ pointer: at, message: celMessage(checked.problem) }];
  const missing = ctx.paramReferences(env, text).filter((p) => !ctx.params.has(p));
  if (missing.length > 0) return [{ pointer: at, message: `引用了不存在的参数“${missing[0]}”` }];
  if (declared && !typeFits(checked.type, declared)) {
    return [{ pointer: at, message: `表达式的结果为“${celTypeWords(checked.type)}”，与声明的类型（${FACT_TYPE_WORDS[declared]}）不符` }];
  }
  return [];
}

/** Derived facts (names, CEL, result types, cycles) and aggregates (grouping, where, sum). */
export function factProblems(ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  const doc = ctx.doc;
  const seen = new Map<string, number>();
  doc.facts.forEach((f, i) => {
    const at = (...rest: string[]) => pointer('facts', i, ...rest);
    const key = `${f.subject}|${f.name}`;
    if (seen.has(key)) problems.push({ pointer: at('name'), message: `派生事实“${f.name}”重复（与第 ${seen.get(key)! + 1} 项相同）` });
    else seen.set(key, i);
    problems.push(...nameProblems(ctx, f.subject, f.name, at('name'), 'derived'));
    problems.push(...expressionProblems(ctx, ctx.env(f.subject), f.cel, at('cel'), f.type));
  });
  for (const kind of SUBJECT_KINDS) {
    const env = ctx.env(kind);
    const derived = doc.facts.filter((f) => f.subject === kind);
    if (!env || derived.length === 0) continue;
    const namespaces = new Set(derived.map((f) => f.name.split('.')[0]));
    const reads = new Map<string, string[]>();
    for (const f of derived) {
      if (!env.check(f.cel).ok) continue;
      reads.set(f.name, factReferences(env, f.cel, namespaces, (n) => ctx.catalogue.has(kind, n)));
    }
    const ordered = orderFacts(derived, reads);
    if ('cycle' in ordered) {
      const i = doc.facts.findIndex((f) => f.subject === kind && f.name === ordered.cycle[0]);
      problems.push({ pointer: pointer('facts', i, 'cel'), message: `派生事实循环引用：${ordered.cycle.join(' → ')}` });
    }
  }
  doc.aggregates.forEach((a, i) => {
    const at = (...rest: string[]) => pointer('aggregates', i, ...rest);
    problems.push(...nameProblems(ctx, a.subject, a.name, at('name'), 'aggregate'));
    if (doc.aggregates.findIndex((b) => b.subject === a.subject && b.name === a.name) < i) problems.push({ pointer: at('name'), message: `汇总事实“${a.name}”重复` });
    const readerKeys = new Set(IDENTITY[a.subject].map((f) => f.key));
    a.groupBy.forEach((g, j) => {
      if (!readerKeys.has(g)) problems.push({ pointer: at('groupBy', String(j)), message: `${SUBJECT_LABELS[a.subject]}没有“${g}”，不能按它分组` });
    });
    if (Boolean(a.count) === Boolean(a.sum)) problems.push({ pointer: at(a.sum ? 'sum' : 'count'), message: 'count（计数）与 sum（求和）应二选一' });
    const env = ctx.memberEnv(a.over);
    if (a.where) problems.push(...expressionProblems(ctx, env, a.where, at('where'), 'boolean'));
    if (a.sum) problems.push(...expressionProblems(ctx, env, a.sum, at('sum'), 'number'));
  });
  return problems;
}

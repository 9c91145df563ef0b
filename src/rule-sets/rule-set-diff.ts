import { formatChineseDate } from '../common/dates';
import { formatWan } from '../common/money';
import { leafConditions } from '../evaluation/rules-engine';
import { canonicalJson } from './rule-set-hash';
import { ConditionNode, FieldDefinition, Parameter, RuleDefinition, RuleSetDocument, SubjectKind, TableRow } from './rule-set.types';
import { SUBJECT_KINDS, SUBJECT_LABELS } from '../subjects/subject-identity';

export type ChangeKind = 'meta' | 'parameter' | 'rule' | 'table' | 'field' | 'fact' | 'aggregate' | 'report' | 'scoring' | 'test';

export interface Change {
  kind: ChangeKind;
  change: 'added' | 'removed' | 'changed';
  key: string;
  field?: string;
  from?: unknown;
  to?: unknown;
  /** One line a policy officer reads: 新项目省级资金上限：25万元 → 30万元 */
  text: string;
}

const RULE_FIELDS: [string, string][] = [
  ['title', '标题'], ['clause', '条款'], ['category', '分类'], ['subject', '对象'], ['stage', '阶段'], ['appliesTo', '适用类别'],
  ['severity', '严重程度'], ['points', '分值'], ['requirement', '要求'], ['messages.pass', '符合时提示'], ['messages.fail', '不符合时提示'],
  ['messages.missing', '未填写时提示'], ['note', '备注'],
];

const META_FIELDS: [keyof RuleSetDocument, string][] = [
  ['id', '标识'], ['title', '名称'], ['noticeTitle', '通知标题'], ['issuer', '发文机关'], ['documentNumber', '文号'], ['documentDate', '成文日期'], ['year', '年度'],
  ['messageSyntax', '提示语写法'],
];

const OPERATOR_SIGNS: Record<string, string> = {
  equal: '=', notEqual: '≠', lessThan: '<', lessThanInclusive: '≤', greaterThan: '>', greaterThanInclusive: '≥',
  in: '属于', notIn: '不属于', contains: '包含', doesNotContain: '不包含', dateOnOrBefore: '不晚于', dateOnOrAfter: '不早于',
};

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const show = (v: unknown) => (v === undefined ? '（无）' : typeof v === 'string' ? v : JSON.stringify(v));

function parameterValue(p: Parameter): string {
  if (p.type === 'amount' && typeof p.value === 'number') return formatWan(p.value);
  if (p.type === 'date' && typeof p.value === 'string') return formatChineseDate(p.value);
  return `${show(p.value)}${p.unit && p.type !== 'amount' ? p.unit : ''}`;
}

function valueAt(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function describeLeaf(leaf: Extract<ConditionNode, { fact: string }>): string {
  const v = leaf.value as { fact?: string } | unknown;
  const value = v && typeof v === 'object' && 'fact' in (v as object) ? (v as { fact: string }).fact : show(v);
  return `${leaf.fact} ${OPERATOR_SIGNS[leaf.operator] ?? leaf.operator} ${value}`;
}

function conditionChanges(rule: RuleDefinition, a: ConditionNode, b: ConditionNode): Change[] {
  const before = new Map(leafConditions(a).map((l) => [l.pointer, describeLeaf(l.leaf)]));
  const after = new Map(leafConditions(b).map((l) => [l.pointer, describeLeaf(l.leaf)]));
  const changes: Change[] = [];
  for (const pointer of new Set([...before.keys(), ...after.keys()])) {
    const from = before.get(pointer);
    const to = after.get(pointer);
    if (from === to) continue;
    const where = `规则 ${rule.id}「${rule.title}」的条件 ${pointer}`;
    const change = from === undefined ? 'added' : to === undefined ? 'removed' : 'changed';
    const text = change === 'added' ? `${where}：新增 ${to}` : change === 'removed' ? `${where}：删除 ${from}` : `${where}：${from} → ${to}`;
    changes.push({ kind: 'rule', change: 'changed', key: rule.id, field: `conditions${pointer}`, from, to, text });
  }
  if (changes.length === 0) {
    changes.push({ kind: 'rule', change: 'changed', key: rule.id, field: 'conditions', from: a, to: b, text: `规则 ${rule.id}「${rule.title}」的条件结构已修改` });
  }
  return changes;
}

function diffById<T>(a: T[], b: T[], key: (t: T) => string) {
  const before = new Map(a.map((x) => [key(x), x]));
  const after = new Map(b.map((x) => [key(x), x]));
  return {
    added: b.filter((x) => !before.has(key(x))),
    removed: a.filter((x) => !after.has(key(x))),
    both: b.filter((x) => before.has(key(x))).map((x) => [before.get(key(x))!, x] as [T, T]),
  };
}

/** What changed between two rule-set documents, in terms policy staff use. */
export function diffRuleSets(a: RuleSetDocument, b: RuleSetDocument): Change[] {
  const changes: Change[] = [];
  for (const [field, label] of META_FIELDS) {
    if (!same(a[field], b[field])) changes.push({ kind: 'meta', change: 'changed', key: field, from: a[field], to: b[field], text: `${label}：${show(a[field])} → ${show(b[field])}` });
  }

  const params = diffById(a.parameters, b.parameters, (p) => p.name);
  for (const p of params.added) changes.push({ kind: 'parameter', change: 'added', key: p.name, to: p.value, text: `新增参数 ${p.label}：${parameterValue(p)}` });
  for (const p of params.removed) changes.push({ kind: 'parameter', change: 'removed', key: p.name, from: p.value, text: `删除参数 ${p.label}（原为 ${parameterValue(p)}）` });
  for (const [pa, pb] of params.both) {
    if (!same(pa.value, pb.value) || pa.type !== pb.type) {
      changes.push({ kind: 'parameter', change: 'changed', key: pb.name, field: 'value', from: pa.value, to: pb.value, text: `${pb.label}：${parameterValue(pa)} → ${parameterValue(pb)}` });
    }
    for (const field of ['label', 'clause', 'unit', 'note', 'assumption'] as const) {
      if (!same(pa[field], pb[field])) changes.push({ kind: 'parameter', change: 'changed', key: pb.name, field, from: pa[field], to: pb[field], text: `参数 ${pb.label} 的 ${field}：${show(pa[field])} → ${show(pb[field])}` });
    }
  }

  const rules = diffById(a.rules, b.rules, (r) => r.id);
  for (const r of rules.added) changes.push({ kind: 'rule', change: 'added', key: r.id, to: r, text: `新增规则 ${r.id}「${r.title}」` });
  for (const r of rules.removed) changes.push({ kind: 'rule', change: 'removed', key: r.id, from: r, text: `删除规则 ${r.id}「${r.title}」` });
  for (const [ra, rb] of rules.both) {
    for (const [field, label] of RULE_FIELDS) {
      const from = valueAt(ra, field);
      const to = valueAt(rb, field);
      if (!same(from, to)) changes.push({ kind: 'rule', change: 'changed', key: rb.id, field, from, to, text: `规则 ${rb.id}「${rb.title}」的${label}：${show(from)} → ${show(to)}` });
    }
    if (!same(ra.conditions, rb.conditions)) changes.push(...conditionChanges(rb, ra.conditions, rb.conditions));
  }

  changes.push(...tableChanges(a, b));
  for (const kind of SUBJECT_KINDS) changes.push(...fieldChanges(kind, a.model?.[kind]?.fields ?? [], b.model?.[kind]?.fields ?? []));
  changes.push(...factChanges(a, b));
  if (!same(a.reports, b.reports)) changes.push({ kind: 'report', change: 'changed', key: 'reports', from: a.reports, to: b.reports, text: '报告版式（评估报告的信息表、任务表等）已修改' });
  if (!same(a.scoring, b.scoring)) changes.push({ kind: 'scoring', change: 'changed', key: 'scoring', from: a.scoring, to: b.scoring, text: '评分与等次设置已修改' });
  const tests = diffById(a.tests, b.tests, (t) => t.name);
  for (const t of tests.added) changes.push({ kind: 'test', change: 'added', key: t.name, text: `新增测试用例「${t.name}」` });
  for (const t of tests.removed) changes.push({ kind: 'test', change: 'removed', key: t.name, text: `删除测试用例「${t.name}」` });
  for (const [ta, tb] of tests.both) if (!same(ta, tb)) changes.push({ kind: 'test', change: 'changed', key: tb.name, text: `测试用例「${tb.name}」已修改` });
  return changes;
}

function flatFields(a: object, b: object, prefix = ''): string[] {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  return [...keys].flatMap((k) => {
    const va = (a as Record<string, unknown>)?.[k];
    const vb = (b as Record<string, unknown>)?.[k];
    const isObj = (v: unknown) => v && typeof v === 'object' && !Array.isArray(v);
    return isObj(va) || isObj(vb) ? flatFields(va as object, vb as object, `${prefix}${k}.`) : [`${prefix}${k}`];
  });
}

const FIELD_TYPES: Record<string, string> = {
  text: '文本', integer: '整数', amount: '金额', number: '数字', date: '日期', boolean: '是/否', choice: '单选', multiChoice: '多选', rows: '明细表', list: '列表',
};

const FIELD_PROPS: [keyof FieldDefinition, string][] = [
  ['label', '名称'], ['type', '类型'], ['unit', '单位'], ['section', '分组'], ['required', '必填'], ['min', '下限'], ['max', '上限'],
  ['maxLength', '最大长度'], ['table', '选项表格'], ['help', '说明'], ['aliases', '表头别名'], ['fields', '明细列'], ['rowKey', '明细标识列'],
];

function fieldChanges(kind: SubjectKind, a: FieldDefinition[], b: FieldDefinition[]): Change[] {
  const changes: Change[] = [];
  const who = SUBJECT_LABELS[kind];
  const fields = diffById(a, b, (f) => f.key);
  for (const f of fields.added) changes.push({ kind: 'field', change: 'added', key: `${kind}/${f.key}`, to: f, text: `${who}新增字段「${f.label}」（${FIELD_TYPES[f.type] ?? f.type}）` });
  for (const f of fields.removed) changes.push({ kind: 'field', change: 'removed', key: `${kind}/${f.key}`, from: f, text: `${who}删除字段「${f.label}」` });
  for (const [fa, fb] of fields.both) {
    for (const [prop, label] of FIELD_PROPS) {
      if (!same(fa[prop], fb[prop])) {
        changes.push({ kind: 'field', change: 'changed', key: `${kind}/${fb.key}`, field: prop, from: fa[prop], to: fb[prop], text: `${who}字段「${fa.label}」的${label}：${show(fa[prop])} → ${show(fb[prop])}` });
      }
    }
  }
  const order = (list: FieldDefinition[]) => list.map((f) => f.key).filter((k) => a.some((x) => x.key === k) && b.some((x) => x.key === k));
  if (!same(order(a), order(b))) changes.push({ kind: 'field', change: 'changed', key: `${kind}/order`, text: `${who}字段的顺序已调整` });
  return changes;
}

function factChanges(a: RuleSetDocument, b: RuleSetDocument): Change[] {
  const changes: Change[] = [];
  const key = (f: { subject: string; name: string }) => `${f.subject}|${f.name}`;
  for (const [list, kind, what] of [[[a.facts, b.facts], 'fact', '派生事实'], [[a.aggregates, b.aggregates], 'aggregate', '汇总事实']] as const) {
    const [before, after] = list as unknown as [{ subject: SubjectKind; name: string; label: string }[], { subject: SubjectKind; name: string; label: string }[]];
    const diff = diffById(before ?? [], after ?? [], key);
    for (const f of diff.added) changes.push({ kind, change: 'added', key: key(f), to: f, text: `新增${what}「${f.label}」（${SUBJECT_LABELS[f.subject]}，${f.name}）` });
    for (const f of diff.removed) changes.push({ kind, change: 'removed', key: key(f), from: f, text: `删除${what}「${f.label}」（${f.name}）` });
    for (const [fa, fb] of diff.both) {
      for (const prop of Object.keys({ ...fa, ...fb }) as (keyof typeof fa)[]) {
        const from = (fa as Record<string, unknown>)[prop];
        const to = (fb as Record<string, unknown>)[prop];
        if (!same(from, to)) changes.push({ kind, change: 'changed', key: key(fb), field: String(prop), from, to, text: `${what}「${fa.label}」的${String(prop) === 'cel' ? '表达式' : String(prop)}：${show(from)} → ${show(to)}` });
      }
    }
  }
  return changes;
}

/** Rows of every table by their key column; tables and columns added or removed. */
function tableChanges(a: RuleSetDocument, b: RuleSetDocument): Change[] {
  const changes: Change[] = [];
  const names = [...new Set([...Object.keys(a.tables), ...Object.keys(b.tables)])];
  for (const table of names) {
    const ta = a.tables[table];
    const tb = b.tables[table];
    if (!ta) {
      changes.push({ kind: 'table', change: 'added', key: table, to: tb, text: `新增表格「${tb.label}」（${tb.rows.length} 行）` });
      continue;
    }
    if (!tb) {
      changes.push({ kind: 'table', change: 'removed', key: table, from: ta, text: `删除表格「${ta.label}」` });
      continue;
    }
    const label = tb.label;
    const cols = diffById(ta.columns, tb.columns, (c) => c.key);
    for (const c of cols.added) changes.push({ kind: 'table', change: 'added', key: `${table}#${c.key}`, to: c, text: `${label}：新增列「${c.label}」` });
    for (const c of cols.removed) changes.push({ kind: 'table', change: 'removed', key: `${table}#${c.key}`, from: c, text: `${label}：删除列「${c.label}」` });
    const keyOf = (r: TableRow) => String(valueAt(r, tb.key));
    const rows = diffById(ta.rows, tb.rows, keyOf);
    for (const r of rows.added) changes.push({ kind: 'table', change: 'added', key: `${table}/${keyOf(r)}`, to: r, text: `${label}：新增 ${keyOf(r)}` });
    for (const r of rows.removed) changes.push({ kind: 'table', change: 'removed', key: `${table}/${keyOf(r)}`, from: r, text: `${label}：删除 ${keyOf(r)}` });
    for (const [ra, rb] of rows.both) {
      if (same(ra, rb)) continue;
      const fields = flatFields(ra, rb).filter((f) => !same(valueAt(ra, f), valueAt(rb, f)));
      const detail = fields.map((f) => `${f} ${show(valueAt(ra, f))} → ${show(valueAt(rb, f))}`).join('，');
      changes.push({ kind: 'table', change: 'changed', key: `${table}/${keyOf(rb)}`, from: ra, to: rb, text: `${label}：${keyOf(rb)} ${detail}` });
    }
  }
  return changes;
}

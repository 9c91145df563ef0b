import { formatChineseDate } from '../common/dates';
import { formatWan } from '../common/money';
import { leafConditions } from '../evaluation/rules-engine';
import { canonicalJson } from './rule-set-hash';
import { ConditionNode, Parameter, RuleDefinition, RuleSetDocument, RuleSetTables } from './rule-set.types';

export type ChangeKind = 'meta' | 'parameter' | 'rule' | 'table' | 'scoring' | 'test';

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

const TABLE_KEYS: Record<keyof RuleSetTables, { key: string; label: string }> = {
  regions: { key: 'name', label: '市州及附件3任务' },
  regionClasses: { key: 'class', label: '市州类别' },
  ratings2021: { key: 'no', label: '2021年度评价结果（附件1）' },
  fiveOnes: { key: 'id', label: '“五个一”事项' },
  pairingProjects: { key: 'name', label: '对口支援项目' },
  categories: { key: 'id', label: '项目类别' },
  industries: { key: 'id', label: '行业' },
  annex2Fields: { key: 'path', label: '推荐表（附件2）字段' },
};

export const TABLE_KEY_FIELDS: Record<string, string> = Object.fromEntries(Object.entries(TABLE_KEYS).map(([t, k]) => [t, k.key]));

const RULE_FIELDS: [string, string][] = [
  ['title', '标题'], ['clause', '条款'], ['category', '分类'], ['subject', '对象'], ['stage', '阶段'], ['appliesTo', '适用类别'],
  ['severity', '严重程度'], ['points', '分值'], ['requirement', '要求'], ['messages.pass', '符合时提示'], ['messages.fail', '不符合时提示'], ['note', '备注'],
];

const META_FIELDS: [keyof RuleSetDocument, string][] = [
  ['id', '标识'], ['title', '名称'], ['noticeTitle', '通知标题'], ['issuer', '发文机关'], ['documentNumber', '文号'], ['documentDate', '成文日期'], ['year', '年度'],
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

  for (const [table, { key, label }] of Object.entries(TABLE_KEYS) as [keyof RuleSetTables, { key: string; label: string }][]) {
    const rows = diffById(a.tables[table] as object[], b.tables[table] as object[], (r) => String((r as Record<string, unknown>)[key]));
    const name = (r: object) => String((r as Record<string, unknown>)[key]);
    for (const r of rows.added) changes.push({ kind: 'table', change: 'added', key: `${table}/${name(r)}`, to: r, text: `${label}：新增 ${name(r)}` });
    for (const r of rows.removed) changes.push({ kind: 'table', change: 'removed', key: `${table}/${name(r)}`, from: r, text: `${label}：删除 ${name(r)}` });
    for (const [ra, rb] of rows.both) {
      if (same(ra, rb)) continue;
      const fields = flatFields(ra, rb).filter((f) => !same(valueAt(ra, f), valueAt(rb, f)));
      const detail = fields.map((f) => `${f} ${show(valueAt(ra, f))} → ${show(valueAt(rb, f))}`).join('，');
      changes.push({ kind: 'table', change: 'changed', key: `${table}/${name(rb)}`, from: ra, to: rb, text: `${label}：${name(rb)} ${detail}` });
    }
  }

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

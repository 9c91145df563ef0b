// A rule's json-rules-engine conditions as a readable tree: 全部满足 / 任一满足 / 不满足, and each
// leaf as “事实 运算 值” in the words of the condition builder — facts by their label, parameters
// by label and current value, fixed values in their unit (万元, dates, 是/否, a choice's label).
import { h } from './dom.js';
import { choices } from './catalog.js';
import { factLabel, findFact } from './fact-catalogue.js';
import { formatWan } from './money.js';
import { OPERATOR_WORDS, UNARY } from './operators.js';

export { OPERATOR_WORDS as OPERATORS };

function paramText(doc, name) {
  const p = doc.parameters.find((x) => x.name === name);
  if (!p) return `参数 ${name}（不存在）`;
  const value = p.type === 'amount' ? formatWan(p.value) : p.type === 'boolean' ? (p.value ? '是' : '否') : `${p.value}${p.unit && p.unit !== '元' ? p.unit : ''}`;
  return `参数「${p.label}」（当前 ${value}）`;
}

function factText(doc, kind, name) {
  const info = findFact(doc, kind, name);
  return info ? `「${factLabel(info)}」` : `「${name}」（未定义）`;
}

function fixedText(doc, info, value) {
  if (value === null) return '未填写';
  if (Array.isArray(value)) return value.map((v) => fixedText(doc, info, v)).join('、');
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (info?.type === 'amount' && typeof value === 'number') return formatWan(value);
  if (info?.table) return new Map(choices(doc, info.table)).get(String(value)) ?? String(value);
  return typeof value === 'string' ? `“${value}”` : String(value);
}

function valueText(doc, kind, leaf) {
  const value = leaf.value;
  if (UNARY.has(leaf.operator)) return '';
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.fact === 'string') {
    return value.fact.startsWith('param.') ? paramText(doc, value.fact.slice(6)) : factText(doc, kind, value.fact);
  }
  return fixedText(doc, findFact(doc, kind, leaf.fact), value);
}

function node(doc, kind, c) {
  if (c.all) return h('li', {}, h('span', { class: 'op' }, '全部满足：'), h('ul', { class: 'conditions' }, c.all.map((x) => node(doc, kind, x))));
  if (c.any) return h('li', {}, h('span', { class: 'op' }, '任一满足：'), h('ul', { class: 'conditions' }, c.any.map((x) => node(doc, kind, x))));
  if (c.not) return h('li', {}, h('span', { class: 'op' }, '不满足：'), h('ul', { class: 'conditions' }, node(doc, kind, c.not)));
  return h('li', {}, factText(doc, kind, c.fact), ' ', h('span', { class: 'op' }, OPERATOR_WORDS[c.operator] ?? c.operator), ' ', valueText(doc, kind, c));
}

/** conditions of a rule about `kind` (project, region, province). */
export function conditionView(doc, conditions, kind = 'project') {
  return h('ul', { class: 'conditions', 'aria-label': '条件' }, node(doc, kind, conditions));
}

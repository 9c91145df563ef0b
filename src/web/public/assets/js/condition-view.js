// A rule's json-rules-engine conditions as a readable tree: 全部满足 / 任一满足 / 不满足, and each
// leaf as "事实 运算 值", with parameter references shown by their label and current value.
import { h } from './dom.js';
import { formatWan } from './money.js';

export const OPERATORS = {
  equal: '等于', notEqual: '不等于', lessThan: '小于', lessThanInclusive: '不大于', greaterThan: '大于', greaterThanInclusive: '不小于',
  in: '属于', notIn: '不属于', contains: '包含', doesNotContain: '不包含', dateOnOrBefore: '不晚于', dateOnOrAfter: '不早于',
};

function paramText(doc, name) {
  const p = doc.parameters.find((x) => x.name === name);
  if (!p) return `参数 ${name}（不存在）`;
  const value = p.type === 'amount' ? formatWan(p.value) : `${p.value}${p.unit && p.unit !== '元' ? p.unit : ''}`;
  return `参数「${p.label}」（当前 ${value}）`;
}

function valueText(doc, value) {
  if (value && typeof value === 'object' && typeof value.fact === 'string') {
    return value.fact.startsWith('param.') ? paramText(doc, value.fact.slice(6)) : `事实 ${value.fact}${value.path ? ` ${value.path}` : ''}`;
  }
  return JSON.stringify(value);
}

function node(doc, c) {
  if (c.all) return h('li', {}, h('span', { class: 'op' }, '全部满足：'), h('ul', { class: 'conditions' }, c.all.map((x) => node(doc, x))));
  if (c.any) return h('li', {}, h('span', { class: 'op' }, '任一满足：'), h('ul', { class: 'conditions' }, c.any.map((x) => node(doc, x))));
  if (c.not) return h('li', {}, h('span', { class: 'op' }, '不满足：'), h('ul', { class: 'conditions' }, node(doc, c.not)));
  return h('li', {}, h('code', {}, c.fact + (c.path ? ` ${c.path}` : '')), ' ', h('span', { class: 'op' }, OPERATORS[c.operator] ?? c.operator), ' ', valueText(doc, c.value));
}

export function conditionView(doc, conditions) {
  return h('ul', { class: 'conditions', 'aria-label': '条件' }, node(doc, conditions));
}

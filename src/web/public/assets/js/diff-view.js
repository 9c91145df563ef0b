// A rule-set diff (the API's Change[]) as policy staff read it: grouped by what changed, one line
// each ("新项目省级资金上限：25万元 → 30万元"), the old value struck through, the new in bold.
import { h } from './dom.js';

const KIND = { meta: '基本信息', parameter: '参数', field: '填报字段', fact: '计算得出的事实', aggregate: '汇总统计', rule: '规则', table: '表格', report: '报告版式', scoring: '评分', test: '测试用例' };
const CHANGE = { added: '新增', removed: '删除', changed: '修改' };

/** One change line; "A：x → y" gets the old and new halves styled. */
function line(c) {
  const m = /^(.*?：)(.*) → (.*)$/s.exec(c.text);
  if (!m) return h('li', { dataset: { kind: c.kind, change: c.change } }, h('span', { class: `badge badge-${c.change === 'removed' ? 'fail' : c.change === 'added' ? 'pass' : 'none'}` }, CHANGE[c.change] ?? c.change), ' ', c.text);
  return h('li', { dataset: { kind: c.kind, change: c.change } }, m[1], h('span', { class: 'diff-old' }, m[2]), ' → ', h('span', { class: 'diff-new' }, m[3]));
}

export function diffView(changes, empty = '没有差异。') {
  if (!changes?.length) return h('p', { class: 'muted' }, empty);
  const groups = new Map();
  for (const c of changes) {
    if (!groups.has(c.kind)) groups.set(c.kind, []);
    groups.get(c.kind).push(c);
  }
  return h('div', { class: 'diff' }, [...groups].map(([kind, list]) =>
    h('div', {}, h('h4', {}, `${KIND[kind] ?? kind}（${list.length}）`), h('ul', { class: 'diff-list' }, list.map(line)))));
}

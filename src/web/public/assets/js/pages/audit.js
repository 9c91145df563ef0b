// 审计日志: who changed what and when, and why — filtered by rule set and dates, paginated, each
// entry's diff readable in place.
import { get } from '../api.js';
import { diffView } from '../diff-view.js';
import { $, dateTime, fill, h, queryParam, select, setQuery } from '../dom.js';
import { initPage, reportError } from '../layout.js';
import { paginate } from '../pager.js';

const filter = { ruleSet: queryParam('ruleSet') ?? '', from: queryParam('from') ?? '', to: queryParam('to') ?? '' };

async function load() {
  const list = $('#audit-list');
  fill(list, h('p', { class: 'muted' }, '正在载入…'));
  try {
    const qs = new URLSearchParams({ limit: '1000' });
    for (const [k, v] of Object.entries(filter)) if (v) qs.set(k, v);
    const entries = await get(`/api/audit?${qs}`);
    paginate(entries, $('#audit-pager'), (rows) => fill(list, rows.length ? table(rows) : h('p', { class: 'panel muted' }, '没有符合条件的记录。')));
  } catch (err) {
    fill(list);
    reportError(err);
  }
}

function table(rows) {
  return h('table', { class: 'data' },
    h('caption', { class: 'visually-hidden' }, '审计日志'),
    h('thead', {}, h('tr', {}, ['时间', '用户', '操作', '规则集', '版本', '说明与变更'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((e) => h('tr', {},
      h('td', { class: 'small' }, dateTime(e.at)),
      h('td', {}, e.user),
      // The server's words first; the raw route (or action code) beneath, for the expert.
      h('td', {}, h('span', { class: 'audit-action' }, e.description ?? e.action),
        h('br'), h('code', { class: 'small muted' }, e.route ?? e.action)),
      h('td', {}, e.ruleSetId ?? ''),
      h('td', {}, e.version ?? ''),
      // An API write's comment is its URL and its diff a summary: both are in the description.
      e.route ? h('td') : h('td', {}, e.comment ? h('p', {}, e.comment) : null,
        Array.isArray(e.diff) && e.diff.length
          ? h('details', {}, h('summary', {}, `变更 ${e.diff.length} 处`), diffView(e.diff))
          : e.diff && !Array.isArray(e.diff) ? otherDiff(e.diff) : null)))));
}

/** Non-list details: an activation's from → to version, else the raw record for the expert. */
function otherDiff(diff) {
  if ('from' in diff && 'to' in diff && Object.keys(diff).length === 2) {
    return h('p', { class: 'small' }, `生效版本：${diff.from ? `第 ${diff.from} 版` : '无'} → 第 ${diff.to} 版`);
  }
  return h('details', {}, h('summary', {}, '详情'), h('pre', { class: 'small' }, JSON.stringify(diff, null, 2)));
}

async function render() {
  let sets = [];
  try {
    sets = await get('/api/rule-sets');
  } catch {
    sets = [];
  }
  const change = (key) => (e) => {
    filter[key] = e.target.value;
    setQuery({ [key]: filter[key], page: null });
    load();
  };
  fill($('#page'),
    h('div', { class: 'page-head' }, h('h1', {}, '审计日志'), h('button', { type: 'button', class: 'btn no-print', onclick: () => window.print() }, '打印')),
    h('form', { class: 'filters panel', role: 'search', onsubmit: (e) => e.preventDefault() },
      h('label', {}, '规则集', select({ name: 'ruleSet', onchange: change('ruleSet') }, [['', '全部'], ...sets.map((s) => [s.id, `${s.title}（${s.id}）`])], filter.ruleSet)),
      h('label', {}, '起始日期', h('input', { type: 'date', name: 'from', value: filter.from, onchange: change('from') })),
      h('label', {}, '截止日期', h('input', { type: 'date', name: 'to', value: filter.to, onchange: change('to') }))),
    h('div', { id: 'audit-list' }),
    h('nav', { class: 'pager', id: 'audit-pager', 'aria-label': '分页' }));
  load();
}

await initPage({ active: 'audit', yearSwitch: false });
render();

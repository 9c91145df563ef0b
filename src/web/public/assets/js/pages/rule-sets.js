// 规则集: every rule set with its versions and which one is in force, and importing a rule-set
// file (validated by the service as a whole; a bad file changes nothing).
import { ApiError, get, post, seg } from '../api.js';
import { $, dateTime, fill, h } from '../dom.js';
import { describePointer } from '../field-errors.js';
import { busy, initPage, may, reportError, status } from '../layout.js';

async function load() {
  try {
    render(await get('/api/rule-sets'));
  } catch (err) {
    fill($('#page'), h('h1', {}, '规则集'));
    reportError(err);
  }
}

function render(sets) {
  fill($('#page'),
    h('div', { class: 'page-head' }, h('h1', {}, '规则集')),
    h('p', { class: 'muted' }, '每份通知对应一个规则集。规则集的每次修改都在草稿中进行，发布后成为不可修改的版本；每个年度有一个生效版本，评估默认使用它。'),
    h('table', { class: 'data' },
      h('caption', { class: 'visually-hidden' }, '规则集列表'),
      h('thead', {}, h('tr', {}, ['规则集', '年度', '生效版本', '版本', '草稿', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, sets.map((s) => {
        const draft = s.versions.find((v) => v.status === 'draft');
        const last = s.versions.filter((v) => v.status === 'published').at(-1);
        return h('tr', {},
          h('td', {}, h('a', { href: `/rule-sets/${seg(s.id)}` }, s.title), h('br'), h('code', { class: 'small muted' }, s.id)),
          h('td', {}, s.year),
          h('td', {}, s.activeVersion ? h('span', { class: 'badge badge-active' }, `第 ${s.activeVersion} 版`) : h('span', { class: 'muted' }, '无')),
          h('td', { class: 'small' }, `共 ${s.versions.length} 个`, last ? `，最近发布 ${dateTime(last.publishedAt)}` : ''),
          h('td', {}, draft ? h('a', { href: `/rule-sets/${seg(s.id)}/draft` }, `编辑中：第 ${draft.version} 版`) : h('span', { class: 'muted' }, '—')),
          h('td', {}, h('a', { class: 'btn', href: `/rule-sets/${seg(s.id)}` }, '版本与操作'), ' ',
            may('policy') ? h('a', { class: 'btn', href: `/rule-sets/${seg(s.id)}/draft` }, draft ? '继续编辑' : '修改') : null));
      }))),
    may('policy') ? importPanel() : null);
}

function importPanel() {
  const input = h('input', { type: 'file', id: 'rule-set-file', accept: '.json,application/json' });
  const out = h('div', { 'aria-live': 'polite' });
  return h('section', { class: 'panel no-print' },
    h('h2', {}, '导入规则集文件'),
    h('p', { class: 'muted' }, '导入的文件成为草稿（已有同一标识的规则集时作为其新草稿），检查并发布后才会生效。文件有任何错误则不做修改。'),
    h('div', { class: 'actions' }, h('label', { for: 'rule-set-file' }, '选择文件（.json）'), input,
      h('button', { type: 'button', class: 'btn primary', onclick: (e) => busy(e.currentTarget, async () => {
        const file = input.files?.[0];
        if (!file) return fill(out, h('p', { class: 'field-error' }, '请先选择规则集文件'));
        let body;
        try {
          body = JSON.parse(await file.text());
        } catch (err) {
          return fill(out, h('p', { class: 'field-error' }, `不是有效的 JSON 文件：${err.message}`));
        }
        try {
          const r = await post('/api/rule-sets/import', body);
          const id = r.ruleSetId ?? r.id ?? body.id;
          status(`已导入为规则集 ${id} 的草稿`, 'ok');
          fill(out, h('p', {}, h('a', { class: 'btn primary', href: `/rule-sets/${seg(id)}/draft` }, '打开草稿')));
        } catch (err) {
          if (err instanceof ApiError && err.details.length) {
            fill(out, h('div', { class: 'error-summary' }, h('p', { class: 'error-title' }, err.message), h('ul', {}, err.details.map((d) => h('li', {}, describePointer(d.pointer), d.message)))));
          } else reportError(err);
        }
      }) }, '导入')),
    out);
}

await initPage({ active: 'rule-sets', yearSwitch: false });
load();

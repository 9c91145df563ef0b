// 规则集草稿: the draft editor. Tabs for parameters, tables, rules, review & publish and the
// expert JSON; every tab writes with the draft's revision and redraws only itself, so edits in
// progress on another tab are kept (and the page warns before leaving with any of them unsaved).
import { ApiError, get, post, seg } from '../api.js';
import { $, fill, h, queryParam } from '../dom.js';
import { renderDocument } from '../draft/document.js';
import { renderFacts } from '../draft/facts.js';
import { renderFields } from '../draft/fields.js';
import { renderParameters } from '../draft/parameters.js';
import { renderReports } from '../draft/reports.js';
import { renderReview } from '../draft/review.js';
import { renderRules } from '../draft/rules.js';
import { draftState, draftUrl } from '../draft/state.js';
import { renderTables } from '../draft/tables.js';
import { renderTests } from '../draft/tests.js';
import { busy, clearStatus, initPage, reportError, status } from '../layout.js';
import { clearAllDirty, isDirtyPrefix } from '../unsaved.js';

// [key, label, render, prefix of the tab's unsaved-edit keys]
const TABS = [
  ['parameters', '参数', renderParameters, 'draft-parameters'],
  ['tables', '表格', renderTables, 'draft-table-'],
  ['fields', '字段', renderFields, 'draft-field:'],
  ['facts', '派生事实', renderFacts, 'draft-fact:'],
  ['rules', '规则', renderRules, 'draft-rule-'],
  ['reports', '报告', renderReports, 'draft-report-'],
  ['tests', '测试', renderTests, 'draft-test'],
  ['review', '检查与发布', renderReview, 'draft-review'],
  ['document', '整体 JSON', renderDocument, 'draft-document'],
];

let active = TABS.some(([k]) => k === queryParam('tab')) ? queryParam('tab') : 'parameters';
const panels = new Map();

const hooks = (key) => ({
  reload,
  // After a write every tab must show the new draft (a stale JSON view saved later would undo
  // the change); tabs holding unsaved edits of their own are left alone.
  rerender: () => {
    for (const [k, , , prefix] of TABS) if (k === key || !isDirtyPrefix(prefix)) drawPanel(k);
    drawHead();
  },
  published: (r) => {
    clearAllDirty();
    fill($('#page'), h('h1', {}, '已发布'),
      h('p', {}, `规则集 ${r.ruleSetId} 第 ${r.version} 版已发布${r.activated ? '并已生效' : ''}（测试 ${r.tests.total} 个全部通过）。`),
      h('p', {}, h('a', { class: 'btn primary', href: `/rule-sets/${seg(r.ruleSetId)}` }, '查看版本列表')));
    status(`已发布第 ${r.version} 版`, 'ok');
  },
  discarded: () => {
    clearAllDirty();
    location.assign(`/rule-sets/${seg(draftState.id)}?notice=draft-discarded`);
  },
});

function drawPanel(key) {
  const [, , render] = TABS.find(([k]) => k === key);
  render(panels.get(key), hooks(key));
}

function drawHead() {
  const d = draftState.draft;
  const head = $('#draft-head');
  if (!head || !d) return;
  fill(head,
    h('span', { class: 'badge badge-draft' }, '草稿'),
    h('span', {}, `第 ${d.version} 版（基于 ${d.baseRuleSetId && d.baseRuleSetId !== draftState.id ? `${d.baseRuleSetId} ` : ''}第 ${d.baseVersion ?? '-'} 版）`),
    h('span', { class: 'muted small' }, `修订 ${d.revision}`),
    h('span', { class: 'unsaved-flag', role: 'status' }, '有未保存的修改'));
}

function selectTab(key, focus = false) {
  active = key;
  const url = new URL(location.href);
  url.searchParams.set('tab', key);
  history.replaceState(null, '', url);
  for (const [k] of TABS) {
    const tab = $(`#tab-${k}`);
    tab.setAttribute('aria-selected', String(k === key));
    tab.tabIndex = k === key ? 0 : -1;
    panels.get(k).hidden = k !== key;
  }
  if (focus) $(`#tab-${key}`).focus();
}

/** Arrow keys move between tabs (WAI-ARIA tabs pattern); Tab goes into the panel. */
function tabKeys(e) {
  const i = TABS.findIndex(([k]) => k === active);
  const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i - 1 + TABS.length) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : null;
  if (next === null) return;
  e.preventDefault();
  selectTab(TABS[next][0], true);
}

function render() {
  const d = draftState.draft;
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': '草稿内容', onkeydown: tabKeys },
    TABS.map(([k, label]) => h('button', { type: 'button', role: 'tab', id: `tab-${k}`, 'aria-controls': `panel-${k}`, onclick: () => selectTab(k) }, label)));
  panels.clear();
  for (const [k] of TABS) panels.set(k, h('div', { role: 'tabpanel', id: `panel-${k}`, 'aria-labelledby': `tab-${k}`, tabindex: '0' }));
  fill($('#page'),
    h('div', { class: 'page-head' },
      h('h1', {}, `${d.document.title}`),
      h('a', { href: `/rule-sets/${seg(draftState.id)}` }, '返回版本列表')),
    h('p', { id: 'draft-head', class: 'actions' }),
    tablist, [...panels.values()]);
  for (const [k] of TABS) drawPanel(k);
  drawHead();
  selectTab(active);
}

/** Fetches the draft again (after a 409, or on demand), dropping this page's unsaved edits. */
async function reload() {
  clearAllDirty();
  clearStatus();
  await load();
}

async function load() {
  try {
    draftState.draft = await get(draftUrl());
    draftState.onChange = drawHead;
    render();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && /没有草稿/.test(err.message)) return noDraft();
    fill($('#page'), h('h1', {}, '规则集草稿'), h('p', {}, h('a', { href: '/rule-sets' }, '返回规则集列表')));
    reportError(err);
  }
}

async function noDraft() {
  const versions = await get(`/api/rule-sets/${seg(draftState.id)}/versions`).catch(() => []);
  const published = versions.filter((v) => v.status === 'published');
  const from = h('select', { id: 'from-version' }, published.map((v) => h('option', { value: v.version }, `第 ${v.version} 版`)).reverse());
  fill($('#page'),
    h('h1', {}, `规则集 ${draftState.id}`),
    h('p', {}, '当前没有草稿。修改规则集需要先从一个已发布版本新建草稿；草稿发布前不影响任何评估。'),
    h('div', { class: 'actions' }, h('label', { for: 'from-version' }, '基于'), from,
      h('button', { type: 'button', class: 'btn primary', id: 'start-draft', onclick: (e) => busy(e.currentTarget, async () => {
        try {
          await post(draftUrl(), { fromVersion: Number(from.value) });
          await load();
        } catch (err) {
          reportError(err);
        }
      }) }, '新建草稿')));
}

await initPage({ active: 'rule-sets', yearSwitch: false });
load();

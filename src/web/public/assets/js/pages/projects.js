// 项目: the year's projects filtered by region, category and current outcome, with the batch
// downloads (ZIP of scorecards, year summary, spreadsheet export) and the spreadsheet import.
import { get, seg } from '../api.js';
import { categoryLabel, choices, regionChoices, ruleSetForYear, valueAt } from '../catalog.js';
import { $, fill, h, queryParam, select, setQuery } from '../dom.js';
import { download, progressBox } from '../download.js';
import { complianceBadge, STAGE } from '../labels.js';
import { busy, initPage, may, onYearChange, reportError, status, year } from '../layout.js';
import { formatWan } from '../money.js';
import { failures, projectOutcomes } from '../outcomes.js';
import { paginate } from '../pager.js';
import { importPanel } from '../sheet-import.js';

const state = {
  region: queryParam('region') ?? '',
  category: queryParam('category') ?? '',
  outcome: queryParam('outcome') ?? '',
  stage: queryParam('stage') === 'acceptance' ? 'acceptance' : 'application',
  q: queryParam('q') ?? '',
};

let data = { projects: [], outcomes: new Map(), doc: null };

async function load() {
  const page = $('#page');
  fill(page, h('p', { class: 'muted' }, '正在载入项目…'));
  try {
    const y = year();
    const [doc, projects] = await Promise.all([ruleSetForYear(y), get(`/api/projects?year=${y}`)]);
    data = { doc, projects, outcomes: await projectOutcomes(projects, state.stage) };
    render();
  } catch (err) {
    fill(page, h('h1', {}, '项目'));
    reportError(err);
  }
}

function matches(p) {
  const e = data.outcomes.get(p.id);
  if (state.region && p.region !== state.region) return false;
  if (state.category && p.category !== state.category) return false;
  if (state.outcome === 'compliant' && !e?.compliant) return false;
  if (state.outcome === 'noncompliant' && (!e || e.compliant)) return false;
  if (state.q && !`${p.name}${p.id}`.includes(state.q)) return false;
  return true;
}

function render() {
  const { doc } = data;
  const change = (key) => (e) => {
    state[key] = e.target.value;
    setQuery({ [key]: state[key], page: null });
    if (key === 'stage') load();
    else drawList();
  };
  const filters = h('form', { class: 'filters panel', role: 'search', onsubmit: (e) => e.preventDefault() },
    h('label', {}, '市州', select({ name: 'region', onchange: change('region') }, [['', '全部'], ...regionChoices(doc).map(([name]) => [name, name])], state.region)),
    h('label', {}, '类别', select({ name: 'category', onchange: change('category') }, [['', '全部'], ...choices(doc, 'categories')], state.category)),
    h('label', {}, '评估阶段', select({ name: 'stage', onchange: change('stage') }, [['application', STAGE.application], ['acceptance', STAGE.acceptance]], state.stage)),
    h('label', {}, '结论', select({ name: 'outcome', onchange: change('outcome') }, [['', '全部'], ['compliant', '符合'], ['noncompliant', '不符合']], state.outcome)),
    h('label', {}, '名称或编号', h('input', { type: 'search', name: 'q', value: state.q, oninput: change('q') })));
  const batch = progressBox('批量下载进度');
  fill($('#page'),
    h('div', { class: 'page-head' }, h('h1', {}, `${year()}年度项目`), may('evaluator', 'region') ? h('a', { class: 'btn primary', href: `/projects/new?year=${year()}` }, '新建项目') : null),
    filters,
    h('p', { class: 'print-only', id: 'print-filters' }),
    h('div', { id: 'project-list' }),
    h('nav', { class: 'pager', id: 'pager', 'aria-label': '分页' }),
    h('h2', { class: 'no-print' }, '下载'),
    h('div', { class: 'panel no-print' },
      h('p', { class: 'muted' }, '按上方选择的市州与评估阶段生成；批量报告含每个项目的 PDF 和一本带书签的汇编，项目多时需要一两分钟。'),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn primary', id: 'batch-zip', onclick: (e) => batchZip(e.currentTarget, batch) }, '批量下载评估报告（ZIP）'),
        h('button', { type: 'button', class: 'btn', onclick: (e) => fileDownload(e.currentTarget, batch, summaryUrl()) }, '年度汇总表（PDF）'),
        h('button', { type: 'button', class: 'btn', onclick: (e) => fileDownload(e.currentTarget, batch, `/api/exports/evaluations.xlsx?year=${year()}&stage=${state.stage}`) }, '评估结果（Excel）')),
      batch.box),
    may('evaluator', 'region') && importPanel({
      title: '从表格导入项目',
      endpoint: '/api/projects/import',
      year,
      templateUrl: () => `/api/templates/projects.xlsx?year=${year()}`,
      onImported: load,
    }));
  drawList();
}

/** The filters in words, for the printed list (the controls themselves are not printed). */
function filterSummary() {
  const outcome = { compliant: '符合', noncompliant: '不符合' }[state.outcome] ?? '全部';
  return `筛选：市州 ${state.region || '全部'}；类别 ${state.category ? categoryLabel(data.doc, state.category) : '全部'}；${STAGE[state.stage]}结论 ${outcome}${state.q ? `；名称含“${state.q}”` : ''}`;
}

function drawList() {
  $('#print-filters').textContent = filterSummary();
  const list = data.projects.filter(matches);
  const box = $('#project-list');
  paginate(list, $('#pager'), (rows) => fill(box, rows.length ? table(rows) : h('p', { class: 'panel muted' }, data.projects.length ? '没有符合筛选条件的项目。' : '本年度还没有项目。')));
}

function table(rows) {
  // The amounts the rule set's year summary shows (省级资金 in 2022) are the list's money columns.
  const amounts = data.doc.reports?.summary?.amounts ?? [];
  return h('table', { class: 'data' },
    h('caption', { class: 'visually-hidden' }, '项目列表'),
    h('thead', {}, h('tr', {}, ['编号', '项目名称', '市州', '类别', ...amounts.map((a) => a.label), data.outcomes.unavailable ? '结论（当前角色不可查看）' : `结论（${STAGE[state.stage]}）`, '主要问题'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((p) => {
      const e = data.outcomes.get(p.id);
      const first = failures(e)[0];
      return h('tr', {},
        h('td', {}, h('code', {}, p.id)),
        h('td', {}, h('a', { href: `/projects/${seg(p.id)}` }, p.name)),
        h('td', {}, p.region),
        h('td', {}, categoryLabel(data.doc, p.category)),
        amounts.map((a) => h('td', { class: 'num' }, formatWan(valueAt(p, a.fact)))),
        h('td', {}, data.outcomes.unavailable ? '—' : complianceBadge(e ? e.compliant : null)),
        h('td', { class: 'small' }, first ? `${first.title}：${first.message}` : ''));
    })));
}

const summaryUrl = () => `/api/reports/summary.pdf?year=${year()}&stage=${state.stage}${state.region ? `&region=${seg(state.region)}` : ''}`;

async function batchZip(button, progress) {
  const url = `/api/reports/projects.zip?year=${year()}&stage=${state.stage}${state.region ? `&region=${seg(state.region)}` : ''}`;
  const count = data.projects.filter((p) => !state.region || p.region === state.region).length;
  await fileDownload(button, progress, url, `正在生成 ${count} 份项目评估报告及汇编`);
}

async function fileDownload(button, progress, url, label) {
  await busy(button, async () => {
    try {
      const name = await download(url, { progress, label });
      status(`已下载 ${name}`, 'ok');
    } catch (err) {
      reportError(err);
    }
  });
}

await initPage({ active: 'projects' });
onYearChange(() => {
  state.region = '';
  load();
});
load();

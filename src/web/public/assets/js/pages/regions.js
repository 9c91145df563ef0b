// 市州进度: every region's measures against its targets, its row tables and dates as the rule set
// declares them, its current verdict, the province-wide checks, downloads and the progress
// spreadsheet import.
import { get, post, seg } from '../api.js';
import { ruleSetForYear, tableRows, valueAt } from '../catalog.js';
import { $, fill, h } from '../dom.js';
import { download, progressBox } from '../download.js';
import { evaluationView } from '../evaluation-view.js';
import { complianceBadge } from '../labels.js';
import { busy, initPage, may, onYearChange, reportError, status, year } from '../layout.js';
import { measureRows, measureTargets } from '../measures.js';
import { failures, regionOutcomes } from '../outcomes.js';
import { importPanel } from '../sheet-import.js';

async function load() {
  const page = $('#page');
  fill(page, h('p', { class: 'muted' }, '正在载入…'));
  try {
    const y = year();
    const [doc, progress] = await Promise.all([ruleSetForYear(y), get(`/api/regions/progress?year=${y}`)]);
    const regions = tableRows(doc, 'regions');
    const reported = new Set(progress.map((p) => p.region));
    const bare = regions.filter((r) => !reported.has(r.name)).map((r) => ({ year: y, region: r.name }));
    const [outcomes, targets] = await Promise.all([regionOutcomes(progress), measureTargets(doc, [...progress, ...bare])]);
    render(doc, regions, progress, outcomes, targets);
  } catch (err) {
    fill(page, h('h1', {}, '市州进度'));
    reportError(err);
  }
}

function render(doc, regions, progress, outcomes, targets) {
  const y = year();
  const byRegion = new Map(progress.map((p) => [p.region, p]));
  const files = progressBox('下载进度');
  const province = outcomes.get('province');
  // Columns from the rule set: its measures, then each row table (how many rows) and each date.
  const measures = measureRows(doc);
  const fields = doc.model?.region?.fields ?? [];
  const tables = fields.filter((f) => f.type === 'rows');
  const dates = fields.filter((f) => f.type === 'date');
  fill($('#page'),
    h('div', { class: 'page-head' }, h('h1', {}, `${y}年度市州进度`),
      h('button', { type: 'button', class: 'btn no-print', onclick: () => window.print() }, '打印')),
    h('table', { class: 'data' },
      h('caption', { class: 'visually-hidden' }, '各市州任务完成情况'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, '市州'),
        measures.map((m) => h('th', { scope: 'col', class: 'num wrap' }, m.label)),
        tables.map((f) => h('th', { scope: 'col', class: 'num' }, f.label)),
        dates.map((f) => h('th', { scope: 'col', class: 'wrap' }, f.label)),
        ['结论', '未通过事项'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, regions.map((r) => {
        const p = byRegion.get(r.name);
        const e = outcomes.get(r.name);
        const figures = targets.get(r.name) ?? measures.map(() => ({ target: null, achieved: null }));
        return h('tr', { class: e && !e.compliant ? 'row-fail' : null },
          h('th', { scope: 'row' }, h('a', { href: `/regions/${seg(r.name)}?year=${y}` }, r.name)),
          figures.map((m) => h('td', { class: 'num' }, `${p ? m.achieved ?? 0 : '—'} / ${m.target ?? '—'}`)),
          tables.map((f) => h('td', { class: 'num' }, p ? (valueAt(p, f.key) ?? []).length : '—')),
          dates.map((f) => h('td', {}, p ? valueAt(p, f.key) ?? '未报送' : '未报送')),
          h('td', {}, p ? complianceBadge(e?.compliant) : h('span', { class: 'badge badge-warn' }, '未填报')),
          h('td', { class: 'small' }, failures(e).map((f) => f.message).join('；')));
      }))),
    h('h2', {}, '全省汇总'),
    h('div', { class: 'panel' },
      province ? h('p', {}, complianceBadge(province.compliant), ' ', failures(province).map((f) => f.message).join('；') || province.results.filter((r) => r.outcome === 'pass').map((r) => r.message).join('；')) : h('p', { class: 'muted' }, '还没有市州填报进度。'),
      h('div', { class: 'actions' },
        may('evaluator', 'policy') ? h('button', { type: 'button', class: 'btn', onclick: (e) => evaluateProvince(e.currentTarget) }, '全省评估并保存') : null,
        h('button', { type: 'button', class: 'btn', onclick: (e) => file(e.currentTarget, files, `/api/reports/summary.pdf?year=${y}`) }, '年度汇总表（PDF）'),
        h('button', { type: 'button', class: 'btn', onclick: (e) => file(e.currentTarget, files, `/api/exports/region-progress.xlsx?year=${y}`) }, '市州进度（Excel）')),
      files.box,
      h('div', { id: 'province-result' })),
    may('evaluator', 'region') && importPanel({
      title: '从表格导入市州进度',
      endpoint: '/api/regions/progress/import',
      year,
      templateUrl: () => `/api/templates/region-progress.xlsx?year=${year()}`,
      onImported: load,
    }));
}

async function evaluateProvince(button) {
  await busy(button, async () => {
    try {
      const e = await post('/api/province/evaluations', { year: year() });
      fill($('#province-result'), evaluationView(e));
    } catch (err) {
      reportError(err);
    }
  });
}

async function file(button, progress, url) {
  await busy(button, async () => {
    try {
      status(`已下载 ${await download(url, { progress })}`, 'ok');
    } catch (err) {
      reportError(err);
    }
  });
}

await initPage({ active: 'regions' });
onYearChange(load);
load();

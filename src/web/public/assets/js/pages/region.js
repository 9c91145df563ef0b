// 市州进度填报: one region's achieved counts, submission dates and county table; save (with the
// revision, so a colleague's save is never overwritten), evaluate, download the region scorecard.
import { ApiError, api, get, post, seg } from '../api.js';
import { $, fill, h } from '../dom.js';
import { download } from '../download.js';
import { evaluationView } from '../evaluation-view.js';
import { clearErrors, showErrors } from '../field-errors.js';
import { collect, field } from '../form-fields.js';
import { busy, clearStatus, initPage, may, reportError, status, year } from '../layout.js';
import { confirmDiscard, setDirty, watchForm } from '../unsaved.js';

const FORM = 'region-form';
const region = decodeURIComponent(location.pathname.split('/')[2] ?? '');
let revision = null;
let info = null;

async function load() {
  const y = year();
  try {
    const regions = await get(`/api/regions?year=${y}`);
    info = regions.find((r) => r.name === region || r.fullName === region);
    if (!info) throw new ApiError(404, `${y}年度规则集中没有市州“${region}”`);
    let record = null;
    try {
      record = await get(`/api/regions/${seg(info.name)}/progress/${y}`);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404) throw err;
    }
    revision = record?.revision ?? null;
    render(record ?? { year: y, region: info.name, achieved: {}, counties: [], submitted: {} });
    setDirty(FORM, false);
  } catch (err) {
    fill($('#page'), h('h1', {}, '市州进度'), h('p', {}, h('a', { href: '/regions' }, '返回市州进度')));
    reportError(err);
  }
}

function countyRow(c = {}, i) {
  const cell = (key, type) => h('td', {}, h('input', {
    type: type === 'int' ? 'number' : 'text', min: type === 'int' ? 0 : null, step: type === 'int' ? 1 : null,
    class: type === 'int' ? 'narrow' : null, value: c[key] ?? '', 'aria-label': { name: '县市区', trainings: '培训次数', trainees: '培训人数', stations: '服务站数' }[key],
    dataset: { county: key, pointer: `/counties/${i}/${key}` },
  }));
  return h('tr', {}, cell('name', 'text'), cell('trainings', 'int'), cell('trainees', 'int'), cell('stations', 'int'),
    h('td', {}, h('button', { type: 'button', class: 'link-button', onclick: (e) => { e.currentTarget.closest('tr').remove(); renumber(); setDirty(FORM); } }, '删除')));
}

/** Keeps each county input's pointer equal to its row, so server errors land on the right row. */
function renumber() {
  $('#counties tbody').querySelectorAll('tr').forEach((tr, i) => {
    for (const input of tr.querySelectorAll('[data-county]')) input.dataset.pointer = `/counties/${i}/${input.dataset.county}`;
  });
}

function render(record) {
  const y = year();
  const a = record.achieved ?? {};
  const targets = [['wan', '万：推动中小企业开展质量提升', '家'], ['qian', '千：规上企业导入先进质量管理', '家'], ['bai', '百：培育质量提升标杆企业', '家']];
  const counts = targets.map(([k, label, unit]) => field({ path: `achieved.${k}`, label, type: 'int', unit: `${unit}（任务 ${info.targets[k]}）` }, { achieved: a }));
  const dates = [
    field({ path: 'submitted.plan', label: '实施方案报送日期', type: 'date' }, record),
    field({ path: 'submitted.summary', label: '工作总结报送日期', type: 'date' }, record),
  ];
  const form = h('form', { id: FORM, novalidate: true, onsubmit: (e) => { e.preventDefault(); save(e.submitter ?? $('#save')); } },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    h('table', { class: 'form-table' }, h('tbody', {},
      [...counts, ...dates].map((f) => h('tr', {}, h('th', { scope: 'row' }, f.label), h('td', {}, f.control))))),
    h('h2', {}, '县市区'),
    h('p', { class: 'muted' }, '每个县市区：培训不少于1次、不少于50人，建成至少1个“一站式”服务站（以规则集参数为准）。'),
    h('table', { class: 'data', id: 'counties', 'data-pointer': '/counties' },
      h('thead', {}, h('tr', {}, ['县市区', '培训次数', '培训人数', '服务站数', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, (record.counties ?? []).map(countyRow))),
    may('evaluator', 'region') && h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', onclick: addCounty }, '添加县市区'),
      h('button', { type: 'submit', class: 'btn primary', id: 'save' }, '保存进度'),
      h('span', { class: 'unsaved-flag', role: 'status' }, '有未保存的修改')));
  watchForm(form, FORM);
  fill($('#page'),
    h('div', { class: 'page-head' },
      h('h1', {}, `${info.fullName ?? info.name} ${y}年度进度`),
      revision ? h('span', { class: 'muted' }, `版本 ${revision}`) : h('span', { class: 'badge badge-warn' }, '尚未填报'),
      h('a', { href: `/regions?year=${y}` }, '返回市州进度'),
      h('button', { type: 'button', class: 'btn no-print', onclick: () => window.print() }, '打印')),
    form,
    h('section', { class: 'panel' },
      h('h2', {}, '评估'),
      h('div', { class: 'actions' },
        may('evaluator', 'region') ? h('button', { type: 'button', class: 'btn primary', disabled: !revision, onclick: (e) => evaluate(e.currentTarget) }, '评估并保存结果') : null,
        h('button', { type: 'button', class: 'btn', disabled: !revision, onclick: (e) => regionPdf(e.currentTarget) }, '下载市州评估报告（PDF）')),
      revision ? null : h('p', { class: 'muted' }, '保存进度后即可评估。'),
      h('div', { id: 'evaluation' })));
}

function addCounty() {
  const body = $('#counties tbody');
  body.append(countyRow({}, body.children.length));
  body.lastElementChild.querySelector('input').focus();
  setDirty(FORM);
}

function readCounties() {
  const problems = [];
  const counties = [...$('#counties tbody').querySelectorAll('tr')].map((tr, i) => {
    const c = {};
    for (const input of tr.querySelectorAll('[data-county]')) {
      const key = input.dataset.county;
      const raw = input.value.trim();
      if (key === 'name') {
        if (!raw) problems.push({ pointer: `/counties/${i}/name`, message: '请填写县市区名称' });
        c.name = raw;
      } else if (input.validity.badInput) problems.push({ pointer: `/counties/${i}/${key}`, message: '请填写非负整数' });
      else if (raw === '') c[key] = 0;
      else if (/^\d+$/.test(raw)) c[key] = Number(raw);
      else problems.push({ pointer: `/counties/${i}/${key}`, message: '请填写非负整数' });
    }
    return c;
  });
  return { counties, problems };
}

async function save(button) {
  const form = $(`#${FORM}`);
  clearStatus();
  const { body, problems } = collect(form);
  const county = readCounties();
  if (problems.length || county.problems.length) {
    showErrors(form, { message: '有需要修改的地方', details: [...problems, ...county.problems] });
    return;
  }
  clearErrors(form);
  const y = year();
  const record = { year: y, region: info.name, achieved: { wan: 0, qian: 0, bai: 0, ...body.achieved }, counties: county.counties, submitted: body.submitted ?? {} };
  await busy(button, async () => {
    try {
      const saved = await api('PUT', `/api/regions/${seg(info.name)}/progress/${y}`, { body: record, ifMatch: revision ?? undefined });
      setDirty(FORM, false);
      revision = saved.revision;
      await load();
      status('已保存进度', 'ok');
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) showErrors(form, err);
      else reportError(err, async () => {
        setDirty(FORM, false);
        await load();
      });
    }
  });
}

async function evaluate(button) {
  if (!confirmDiscard(FORM)) return;
  await busy(button, async () => {
    try {
      const e = await post(`/api/regions/${seg(info.name)}/evaluations`, { year: year() });
      fill($('#evaluation'), evaluationView(e, { pdfUrl: true, onDownload: (ev) => pdf(ev.currentTarget, `/api/evaluations/${seg(e.id)}/report.pdf`) }));
    } catch (err) {
      reportError(err);
    }
  });
}

const regionPdf = (button) => pdf(button, `/api/regions/${seg(info.name)}/report.pdf?year=${year()}`);

async function pdf(button, url) {
  await busy(button, async () => {
    try {
      status('正在生成评估报告…', 'info');
      status(`已下载 ${await download(url)}`, 'ok');
    } catch (err) {
      reportError(err);
    }
  });
}

await initPage({ active: 'regions', yearSwitch: false });
load();

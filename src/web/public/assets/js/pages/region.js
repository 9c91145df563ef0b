// 市州进度填报: one region's progress in the form its year's rule set declares (model.region: the
// counts, the dates, the per-county rows); save (with the revision, so a colleague's save is never
// overwritten), evaluate, download the region scorecard.
import { ApiError, api, get, post, seg } from '../api.js';
import { ruleSetForYear, tableRows } from '../catalog.js';
import { $, fill, h } from '../dom.js';
import { download } from '../download.js';
import { evaluationView } from '../evaluation-view.js';
import { clearErrors, showErrors } from '../field-errors.js';
import { busy, clearStatus, initPage, may, reportError, status, year } from '../layout.js';
import { measureTargets } from '../measures.js';
import { subjectForm } from '../subject-form.js';
import { confirmDiscard, setDirty, watchForm } from '../unsaved.js';

const FORM = 'region-form';
const regionParam = decodeURIComponent(location.pathname.split('/')[2] ?? '');
let revision = null;
let info = null;
let form = null;

async function load() {
  const y = year();
  try {
    const doc = await ruleSetForYear(y);
    info = tableRows(doc, 'regions').find((r) => r.name === regionParam || r.fullName === regionParam);
    if (!info) throw new ApiError(404, `${y}年度规则集中没有市州“${regionParam}”`);
    let record = null;
    try {
      record = await get(`/api/regions/${seg(info.name)}/progress/${y}`);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404) throw err;
    }
    revision = record?.revision ?? null;
    const body = record ?? { year: y, region: info.name };
    render(doc, body, await measureTargets(doc, [body]));
    setDirty(FORM, false);
  } catch (err) {
    fill($('#page'), h('h1', {}, '市州进度'), h('p', {}, h('a', { href: '/regions' }, '返回市州进度')));
    reportError(err);
  }
}

const canWrite = () => may('evaluator', 'region');

function render(doc, record, targets) {
  const y = year();
  // Beside each measure's input: the region's target (a fact of the rule set, e.g. from Annex 3).
  const notes = {};
  for (const m of targets.get(info.name) ?? []) if (m.target !== null) notes[m.field] = `任务 ${m.target}${m.unit ?? ''}`;
  form = subjectForm({ doc, kind: 'region', record, notes, readOnly: !canWrite(), onChange: () => setDirty(FORM) });
  const element = h('form', { id: FORM, novalidate: true, onsubmit: (e) => { e.preventDefault(); save(e.submitter ?? $('#save')); } },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    form.element,
    canWrite() && h('div', { class: 'actions form-actions' },
      h('button', { type: 'submit', class: 'btn primary', id: 'save' }, '保存进度'),
      h('span', { class: 'unsaved-flag', role: 'status' }, '有未保存的修改')));
  watchForm(element, FORM);
  form.markRequired({});
  fill($('#page'),
    h('div', { class: 'page-head' },
      h('h1', {}, `${info.fullName ?? info.name} ${y}年度进度`),
      revision ? h('span', { class: 'muted' }, `版本 ${revision}`) : h('span', { class: 'badge badge-warn' }, '尚未填报'),
      h('a', { href: `/regions?year=${y}` }, '返回市州进度'),
      h('button', { type: 'button', class: 'btn no-print', onclick: () => window.print() }, '打印')),
    h('p', { class: 'muted' }, `${doc.title}（规则集 ${doc.id}）。`),
    h('div', { class: 'with-side-panel' },
      element,
      h('aside', { class: 'panel side-panel', 'aria-labelledby': 'eval-title' },
        h('h2', { id: 'eval-title' }, '评估'),
        h('div', { class: 'actions' },
          canWrite() ? h('button', { type: 'button', class: 'btn primary', id: 'evaluate', disabled: !revision, onclick: (e) => evaluate(e.currentTarget) }, '评估并保存结果') : null,
          h('button', { type: 'button', class: 'btn', disabled: !revision, onclick: (e) => regionPdf(e.currentTarget) }, '下载市州评估报告（PDF）')),
        revision ? null : h('p', { class: 'muted' }, '保存进度后即可评估。'),
        h('div', { id: 'evaluation' }))));
}

async function save(button) {
  const element = $(`#${FORM}`);
  clearStatus();
  const y = year();
  const { body, problems } = form.collect();
  if (problems.length) {
    showErrors(element, { message: `有 ${problems.length} 处需要修改`, details: problems });
    return;
  }
  clearErrors(element);
  const record = { year: y, region: info.name, ...body };
  await busy(button, async () => {
    try {
      const saved = await api('PUT', `/api/regions/${seg(info.name)}/progress/${y}`, { body: record, ifMatch: revision ?? undefined });
      setDirty(FORM, false);
      revision = saved.revision;
      await load();
      status('已保存进度', 'ok');
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) showErrors(element, err);
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

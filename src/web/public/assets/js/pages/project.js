// 项目推荐表: create or edit one project (If-Match revision: a 409 offers a reload), evaluate it
// at the application or acceptance stage, read every rule's outcome, download the scorecard.
import { ApiError, api, del, get, post, seg } from '../api.js';
import { ruleSetForYear } from '../catalog.js';
import { $, dateTime, fill, h, queryParam, select } from '../dom.js';
import { download } from '../download.js';
import { evaluationView } from '../evaluation-view.js';
import { clearErrors, showErrors } from '../field-errors.js';
import { collect } from '../form-fields.js';
import { complianceBadge, STAGE } from '../labels.js';
import { busy, clearStatus, initPage, may, reportError, status, user, year } from '../layout.js';
import { checkedDeliverables, projectForm } from '../project-form.js';
import { confirmDiscard, setDirty, watchForm } from '../unsaved.js';

const FORM = 'project-form';
const idFromPath = () => {
  const m = /^\/projects\/([^/]+)$/.exec(location.pathname);
  return m && m[1] !== 'new' ? decodeURIComponent(m[1]) : null;
};

let projectId = idFromPath();
let revision = null;

async function years() {
  const sets = await get('/api/rule-sets');
  return [...new Set(sets.filter((s) => s.activeVersion !== null).map((s) => s.year))].sort((a, b) => b - a);
}

async function load() {
  const page = $('#page');
  try {
    // A region user's new project starts in their own region (the only one they may create in).
    const project = projectId ? await get(`/api/projects/${seg(projectId)}`) : { year: Number(queryParam('year')) || year(), category: 'new', region: user()?.region ?? undefined };
    revision = project.revision ?? null;
    const doc = await ruleSetForYear(project.year);
    render(project, doc, await years());
    setDirty(FORM, false);
  } catch (err) {
    fill(page, h('h1', {}, '项目'), h('p', {}, h('a', { href: '/projects' }, '返回项目列表')));
    reportError(err);
  }
}

function render(project, doc, yearList) {
  const form = h('form', { id: FORM, novalidate: true, onsubmit: (e) => { e.preventDefault(); save(e.submitter ?? $('#save')); } },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    projectForm(project, doc, yearList),
    may('evaluator', 'region') ? h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary', id: 'save' }, projectId ? '保存修改' : '保存项目'),
      h('span', { class: 'unsaved-flag', role: 'status' }, '有未保存的修改'),
      projectId ? h('button', { type: 'button', class: 'btn danger', onclick: remove }, '删除项目') : null) : h('p', { class: 'muted' }, '当前角色只能查看，不能修改项目。'));
  watchForm(form, FORM);
  fill($('#page'),
    h('div', { class: 'page-head' },
      h('h1', {}, projectId ? project.name : '新建示范项目'),
      projectId ? h('span', { class: 'muted' }, `编号 ${projectId}　版本 ${revision}`) : null,
      h('a', { href: `/projects?year=${project.year}` }, '返回项目列表'),
      h('button', { type: 'button', class: 'btn no-print', onclick: () => window.print() }, '打印')),
    h('p', { class: 'muted' }, `${project.year}年度“万千百十一”质量提升省级示范项目推荐表（附件2）。带 * 的为必填项；金额以万元填写。`),
    form,
    projectId ? evaluationPanel() : h('p', { class: 'muted' }, '保存后即可评估。'));
  if (projectId) loadHistory();
}

async function save(button) {
  const form = $(`#${FORM}`);
  clearStatus();
  const { body, problems } = collect(form);
  if (problems.length) {
    showErrors(form, { message: `有 ${problems.length} 处需要修改`, details: problems });
    return;
  }
  body.year = Number(body.year);
  body.deliverables = checkedDeliverables(form);
  clearErrors(form);
  await busy(button, async () => {
    try {
      const saved = projectId
        ? await api('PUT', `/api/projects/${seg(projectId)}`, { body, ifMatch: revision })
        : await post('/api/projects', body);
      setDirty(FORM, false);
      const created = !projectId;
      projectId = saved.id;
      revision = saved.revision;
      if (created) history.replaceState(null, '', `/projects/${seg(saved.id)}`);
      await load();
      status(created ? `已保存，项目编号 ${saved.id}` : '已保存修改', 'ok');
    } catch (err) {
      // A 409 with field details is a duplicate (same name in the region and year), not a stale edit.
      if (err instanceof ApiError && (err.status === 400 || (err.status === 409 && err.details.length))) showErrors(form, err);
      else reportError(err, async () => {
        setDirty(FORM, false);
        await load();
      });
    }
  });
}

async function remove() {
  if (!window.confirm('确定删除该项目吗？删除后不可恢复。')) return;
  try {
    await del(`/api/projects/${seg(projectId)}`);
    setDirty(FORM, false);
    location.assign('/projects');
  } catch (err) {
    reportError(err);
  }
}

function evaluationPanel() {
  const stage = select({ id: 'stage', name: 'stage' }, [['application', STAGE.application], ['acceptance', STAGE.acceptance]], queryParam('stage') ?? 'application');
  return h('section', { class: 'panel', 'aria-labelledby': 'eval-title' },
    h('h2', { id: 'eval-title' }, '评估'),
    may('evaluator', 'region') ? h('div', { class: 'actions' },
      h('label', { for: 'stage' }, '阶段'), stage,
      h('button', { type: 'button', class: 'btn primary', id: 'evaluate', onclick: (e) => evaluate(e.currentTarget) }, '评估并保存结果')) : null,
    h('div', { id: 'evaluation' }),
    h('h3', {}, '历次评估'),
    h('div', { id: 'history' }));
}

async function evaluate(button) {
  if (!confirmDiscard(FORM)) return;
  await busy(button, async () => {
    try {
      const e = await post(`/api/projects/${seg(projectId)}/evaluations`, { stage: $('#stage').value });
      showEvaluation(e);
      loadHistory();
    } catch (err) {
      reportError(err);
    }
  });
}

function showEvaluation(e) {
  fill($('#evaluation'), evaluationView(e, { pdfUrl: true, onDownload: (ev) => downloadPdf(ev.currentTarget, e.id) }));
}

async function downloadPdf(button, evaluationId) {
  await busy(button, async () => {
    try {
      status('正在生成评估报告…', 'info');
      const name = await download(`/api/evaluations/${seg(evaluationId)}/report.pdf`, { fileName: `${projectId}.pdf` });
      status(`已下载 ${name}`, 'ok');
    } catch (err) {
      reportError(err);
    }
  });
}

async function loadHistory() {
  const box = $('#history');
  if (!box) return;
  try {
    const list = await get(`/api/projects/${seg(projectId)}/evaluations`);
    fill(box, list.length === 0 ? h('p', { class: 'muted' }, '还没有评估记录。') : h('table', { class: 'data' },
      h('thead', {}, h('tr', {}, ['评估时间', '阶段', '结论', '得分', '规则集版本', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, list.slice(0, 20).map((e) => h('tr', {},
        h('td', {}, dateTime(e.createdAt)), h('td', {}, STAGE[e.stage] ?? e.stage), h('td', {}, complianceBadge(e.compliant)),
        h('td', {}, e.score ?? '—'), h('td', {}, `${e.ruleSet.id} 第 ${e.ruleSet.version} 版`),
        h('td', {},
          h('button', { type: 'button', class: 'link-button', onclick: () => showEvaluation(e) }, '查看'), '　',
          h('button', { type: 'button', class: 'link-button', onclick: (ev) => downloadPdf(ev.currentTarget, e.id) }, '下载 PDF')))))));
  } catch (err) {
    fill(box, h('p', { class: 'field-error' }, err.message));
  }
}

await initPage({ active: 'projects', yearSwitch: false });
load();

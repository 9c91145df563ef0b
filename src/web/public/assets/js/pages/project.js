// 项目推荐表: create or edit one project in the form its year's rule set declares (If-Match
// revision: a 409 offers a reload), evaluate it at the application or acceptance stage from the
// panel beside the form, read every rule's outcome, download the scorecard.
import { ApiError, api, del, get, post, seg } from '../api.js';
import { activeYears, ruleSetForYear } from '../catalog.js';
import { $, dateTime, fill, h, queryParam, select } from '../dom.js';
import { download } from '../download.js';
import { evaluationView } from '../evaluation-view.js';
import { clearErrors, showErrors } from '../field-errors.js';
import { complianceBadge, STAGE } from '../labels.js';
import { busy, clearStatus, initPage, may, reportError, status, user, year } from '../layout.js';
import { projectForm } from '../project-form.js';
import { confirmDiscard, setDirty, watchForm } from '../unsaved.js';

const FORM = 'project-form';
const idFromPath = () => {
  const m = /^\/projects\/([^/]+)$/.exec(location.pathname);
  return m && m[1] !== 'new' ? decodeURIComponent(m[1]) : null;
};

let projectId = idFromPath();
let revision = null;
let form = null;

async function load() {
  const page = $('#page');
  try {
    // A region user's new project starts in their own region (the only one they may create in).
    const project = projectId ? await get(`/api/projects/${seg(projectId)}`) : { year: Number(queryParam('year')) || year(), region: user()?.region ?? undefined };
    revision = project.revision ?? null;
    const [doc, years] = await Promise.all([ruleSetForYear(project.year), activeYears()]);
    render(project, doc, years);
    setDirty(FORM, false);
  } catch (err) {
    fill(page, h('h1', {}, '项目'), h('p', {}, h('a', { href: '/projects' }, '返回项目列表')));
    reportError(err);
  }
}

const canWrite = () => may('evaluator', 'region');

function render(project, doc, years) {
  form = projectForm(project, doc, years, { readOnly: !canWrite(), onChange: () => setDirty(FORM) });
  const element = h('form', { id: FORM, novalidate: true, onsubmit: (e) => { e.preventDefault(); save(e.submitter ?? $('#save')); } },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    form.element,
    canWrite() ? h('div', { class: 'actions form-actions' },
      h('button', { type: 'submit', class: 'btn primary', id: 'save' }, projectId ? '保存修改' : '保存项目'),
      h('span', { class: 'unsaved-flag', role: 'status' }, '有未保存的修改'),
      projectId ? h('button', { type: 'button', class: 'btn danger', onclick: remove }, '删除项目') : null) : h('p', { class: 'muted' }, '当前角色只能查看，不能修改项目。'));
  watchForm(element, FORM);
  // The required marks follow the category chosen and the stage the panel evaluates.
  element.addEventListener('change', (e) => {
    if (e.target.name === 'category') markRequired();
    if (e.target.name === 'year') changeYear(Number(e.target.value));
  });
  fill($('#page'),
    h('div', { class: 'page-head' },
      h('h1', {}, projectId ? project.name : '新建项目'),
      projectId ? h('span', { class: 'muted' }, `编号 ${projectId}　版本 ${revision}`) : null,
      h('a', { href: `/projects?year=${project.year}` }, '返回项目列表'),
      h('button', { type: 'button', class: 'btn no-print', onclick: () => window.print() }, '打印')),
    h('p', { class: 'muted' }, `${doc.title}（规则集 ${doc.id}）。带 * 的为所选阶段与项目类别的必填项；金额以万元填写。`),
    h('div', { class: 'with-side-panel' }, element, evaluationPanel()));
  markRequired();
  if (projectId) loadHistory();
}

function markRequired() {
  form?.markRequired({ stage: $('#stage')?.value ?? 'application', category: $('[name="category"]')?.value ?? '' });
}

/** Another year has another model: the form is drawn again under that year's rule set, keeping what was typed. */
async function changeYear(newYear) {
  try {
    const { body } = form.collect();
    const doc = await ruleSetForYear(newYear);
    render({ ...body, year: newYear, id: projectId ?? undefined }, doc, await activeYears());
    setDirty(FORM, true);
  } catch (err) {
    reportError(err);
  }
}

async function save(button) {
  const element = $(`#${FORM}`);
  clearStatus();
  const { body, problems } = form.collect();
  if (problems.length) {
    showErrors(element, { message: `有 ${problems.length} 处需要修改`, details: problems });
    return;
  }
  clearErrors(element);
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
      if (err instanceof ApiError && (err.status === 400 || (err.status === 409 && err.details.length))) showErrors(element, err);
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

/** Beside the form (sticky): the stage, the evaluate button, the verdict and the history. */
function evaluationPanel() {
  const stage = select({ id: 'stage', name: 'stage', onchange: markRequired }, [['application', STAGE.application], ['acceptance', STAGE.acceptance]], queryParam('stage') ?? 'application');
  return h('aside', { class: 'panel side-panel', 'aria-labelledby': 'eval-title' },
    h('h2', { id: 'eval-title' }, '评估'),
    h('div', { class: 'actions' },
      h('label', { for: 'stage' }, '阶段'), stage,
      projectId && canWrite() ? h('button', { type: 'button', class: 'btn primary', id: 'evaluate', onclick: (e) => evaluate(e.currentTarget) }, '评估并保存结果') : null),
    projectId ? null : h('p', { class: 'muted' }, '保存项目后即可评估。'),
    h('div', { id: 'evaluation' }),
    projectId ? [h('h3', {}, '历次评估'), h('div', { id: 'history' })] : null);
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
    fill(box, list.length === 0 ? h('p', { class: 'muted' }, '还没有评估记录。') : h('table', { class: 'data compact' },
      h('thead', {}, h('tr', {}, ['评估时间', '阶段', '结论', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, list.slice(0, 20).map((e) => h('tr', {},
        h('td', { title: `规则集 ${e.ruleSet.id} 第 ${e.ruleSet.version} 版` }, dateTime(e.createdAt)),
        h('td', {}, STAGE[e.stage] ?? e.stage),
        h('td', {}, complianceBadge(e.compliant), e.score !== null && e.score !== undefined ? ` ${e.score}分` : ''),
        h('td', { class: 'nowrap' },
          h('button', { type: 'button', class: 'link-button', onclick: () => showEvaluation(e) }, '查看'), ' ',
          h('button', { type: 'button', class: 'link-button', onclick: (ev) => downloadPdf(ev.currentTarget, e.id) }, 'PDF')))))));
  } catch (err) {
    fill(box, h('p', { class: 'field-error' }, err.message));
  }
}

await initPage({ active: 'projects', yearSwitch: false });
load();

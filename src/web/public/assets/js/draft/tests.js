// 测试 tab: the rule set's fixture tests as forms — sample projects and region records entered in
// the forms the model generates, with the outcome expected of each rule — and a run of them all
// against the saved draft, its failures worded in Chinese. A test is saved by replacing the draft
// document (PUT …/draft with its revision), so a refused save names the control at fault.
import { ApiError, post } from '../api.js';
import { fill, h } from '../dom.js';
import { clearErrors, describePointer, showErrors } from '../field-errors.js';
import { STAGE } from '../labels.js';
import { busy, reportError, status } from '../layout.js';
import { isDirty, setDirty, watchForm } from '../unsaved.js';
import { doc, draftUrl, draftState, writeDraft } from './state.js';
import { testForm } from './test-form.js';
import { KIND_LABEL } from './test-subject.js';

const KEY = 'draft-test';
const OUTCOME = { pass: '符合', fail: '不符合', not_applicable: '不适用', missing: '没有结果' };

/** The editor open in this tab: { index (null: a new test), form }, kept while it holds edits. */
let editing = null;
/** The last run and the draft revision it ran on: shown until the draft changes. */
let lastRun = null;
const currentRun = () => (lastRun && lastRun.revision === draftState.draft.revision ? lastRun.result : null);

function subjectName(test, id) {
  if (id === 'province') return KIND_LABEL.province;
  const project = (test?.projects ?? []).find((p) => String(p.id) === id);
  if (project) return `项目「${project.name ?? id}」`;
  return (test?.regions ?? []).some((r) => r.region === id) ? `市州「${id}」` : `“${id}”`;
}

function fieldLabel(kind, path) {
  const key = path.split('/').filter(Boolean).join('.');
  const field = doc().model?.[kind]?.fields.find((f) => f.key === key || key.startsWith(`${f.key}.`));
  return field ? `「${field.label}」` : path ? describePointer(path).replace(/：$/, '') : '';
}

/** "/tests/2/projects/0/funding/provincial 应为…" → "项目 1 的「省级资金」应为…". */
function wordError(text) {
  return text.replace(/\/tests\/\d+\/(projects|regions)\/(\d+)((?:\/[^\s/；：]+)*)/g, (_, field, j, rest) => {
    const kind = field === 'projects' ? 'project' : 'region';
    return `${KIND_LABEL[kind]} ${Number(j) + 1}${rest ? ` 的${fieldLabel(kind, rest)}` : ''}`;
  });
}

function runView(r) {
  const tests = doc().tests;
  const failed = r.tests.filter((t) => !t.passed);
  return h('div', { class: 'test-run' },
    h('p', {}, r.passed ? h('span', { class: 'badge badge-pass' }, '测试全部通过') : h('span', { class: 'badge badge-fail' }, r.failed > 0 ? '有测试未通过' : '测试用例不足'), `　共 ${r.total} 个，未通过 ${r.failed} 个`),
    (r.uncovered ?? []).map((u) => h('p', { class: 'field-error' }, u.message)),
    failed.map((t) => {
      const test = tests.find((x) => x.name === t.name);
      const title = (id) => doc().rules.find((x) => x.id === id)?.title ?? id;
      return h('div', { class: 'test-failure' }, h('h4', {}, `未通过：${t.name}`),
        t.error ? h('p', { class: 'field-error' }, `无法评估：${wordError(t.error)}`) : null,
        h('ul', {}, (t.mismatches ?? []).map((m) => h('li', {},
          `${subjectName(test, m.subject)} · ${title(m.ruleId)}：应为${OUTCOME[m.expected] ?? m.expected}，实际${OUTCOME[m.actual] ?? m.actual}`,
          m.message ? h('span', { class: 'muted' }, `（${m.message}）`) : null))));
    }));
}

async function runTests(out) {
  try {
    const revision = draftState.draft.revision;
    lastRun = { revision, result: await post(draftUrl('/test'), {}) };
    fill(out, runView(lastRun.result));
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) fill(out, h('div', { class: 'error-summary' }, h('p', { class: 'error-title' }, err.message), h('ul', {}, err.details.map((d) => h('li', {}, describePointer(d.pointer), d.message)))));
    else throw err;
  }
}

/** Saves the draft with its tests changed by `change(tests)`; `at` is the test's index for pointers. */
async function saveTests(change, at, form, done, hooks) {
  const next = structuredClone(doc());
  change(next.tests);
  try {
    await writeDraft('PUT', '', next);
    editing = null;
    setDirty(KEY, false);
    hooks.rerender();
    status(done, 'ok');
  } catch (err) {
    const prefix = `/tests/${at}`;
    if (err instanceof ApiError && err.status === 400 && form) showErrors(form, err, (p) => (p === prefix || p.startsWith(`${prefix}/`) ? p.slice(prefix.length) || '/' : p));
    else reportError(err, hooks.reload);
  }
}

function editorView(index, hooks) {
  const test = index === null ? { name: '', stage: 'application', projects: [], expect: {} } : doc().tests[index];
  const editor = testForm(doc(), test);
  const form = h('form', { id: 'test-editor', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(e.submitter ?? form.querySelector('[type=submit]')); } },
    h('h3', {}, index === null ? '新增测试' : `编辑测试「${test.name}」`),
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    editor.el,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary', id: 'save-test' }, '保存测试'),
      h('button', { type: 'button', class: 'btn', onclick: () => { editing = null; setDirty(KEY, false); hooks.rerender(); } }, '取消'),
      h('span', { class: 'unsaved-flag', role: 'status' }, '有未保存的修改')));
  watchForm(form, KEY);
  async function save(button) {
    const { test: body, problems } = editor.read();
    const at = index ?? doc().tests.length;
    if (doc().tests.some((t, i) => t.name === body.name && i !== index)) problems.push({ pointer: '/name', message: '已有同名的测试' });
    if (problems.length) return showErrors(form, { message: `有 ${problems.length} 处需要修改`, details: problems });
    clearErrors(form);
    await busy(button, () => saveTests((tests) => (index === null ? tests.push(body) : (tests[index] = body)), at, form, `已保存测试「${body.name}」`, hooks));
  }
  return form;
}

function listView(hooks, slot) {
  const tests = doc().tests;
  const result = (name) => currentRun()?.tests.find((t) => t.name === name);
  const open = (index) => {
    if (editing && isDirty(KEY) && !window.confirm('正在编辑的测试有未保存的修改，继续将丢失这些修改。确定继续吗？')) return;
    setDirty(KEY, false);
    editing = { index, form: editorView(index, hooks) };
    fill(slot, editing.form);
    editing.form.scrollIntoView({ block: 'start' });
    editing.form.querySelector('#test-name')?.focus();
  };
  const remove = (i, button) => {
    if (!window.confirm(`确定删除测试「${tests[i].name}」吗？`)) return;
    busy(button, () => saveTests((list) => list.splice(i, 1), i, null, `已删除测试「${tests[i].name}」`, hooks));
  };
  const subjects = (t) => [t.projects?.length ? `项目 ${t.projects.length} 个` : null, t.regions?.length ? `市州进度 ${t.regions.length} 个` : null].filter(Boolean).join('，');
  const checks = (t) => Object.values(t.expect ?? {}).reduce((n, e) => n + Object.keys(e).length, 0);
  return {
    open,
    el: h('table', { class: 'data', id: 'test-list' },
      h('thead', {}, h('tr', {}, ['测试', '阶段', '对象', '核对的结果', '上次运行', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, tests.map((t, i) => h('tr', { dataset: { test: t.name } },
        h('td', {}, t.name),
        h('td', {}, t.stage ? STAGE[t.stage] : t.projects?.length ? STAGE.application : '—'),
        h('td', {}, subjects(t)),
        h('td', { class: 'num' }, checks(t)),
        h('td', {}, result(t.name) ? (result(t.name).passed ? h('span', { class: 'badge badge-pass' }, '通过') : h('span', { class: 'badge badge-fail' }, '未通过')) : h('span', { class: 'muted' }, '—')),
        h('td', {},
          h('button', { type: 'button', class: 'btn edit-test', onclick: () => open(i) }, '编辑'), ' ',
          h('button', { type: 'button', class: 'btn danger', onclick: (e) => remove(i, e.currentTarget) }, '删除')))))),
  };
}

export function renderTests(panel, hooks) {
  const slot = h('div', { id: 'test-editor-slot' });
  if (editing && isDirty(KEY)) fill(slot, editing.form);
  else editing = null;
  const out = h('div', { id: 'draft-tests-output', 'aria-live': 'polite' }, currentRun() ? runView(currentRun()) : null);
  let list = listView(hooks, slot);
  const listBox = h('div', {}, list.el);
  const drawList = () => {
    list = listView(hooks, slot);
    fill(listBox, list.el);
  };
  fill(panel,
    h('p', { class: 'muted' }, '测试用例用样例项目和市州进度核对每条规则的结果；发布前必须全部通过。运行的是已保存的草稿。'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn primary', id: 'run-draft-tests', onclick: (e) => busy(e.currentTarget, () => runTests(out).then(() => drawList()).catch((err) => reportError(err))) }, '运行全部测试'),
      h('button', { type: 'button', class: 'btn', id: 'add-test', onclick: () => list.open(null) }, '新增测试')),
    out, listBox, slot);
}

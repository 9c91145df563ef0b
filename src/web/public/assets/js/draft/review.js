// 检查与发布 tab: validate, run the fixture tests, see the diff against the base version and the
// impact on the year's stored projects and regions, then publish with a comment (or discard).
import { api, ApiError, get, post } from '../api.js';
import { diffView } from '../diff-view.js';
import { fill, h } from '../dom.js';
import { describePointer, showErrors } from '../field-errors.js';
import { complianceBadge, STAGE } from '../labels.js';
import { busy, reportError, status } from '../layout.js';
import { clearAllDirty, isDirty } from '../unsaved.js';
import { draftState, draftUrl } from './state.js';

const OUTCOME = { pass: '通过', fail: '未通过', not_applicable: '不适用', missing: '无' };

function problemList(problems) {
  return h('ul', {}, problems.map((p) => h('li', {}, describePointer(p.pointer), p.message)));
}

async function validate(out) {
  const r = await post(draftUrl('/validate'), {});
  fill(out, r.valid ? h('p', { class: 'badge badge-pass' }, '校验通过') : h('div', { class: 'error-summary' }, h('p', { class: 'error-title' }, `有 ${r.problems.length} 处错误`), problemList(r.problems)));
}

async function runTests(out) {
  try {
    const r = await post(draftUrl('/test'), {});
    fill(out,
      h('p', {}, r.passed ? h('span', { class: 'badge badge-pass' }, '测试全部通过') : h('span', { class: 'badge badge-fail' }, '有测试未通过'), `　共 ${r.total} 个，未通过 ${r.failed} 个`),
      h('table', { class: 'data', id: 'test-results' },
        h('thead', {}, h('tr', {}, ['测试用例', '结果', '不一致之处'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, r.tests.map((t) => h('tr', { class: t.passed ? null : 'row-fail' },
          h('td', {}, t.name),
          h('td', {}, t.passed ? h('span', { class: 'badge badge-pass' }, '通过') : h('span', { class: 'badge badge-fail' }, '未通过')),
          h('td', { class: 'small' }, t.error ?? '', (t.mismatches ?? []).map((m) => h('div', {}, `${m.subject} · ${m.ruleId}：应为${OUTCOME[m.expected]}，实际${OUTCOME[m.actual] ?? m.actual}（${m.message}）`))))))));
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) fill(out, h('div', { class: 'error-summary' }, h('p', { class: 'error-title' }, err.message), problemList(err.details)));
    else throw err;
  }
}

async function showDiff(out) {
  const d = draftState.draft;
  const from = d.baseVersion && (d.baseRuleSetId ?? draftState.id) === draftState.id ? d.baseVersion : null;
  const qs = from ? `?from=${from}&to=draft` : d.baseVersion ? `?from=${encodeURIComponent(`${d.baseRuleSetId}@${d.baseVersion}`)}&to=draft` : '?to=draft';
  const r = await get(`/api/rule-sets/${encodeURIComponent(draftState.id)}/diff${qs}`);
  fill(out, h('p', { class: 'muted' }, `${r.from.id} 第 ${r.from.version} 版 → 草稿（第 ${r.to.version} 版）`), diffView(r.changes, '草稿与基础版本相同。'));
}

const verdict = (v) => h('span', {}, complianceBadge(v.compliant), v.score !== null && v.score !== undefined ? ` ${v.score}分` : '', v.grade ? ` ${v.grade}` : '');

async function showImpact(out) {
  fill(out, h('p', { class: 'muted' }, '正在按草稿与现行版本重新评估…'));
  const r = await get(draftUrl('/impact'));
  const against = r.against ? `${r.against.id} 第 ${r.against.version} 版` : '（无现行版本）';
  fill(out,
    h('p', {}, `${r.year}年度：重新评估了 ${r.evaluated.projects} 个项目（申报、验收两个阶段）和 ${r.evaluated.regions} 个市州；与 ${against} 相比，结果变化的有 `, h('strong', {}, `${r.changed.length} 项`), '。'),
    r.changed.length === 0 ? h('p', { class: 'muted' }, '没有任何评估结果发生变化。') : h('table', { class: 'data', id: 'impact-results' },
      h('thead', {}, h('tr', {}, ['对象', '阶段', '现行版本', '草稿', '变化的规则'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, r.changed.map((c) => h('tr', {},
        h('td', {}, c.subject.region && c.subject.kind === 'project' ? `${c.subject.region}｜${c.subject.name}` : c.subject.name),
        h('td', {}, STAGE[c.stage] ?? c.stage),
        h('td', {}, verdict(c.before)),
        h('td', {}, verdict(c.after)),
        h('td', { class: 'small' }, c.rules.map((x) => h('div', {}, `${x.title}：${OUTCOME[x.before] ?? x.before} → ${OUTCOME[x.after] ?? x.after}（${x.afterMessage}）`))))))));
}

function publishForm(hooks) {
  const form = h('form', { id: 'publish-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); publish(form, e.submitter, hooks); } },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    h('label', { for: 'publish-comment', class: 'required' }, '发布说明（为什么修改，将记入审计日志）'),
    h('div', { class: 'field-anchor' }, h('textarea', { id: 'publish-comment', rows: 2, dataset: { pointer: '/comment' } })),
    h('label', {}, h('input', { type: 'checkbox', id: 'publish-activate', checked: true }), ' 发布后立即作为该年度的生效版本'),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary', id: 'publish' }, '发布'),
      h('button', { type: 'button', class: 'btn danger', onclick: (e) => discard(e.currentTarget, hooks) }, '放弃草稿')));
  return form;
}

async function publish(form, button, hooks) {
  if (isDirty() && !window.confirm('其他标签页中还有未保存的修改，发布的是已保存的草稿。继续发布吗？')) return;
  const comment = form.querySelector('#publish-comment').value.trim();
  if (!comment) return showErrors(form, { message: '请填写发布说明', details: [{ pointer: '/comment', message: '请说明本次发布的原因' }] });
  await busy(button, async () => {
    try {
      const r = await api('POST', draftUrl('/publish'), { body: { comment, activate: form.querySelector('#publish-activate').checked }, ifMatch: draftState.draft.revision });
      clearAllDirty();
      hooks.published(r);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) showErrors(form, err);
      else reportError(err, hooks.reload);
    }
  });
}

async function discard(button, hooks) {
  if (!window.confirm('确定放弃这份草稿吗？草稿中的全部修改都将丢失。')) return;
  await busy(button, async () => {
    try {
      await api('DELETE', draftUrl(), { ifMatch: draftState.draft.revision });
      hooks.discarded();
    } catch (err) {
      reportError(err, hooks.reload);
    }
  });
}

/** A step: a button that fills its own output box. */
function step(title, label, id, run) {
  const out = h('div', { id: `${id}-output`, 'aria-live': 'polite' });
  return h('section', { class: 'panel' }, h('h3', {}, title),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id, onclick: (e) => busy(e.currentTarget, () => run(out).catch((err) => reportError(err))) }, label)),
    out);
}

export function renderReview(panel, hooks) {
  fill(panel,
    h('p', { class: 'muted' }, '发布前请依次检查：校验、测试、差异与影响。发布时服务会再次校验并运行全部测试，不通过则不能发布。'),
    step('1. 校验', '校验草稿', 'validate', validate),
    step('2. 测试用例', '运行测试', 'run-tests', runTests),
    step('3. 与基础版本的差异', '查看差异', 'show-diff', showDiff),
    step('4. 影响预览', '预览影响', 'show-impact', showImpact),
    h('section', { class: 'panel' }, h('h3', {}, '5. 发布'), publishForm(hooks)));
}

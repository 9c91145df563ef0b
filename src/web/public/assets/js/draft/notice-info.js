// 通知信息: the rule set's name and the notice it carries out — 通知标题, 发文机关, 文号, 成文日期 —
// printed at the head of every scorecard. A rule set copied for next year starts with last year's
// notice, so the officer types in the new one here. Saved by replacing the draft document (PUT
// …/draft with its revision); a refused value is shown beside its input.
import { h } from '../dom.js';
import { clearErrors, showErrors } from '../field-errors.js';
import { watchForm } from '../unsaved.js';
import { submit } from './draft-write.js';
import { doc, writeDraft } from './state.js';

// Under the 参数 tab's prefix, so the tab keeps an unsaved edit here when another tab saves.
const KEY = 'draft-parameters-notice';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function noticeInfoForm(hooks) {
  const d = doc();
  const input = (key, label, type = 'text', hint = null) => {
    const el = h('input', { type, id: `notice-${key}`, value: d[key] ?? '', autocomplete: 'off', dataset: { pointer: `/${key}` } });
    return { key, el, row: h('tr', {}, h('th', { scope: 'row' }, h('label', { for: el.id }, label)), h('td', {}, h('span', { class: 'field-anchor' }, el), hint ? h('span', { class: 'hint' }, hint) : null)) };
  };
  const inputs = [
    input('title', '规则集名称', 'text', '版本列表和各页面显示的名称'),
    input('noticeTitle', '通知标题', 'text', '印在评估报告的抬头'),
    input('issuer', '发文机关'),
    input('documentNumber', '文号', 'text', '没有文号可不填'),
    input('documentDate', '成文日期', 'date'),
  ];
  const form = h('form', { id: 'notice-info', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(e.submitter ?? form.querySelector('[type=submit]')); } },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    h('table', { class: 'form-table' }, h('tbody', {}, inputs.map((i) => i.row))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', id: 'save-notice-info' }, '保存通知信息')));
  watchForm(form, KEY);

  function save(button) {
    const value = Object.fromEntries(inputs.map((i) => [i.key, i.el.value.trim()]));
    const problems = ['title', 'noticeTitle', 'issuer'].filter((k) => !value[k]).map((k) => ({ pointer: `/${k}`, message: '请填写' }));
    if (!DATE.test(value.documentDate)) problems.push({ pointer: '/documentDate', message: '请选择成文日期' });
    if (problems.length) return showErrors(form, { message: '通知信息未保存：有需要修改的内容', details: problems });
    clearErrors(form);
    const next = { ...structuredClone(doc()), ...value, documentNumber: value.documentNumber || null };
    return submit(button, { form, hooks, dirtyKey: KEY, write: () => writeDraft('PUT', '', next), done: '已保存通知信息' });
  }

  return h('details', { class: 'panel notice-info' },
    h('summary', {}, `通知信息：${d.noticeTitle}`), form);
}

// 新增参数: a new number, date or word of the notice (产业链项目省级资金上限 = 40万元, a matching
// ratio 0.5). The officer names it twice: in Chinese for people, and with a short English name
// that rules and expressions write as param.<name>. The value input follows the type chosen.
import { fill, h } from '../dom.js';
import { showErrors } from '../field-errors.js';
import { PARAM_TYPE } from '../labels.js';
import { confirmDiscard, watchForm } from '../unsaved.js';
import { submit } from './draft-write.js';
import { doc, writeDraft } from './state.js';
import { typedControl } from './typed-control.js';

const KEY = 'draft-parameters-new';
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const HAS_UNIT = new Set(['integer', 'number', 'text']);

/** One line of the form: the label, the input, a hint under it. */
function labelled(id, text, input, hint) {
  return h('tr', {}, h('th', { scope: 'row' }, h('label', { for: id }, text)), h('td', {}, h('span', { class: 'field-anchor' }, input), hint ? h('span', { class: 'hint' }, hint) : null));
}

export function addParameterForm(hooks) {
  const text = (id, pointer, extra = {}) => h('input', { type: 'text', id, autocomplete: 'off', dataset: { pointer }, ...extra });
  const label = text('new-param-label', '/label', { placeholder: '如 产业链项目省级资金上限' });
  const name = text('new-param-name', '/name', { placeholder: '如 capChain', spellcheck: 'false' });
  const type = h('select', { id: 'new-param-type', dataset: { pointer: '/type' } }, Object.entries(PARAM_TYPE).map(([k, l]) => h('option', { value: k }, l)));
  const unit = text('new-param-unit', '/unit', { class: 'narrow', placeholder: '如 个、人' });
  const unitField = labelled('new-param-unit', '单位', unit);
  const clause = text('new-param-clause', '/clause', { class: 'narrow', placeholder: '如 三（二）' });
  const note = h('textarea', { id: 'new-param-note', rows: 2, dataset: { pointer: '/note' } });
  const assumption = h('input', { type: 'checkbox', id: 'new-param-assumption', dataset: { pointer: '/assumption' } });
  const valueCell = h('td');
  let value;
  const retype = () => {
    value = typedControl(doc(), { key: 'value', label: '值', type: type.value }, undefined, { pointer: '/value', id: 'new-param-value', required: type.value !== 'boolean' });
    fill(valueCell, value.el, type.value === 'amount' ? h('span', { class: 'hint' }, '以万元填写，按元精确保存') : null);
    unitField.hidden = !HAS_UNIT.has(type.value);
  };
  type.addEventListener('change', retype);
  retype();

  const form = h('form', { id: 'add-parameter', novalidate: true, onsubmit: (e) => { e.preventDefault(); add(); } },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    h('table', { class: 'form-table' }, h('tbody', {},
      labelled('new-param-label', '参数名称', label, '给人看的中文名称，提示语和报告中显示它'),
      labelled('new-param-name', '参数名（英文）', name, '规则、提示语和表达式以 param.参数名 引用它：以英文字母开头，只含英文字母、数字和下划线，保存后不能修改'),
      labelled('new-param-type', '类型', type),
      h('tr', {}, h('th', { scope: 'row' }, h('label', { for: 'new-param-value' }, '值')), valueCell),
      unitField,
      labelled('new-param-clause', '条款', clause, '通知中规定它的条款'),
      labelled('new-param-note', '说明', note),
      labelled('new-param-assumption', '待确认', assumption, '通知未明确、暂取的假设值'))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', id: 'add-parameter-submit' }, '添加参数')));
  watchForm(form, KEY);

  const add = () => {
    // Adding redraws the list above: unsaved changes there would be lost.
    if (!confirmDiscard('draft-parameters')) return;
    const v = value.read();
    const problems = [
      ...(label.value.trim() ? [] : [{ pointer: '/label', message: '请填写参数名称' }]),
      ...(NAME.test(name.value.trim()) ? [] : [{ pointer: '/name', message: '参数名以英文字母开头，只含英文字母、数字和下划线，如 capChain' }]),
      ...(v.problem ? [{ pointer: '/value', message: v.problem }] : []),
    ];
    const body = {
      name: name.value.trim(), label: label.value.trim(), type: type.value, value: type.value === 'boolean' ? v.value === true : v.value,
      ...(HAS_UNIT.has(type.value) && unit.value.trim() ? { unit: unit.value.trim() } : {}),
      clause: clause.value.trim(),
      ...(note.value.trim() ? { note: note.value.trim() } : {}),
      ...(assumption.checked ? { assumption: true } : {}),
    };
    const at = doc().parameters.length;
    const submitButton = form.querySelector('[type=submit]');
    if (problems.length) return showErrors(form, { message: '参数未添加：有需要修改的内容', details: problems });
    return submit(submitButton, {
      form, hooks, dirtyKey: KEY, write: () => writeDraft('POST', '/parameters', body), done: `已添加参数「${body.label}」（param.${body.name}）`,
      resolve: (p) => (p.startsWith(`/parameters/${at}/`) ? p.slice(`/parameters/${at}`.length) : p),
    });
  };
  return h('details', { class: 'panel add-parameter', open: false }, h('summary', {}, '新增参数'), form);
}

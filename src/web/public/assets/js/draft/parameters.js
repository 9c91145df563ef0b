// 参数 tab: every parameter of the draft as a typed form field (amounts in 万元, dates with a date
// picker, integers as integers). Saving PATCHes only the changed ones, one by one, each with the
// current revision; a refused value is shown beside its field.
import { ApiError, seg } from '../api.js';
import { fill, h } from '../dom.js';
import { clearErrors, showErrors } from '../field-errors.js';
import { PARAM_TYPE } from '../labels.js';
import { busy, reportError, status } from '../layout.js';
import { parseWan, wanNumber, wanProblem } from '../money.js';
import { setDirty, watchForm } from '../unsaved.js';
import { doc, writeDraft } from './state.js';

const KEY = 'draft-parameters';

function input(p, i) {
  const id = `param-${p.name}`;
  const attrs = { id, name: p.name, dataset: { pointer: `/parameters/${i}/value`, param: p.name, type: p.type } };
  switch (p.type) {
    case 'amount':
      return [h('input', { ...attrs, type: 'text', class: 'amount', inputmode: 'decimal', value: wanNumber(p.value), autocomplete: 'off' }), h('span', { class: 'unit' }, '万元')];
    case 'integer':
      return [h('input', { ...attrs, type: 'number', step: 1, value: p.value }), p.unit ? h('span', { class: 'unit' }, p.unit) : null];
    case 'number':
      return [h('input', { ...attrs, type: 'text', inputmode: 'decimal', value: p.value }), p.unit ? h('span', { class: 'unit' }, p.unit) : null];
    case 'date':
      return h('input', { ...attrs, type: 'date', value: p.value });
    case 'boolean':
      return h('input', { ...attrs, type: 'checkbox', checked: p.value === true });
    default:
      return h('input', { ...attrs, type: 'text', value: p.value });
  }
}

/** The typed value of one parameter input, or a problem in Chinese. */
function read(el) {
  const raw = el.type === 'checkbox' ? el.checked : el.value.trim();
  switch (el.dataset.type) {
    case 'amount': {
      const problem = raw === '' ? '请填写金额' : wanProblem(raw);
      return problem ? { problem } : { value: parseWan(raw) };
    }
    case 'integer':
      return /^-?\d+$/.test(raw) ? { value: Number(raw) } : { problem: '请填写整数' };
    case 'number':
      return raw !== '' && Number.isFinite(Number(raw)) ? { value: Number(raw) } : { problem: '请填写数字' };
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(raw) ? { value: raw } : { problem: '请选择日期' };
    case 'boolean':
      return { value: raw };
    default:
      return { value: raw };
  }
}

let hooks = { reload: async () => {}, rerender: () => {} };

/** hooks: { reload() — fetch the draft again, rerender() — redraw this tab }. */
export function renderParameters(panel, pageHooks) {
  hooks = pageHooks;
  const d = doc();
  const form = h('form', { id: 'parameters-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(form, e.submitter); } },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    h('table', { class: 'data' },
      h('caption', { class: 'visually-hidden' }, '参数'),
      h('thead', {}, h('tr', {}, ['参数', '条款', '类型', '值', '说明'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, d.parameters.map((p, i) => h('tr', {},
        h('th', { scope: 'row' }, h('label', { for: `param-${p.name}` }, p.label), h('br'), h('code', { class: 'small muted' }, p.name)),
        h('td', {}, p.clause),
        h('td', { class: 'small' }, PARAM_TYPE[p.type] ?? p.type),
        h('td', {}, h('div', { class: 'field-anchor' }, input(p, i))),
        h('td', { class: 'small' }, p.note ?? '', p.assumption ? h('span', { class: 'badge badge-warn' }, '假设值，待确认') : null))))),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary', id: 'save-parameters' }, '保存参数修改'),
      h('span', { class: 'unsaved-flag', role: 'status' }, '有未保存的修改')));
  watchForm(form, KEY);
  fill(panel, h('p', { class: 'muted' }, '金额以万元填写（最多4位小数，按元精确保存）；日期用日期选择器；只保存改动过的参数。'), form);
}

async function save(form, button) {
  const d = doc();
  const problems = [];
  const changes = [];
  for (const el of form.querySelectorAll('[data-param]')) {
    const i = d.parameters.findIndex((p) => p.name === el.dataset.param);
    const { value, problem } = read(el);
    if (problem) problems.push({ pointer: el.dataset.pointer, message: problem });
    else if (JSON.stringify(value) !== JSON.stringify(d.parameters[i].value)) changes.push({ name: el.dataset.param, i, value });
  }
  if (problems.length) {
    showErrors(form, { message: `有 ${problems.length} 个参数需要修改`, details: problems });
    return;
  }
  clearErrors(form);
  if (!changes.length) {
    status('没有改动需要保存', 'info');
    return;
  }
  await busy(button ?? form.querySelector('[type=submit]'), async () => {
    let saved = 0;
    for (const c of changes) {
      try {
        await writeDraft('PATCH', `/parameters/${seg(c.name)}`, { value: c.value });
        saved++;
      } catch (err) {
        // The PATCH answers either with whole-document pointers (/parameters/3/value) or its own (/value).
        if (err instanceof ApiError && err.status === 400) {
          showErrors(form, err, (p) => (p.startsWith('/parameters/') ? p : `/parameters/${c.i}${p}`));
          if (saved) status(`已保存 ${saved} 个参数，其余未保存`, 'info');
        } else reportError(err, hooks.reload);
        return;
      }
    }
    setDirty(KEY, false);
    hooks.rerender();
    status(`已保存 ${saved} 个参数`, 'ok');
  });
}

// 参数 tab: the notice's numbers, dates and words (caps, deadlines, ratios) grouped by type, each
// editable in place — value (amounts in 万元, dates with the date picker), name, unit, clause, note,
// 待确认 — plus adding a parameter and deleting one nothing uses any more. Saving PATCHes only the
// parameters that changed, one by one, each with the current revision.
import { seg } from '../api.js';
import { fill, h } from '../dom.js';
import { clearErrors, showErrors } from '../field-errors.js';
import { PARAM_TYPE } from '../labels.js';
import { busy, status } from '../layout.js';
import { confirmDiscard, setDirty, watchForm } from '../unsaved.js';
import { showProblems, submit } from './draft-write.js';
import { noticeInfoForm } from './notice-info.js';
import { addParameterForm } from './parameter-add.js';
import { doc, writeDraft } from './state.js';
import { typedControl } from './typed-control.js';

const KEY = 'draft-parameters';
/** Types whose unit people choose (家, 人, 个); amounts are always 万元, dates and 是否 have none. */
const HAS_UNIT = new Set(['integer', 'number', 'text']);

/** The inputs of one parameter; read() answers the changed properties, or the problems. */
function parameterRow(d, p, i) {
  const at = (prop) => `/parameters/${i}/${prop}`;
  const text = (prop, extra = {}) => h('input', { type: 'text', id: `param-${prop}-${p.name}`, value: p[prop] ?? '', autocomplete: 'off', dataset: { pointer: at(prop) }, ...extra });
  const label = text('label', { 'aria-label': `参数名称（${p.name}）` });
  // The unit is edited in its own column, so it is not repeated beside the value (amounts: 万元).
  const value = typedControl(d, { key: p.name, label: `${p.label}的值`, type: p.type }, p.value, { pointer: at('value'), id: `param-${p.name}`, required: p.type !== 'boolean' });
  const unit = HAS_UNIT.has(p.type) ? text('unit', { class: 'narrow', 'aria-label': `${p.label}的单位` }) : null;
  const clause = text('clause', { class: 'narrow', 'aria-label': `${p.label}的条款` });
  const note = h('textarea', { id: `param-note-${p.name}`, rows: 1, 'aria-label': `${p.label}的说明`, dataset: { pointer: at('note') } }, p.note ?? '');
  const assumption = h('input', { type: 'checkbox', id: `param-assumption-${p.name}`, checked: p.assumption === true, 'aria-label': `${p.label}：假设值，待确认`, dataset: { pointer: at('assumption') } });
  const remove = h('button', { type: 'button', class: 'btn danger', dataset: { remove: p.name }, 'aria-label': `删除参数「${p.label}」` }, '删除');
  const tr = h('tr', { dataset: { param: p.name } },
    h('th', { scope: 'row' }, h('span', { class: 'field-anchor' }, label), h('code', { class: 'small muted', title: '规则、提示语和表达式中的写法' }, `param.${p.name}`)),
    h('td', {}, value.el),
    unit ? h('td', {}, h('span', { class: 'field-anchor' }, unit)) : null,
    h('td', {}, h('span', { class: 'field-anchor' }, clause)),
    h('td', {}, h('span', { class: 'field-anchor' }, note)),
    h('td', {}, assumption),
    h('td', {}, remove));
  const read = () => {
    const v = value.read();
    if (v.problem) return { problems: [{ pointer: at('value'), message: v.problem }] };
    const problems = label.value.trim() ? [] : [{ pointer: at('label'), message: '请填写参数名称' }];
    const next = { value: v.value, label: label.value.trim(), clause: clause.value.trim(), note: note.value.trim(), assumption: assumption.checked, ...(unit ? { unit: unit.value.trim() } : {}) };
    // Missing properties read as empty (an unticked 待确认 on a parameter without the flag is no change).
    const before = { value: p.value, label: p.label.trim(), clause: (p.clause ?? '').trim(), note: (p.note ?? '').trim(), assumption: p.assumption === true, ...(unit ? { unit: (p.unit ?? '').trim() } : {}) };
    const patch = Object.fromEntries(Object.entries(next).filter(([k, x]) => JSON.stringify(x) !== JSON.stringify(before[k])));
    return { problems, patch };
  };
  return { p, i, tr, read, remove };
}

function group(type, rows) {
  return h('table', { class: 'data parameters' },
    h('caption', {}, PARAM_TYPE[type] ?? type),
    h('thead', {}, h('tr', {}, ['名称', '值', HAS_UNIT.has(type) ? '单位' : null, '条款', '说明', '待确认', '操作'].filter(Boolean).map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((r) => r.tr)));
}

/** hooks: { reload() — fetch the draft again, rerender() — redraw the tabs }. */
export function renderParameters(panel, hooks) {
  const d = doc();
  const rows = d.parameters.map((p, i) => parameterRow(d, p, i));
  const types = Object.keys(PARAM_TYPE).filter((t) => rows.some((r) => r.p.type === t));
  const form = h('form', { id: 'parameters-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(form, rows, e.submitter, hooks); } },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    types.map((t) => group(t, rows.filter((r) => r.p.type === t))),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary', id: 'save-parameters' }, '保存参数修改'),
      h('span', { class: 'unsaved-flag', role: 'status' }, '有未保存的修改')));
  for (const r of rows) r.remove.addEventListener('click', (e) => remove(form, r, e.currentTarget, hooks));
  watchForm(form, KEY);
  fill(panel,
    noticeInfoForm(hooks),
    h('p', { class: 'muted' }, '参数是通知中的数字、日期和文字（资金上限、截止日期、配套比例……）。规则、提示语和派生事实以“param.参数名”引用参数，改这里的值，引用它的规则随之改变。金额以万元填写（最多4位小数，按元精确保存）；只保存改动过的参数。'),
    form, addParameterForm(hooks));
}

async function save(form, rows, button, hooks) {
  const problems = [];
  const changes = [];
  for (const r of rows) {
    const { problems: p, patch } = r.read();
    problems.push(...p);
    if (!p.length && patch && Object.keys(patch).length) changes.push({ r, patch });
  }
  if (problems.length) return showErrors(form, { message: `有 ${problems.length} 个参数需要修改`, details: problems });
  clearErrors(form);
  if (!changes.length) return status('没有改动需要保存', 'info');
  await busy(button ?? form.querySelector('[type=submit]'), async () => {
    let saved = 0;
    for (const { r, patch } of changes) {
      try {
        await writeDraft('PATCH', `/parameters/${seg(r.p.name)}`, patch);
        saved++;
      } catch (err) {
        // The PATCH answers either with whole-document pointers (/parameters/3/value) or its own (/value).
        showProblems(form, err, (p) => (p.startsWith('/parameters/') ? p : `/parameters/${r.i}${p}`), hooks);
        if (saved) status(`已保存 ${saved} 个参数，其余未保存`, 'info');
        return;
      }
    }
    setDirty(KEY, false);
    hooks.rerender();
    status(`已保存 ${saved} 个参数`, 'ok');
  });
}

function remove(form, r, button, hooks) {
  if (!confirmDiscard(KEY)) return;
  if (!window.confirm(`确定删除参数「${r.p.label}」（param.${r.p.name}）吗？仍被规则、事实、表格或报告引用的参数不能删除。`)) return;
  return submit(button, { form, hooks, write: () => writeDraft('DELETE', `/parameters/${seg(r.p.name)}`), done: `已删除参数「${r.p.label}」`, dirtyKey: KEY });
}

// 新建表格: a table the notice adds (a list of designated projects, the items of a checklist …):
// its Chinese name, the English name expressions read it by (tables.<name>), and its columns —
// one identifies a row (choices store it), one is shown to people. Rows are added in its grid.
import { h } from '../dom.js';
import { showErrors } from '../field-errors.js';
import { watchForm } from '../unsaved.js';
import { submit } from './draft-write.js';
import { doc, writeDraft } from './state.js';
import { COLUMN_HEADINGS, columnInputs } from './table-columns.js';

const KEY = 'draft-table-new';
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export function addTableForm(hooks) {
  const d = doc();
  const text = (id, pointer, extra = {}) => h('input', { type: 'text', id, autocomplete: 'off', dataset: { pointer }, ...extra });
  const label = text('new-table-label', '/label', { placeholder: '如 团体标准清单' });
  const name = text('new-table-name', '/name', { placeholder: '如 standards', spellcheck: 'false' });
  const note = h('textarea', { id: 'new-table-note', rows: 2, dataset: { pointer: '/note' } });
  const body = h('tbody');
  const columns = [];
  const addColumn = (initial) => {
    const i = columns.length;
    const inputs = columnInputs(d, null, (prop) => `/columns/${i}/${prop}`, initial);
    const isKey = h('input', { type: 'radio', name: 'new-table-key', value: String(i), checked: i === 0, 'aria-label': `第 ${i + 1} 列为标识列` });
    const isDisplay = h('input', { type: 'radio', name: 'new-table-display', value: String(i), checked: i === 1, 'aria-label': `第 ${i + 1} 列为显示列` });
    columns.push({ ...inputs, isKey, isDisplay });
    body.append(h('tr', {}, inputs.cells, h('td', {}, isKey), h('td', {}, isDisplay)));
  };
  addColumn({ key: 'id', label: '标识' });
  addColumn({ key: 'label', label: '名称' });

  const form = h('form', { id: 'add-table', novalidate: true, onsubmit: (e) => { e.preventDefault(); create(e.submitter ?? form.querySelector('[type=submit]')); } },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    h('table', { class: 'form-table' }, h('tbody', {},
      h('tr', {}, h('th', { scope: 'row' }, h('label', { for: 'new-table-label' }, '表格名称')), h('td', {}, h('span', { class: 'field-anchor' }, label))),
      h('tr', {}, h('th', { scope: 'row' }, h('label', { for: 'new-table-name' }, '表格标识（英文）')), h('td', {}, h('span', { class: 'field-anchor' }, name),
        h('span', { class: 'hint' }, '表达式以 tables.标识 读取它：以英文字母开头，只含英文字母、数字和下划线，保存后不能修改'))),
      h('tr', {}, h('th', { scope: 'row' }, h('label', { for: 'new-table-note' }, '说明')), h('td', {}, note)))),
    h('table', { class: 'data' }, h('caption', {}, '列'),
      h('thead', {}, h('tr', {}, COLUMN_HEADINGS.map((t) => h('th', { scope: 'col' }, t)), h('th', { scope: 'col' }, '标识列'), h('th', { scope: 'col' }, '显示列'))),
      body),
    h('p', { class: 'hint' }, '标识列的值每行不能重复，选择题和其他表格按它保存；显示列是选项中给人看的文字。'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', onclick: () => addColumn({}) }, '再加一列'),
      h('button', { type: 'submit', class: 'btn primary', id: 'add-table-submit' }, '新建表格')));
  watchForm(form, KEY);

  const create = (button) => {
    const problems = [];
    if (!label.value.trim()) problems.push({ pointer: '/label', message: '请填写表格名称' });
    if (!NAME.test(name.value.trim())) problems.push({ pointer: '/name', message: '表格标识以英文字母开头，只含英文字母、数字和下划线，如 standards' });
    const read = columns.map((c) => c.read());
    for (const r of read) if (r.problems) problems.push(...r.problems);
    if (problems.length) return showErrors(form, { message: '表格未新建：有需要修改的内容', details: problems });
    const defs = read.map((r) => r.column);
    const keyAt = columns.findIndex((c) => c.isKey.checked);
    const displayAt = columns.findIndex((c) => c.isDisplay.checked);
    const table = {
      name: name.value.trim(), label: label.value.trim(), key: defs[keyAt].key,
      ...(displayAt >= 0 && displayAt !== keyAt ? { display: defs[displayAt].key } : {}),
      columns: defs, rows: [],
      ...(note.value.trim() ? { note: note.value.trim() } : {}),
    };
    const prefix = `/tables/${table.name}`;
    return submit(button, {
      form, hooks, dirtyKey: KEY, write: () => writeDraft('POST', '/tables', table), done: `已新建表格「${table.label}」，请在下方添加行`,
      resolve: (p) => (p.startsWith(`${prefix}/`) ? p.slice(prefix.length) : p),
    });
  };
  return h('details', { class: 'panel add-table' }, h('summary', {}, '新建表格'), form);
}

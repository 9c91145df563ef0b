// One table of the rule set as an editable grid, its columns from the table's own definition. Each
// row saves on its own (PUT …/tables/:table/:key), a new row is POSTed, a row is deleted with
// DELETE; a refused cell shows its message right under it (/tables/<name>/rows/<i>/<column>).
import { seg } from '../api.js';
import { valueAt } from '../catalog.js';
import { h } from '../dom.js';
import { showErrors } from '../field-errors.js';
import { setDirty } from '../unsaved.js';
import { submit } from './draft-write.js';
import { doc, writeDraft } from './state.js';
import { cellInput } from './table-cell.js';

function setAt(o, path, value) {
  const keys = path.split('.');
  let t = o;
  for (const k of keys.slice(0, -1)) t = t[k] && typeof t[k] === 'object' ? t[k] : (t[k] = {});
  if (value === undefined) delete t[keys.at(-1)];
  else t[keys.at(-1)] = value;
  // A group left empty ("targets": {}) is dropped with its last value.
  if (keys.length > 1 && value === undefined && Object.keys(o[keys[0]] ?? {}).length === 0) delete o[keys[0]];
}

/** The column heading with the unit people type in. */
export function columnHeading(c) {
  const unit = c.type === 'amount' ? '万元' : c.unit;
  return unit ? `${c.label}（${unit}）` : c.label;
}

export const cellPointer = (name, index, column) => `/tables/${name}/rows/${index}/${column.key.split('.').join('/')}`;

/**
 * The inputs of one row (index `index`, stored values `base`); the key cell of a stored row is
 * shown, not edited: rules, fields and other tables store that key.
 */
function rowInputs(d, name, table, base, index, isNew) {
  return table.columns.map((c) => {
    const isKey = c.key === table.key;
    const pointer = cellPointer(name, index, c);
    if (isKey && !isNew) {
      const value = valueAt(base, c.key);
      return { c, pointer, td: h('td', {}, h('span', { dataset: { pointer } }, String(value ?? ''))), read: () => ({ value }) };
    }
    const label = `${columnHeading(c)}${isNew ? '（新增行）' : `（第 ${index + 1} 行）`}`;
    const cell = cellInput(d, c, valueAt(base, c.key), { pointer, label, required: isKey || c.required === true });
    return { c, pointer, td: h('td', {}, cell.el), read: cell.read };
  });
}

/** The row the inputs describe, over the stored one (values of undeclared paths are kept). */
function readRow(cells, base) {
  const row = structuredClone(base ?? {});
  const problems = [];
  for (const { c, pointer, read } of cells) {
    const r = read();
    if (r.problem) problems.push({ pointer, message: r.problem });
    else setAt(row, c.key, r.empty ? undefined : r.value);
  }
  return { row, problems };
}

/** The grid of table `name` with its add-row form, in one form (one dirty flag per table). */
export function tableGrid(name, table, hooks) {
  const d = doc();
  const dirtyKey = `draft-table-${name}`;
  const form = h('form', { id: `grid-${name}`, novalidate: true, onsubmit: (e) => e.preventDefault(), oninput: () => setDirty(dirtyKey), onchange: () => setDirty(dirtyKey) },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }));
  // Problems of a row's own checks (/name) are placed on that row.
  const resolveFor = (index) => (p) => (p.startsWith('/tables/') ? p : `/tables/${name}/rows/${index}${p}`);
  const keyOf = (row) => valueAt(row, table.key);

  const rows = table.rows.map((row, i) => {
    const cells = rowInputs(d, name, table, row, i, false);
    const save = h('button', { type: 'button', class: 'btn', 'aria-label': `保存第 ${i + 1} 行` }, '保存');
    const remove = h('button', { type: 'button', class: 'btn danger', 'aria-label': `删除第 ${i + 1} 行` }, '删除');
    save.addEventListener('click', () => {
      const { row: next, problems } = readRow(cells, row);
      if (problems.length) return showErrors(form, { message: '有需要修改的单元格', details: problems });
      return submit(save, { form, hooks, dirtyKey, resolve: resolveFor(i), write: () => writeDraft('PUT', `/tables/${seg(name)}/${seg(keyOf(row))}`, next), done: `已保存“${keyOf(row)}”` });
    });
    remove.addEventListener('click', () => {
      if (!window.confirm(`确定从表格「${table.label}」删除“${keyOf(row)}”这一行吗？`)) return;
      return submit(remove, { form, hooks, resolve: resolveFor(i), write: () => writeDraft('DELETE', `/tables/${seg(name)}/${seg(keyOf(row))}`), done: `已删除“${keyOf(row)}”` });
    });
    return h('tr', { dataset: { key: String(keyOf(row)) } }, cells.map((x) => x.td), h('td', { class: 'nowrap' }, save, ' ', remove));
  });

  const at = table.rows.length;
  const blank = rowInputs(d, name, table, {}, at, true);
  const add = h('button', { type: 'button', class: 'btn', id: `add-row-${name}` }, '添加');
  add.addEventListener('click', () => {
    const { row, problems } = readRow(blank, {});
    if (problems.length) return showErrors(form, { message: '有需要修改的单元格', details: problems });
    return submit(add, { form, hooks, dirtyKey, resolve: resolveFor(at), write: () => writeDraft('POST', `/tables/${seg(name)}`, row), done: `已在「${table.label}」新增一行` });
  });

  const hint = (c) => (c.key === table.key ? '标识，不能重复' : c.type === 'list' && !c.references ? '多个值用顿号（、）分隔' : null);
  const heading = (c) => h('th', { scope: 'col', class: 'wrap' }, columnHeading(c), hint(c) ? h('span', { class: 'hint' }, hint(c)) : null);
  const head = h('thead', {}, h('tr', {}, table.columns.map(heading), h('th', { scope: 'col' }, '操作')));
  form.append(
    h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, table.label), head, h('tbody', {}, rows)),
    h('details', { class: 'add-row', open: table.rows.length === 0 },
      h('summary', {}, '新增一行'),
      h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, `新增到「${table.label}」的一行`),
        h('thead', {}, h('tr', {}, table.columns.map(heading))),
        h('tbody', {}, h('tr', { class: 'new-row' }, blank.map((x) => x.td)))),
      h('div', { class: 'actions' }, add)));
  return form;
}

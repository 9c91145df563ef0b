// 表格 tab: the rule set's tables as editable grids — Annex 3 targets per region, Annex 1 (2021
// ratings) and the 五个一 items. Each row saves on its own (PUT …/tables/:table/:key), new rows
// are POSTed, and a refused cell shows its message right under it.
import { ApiError, seg } from '../api.js';
import { fill, h } from '../dom.js';
import { clearErrors, showErrors } from '../field-errors.js';
import { REGION_CLASS } from '../labels.js';
import { busy, reportError, status } from '../layout.js';
import { setDirty } from '../unsaved.js';
import { doc, writeDraft } from './state.js';

const RATINGS = ['优秀', '良好', '合格', '延迟验收'];

/** Grid definitions: which table, its key field, and the editable columns (dot paths). */
const GRIDS = [
  {
    table: 'regions', key: 'name', title: '市州及附件3任务数', columns: [
      { path: 'name', label: '市州', type: 'text', keyOnly: true },
      { path: 'fullName', label: '全称', type: 'text' },
      { path: 'class', label: '类别', type: 'select', options: Object.entries(REGION_CLASS) },
      { path: 'targets.wan', label: '万', type: 'int' },
      { path: 'targets.qian', label: '千', type: 'int' },
      { path: 'targets.bai', label: '百', type: 'int' },
    ],
    blank: () => ({ name: '', fullName: '', code: '', class: 'prefecture', targets: { wan: 0, qian: 0, bai: 0 } }),
    extra: [{ path: 'code', label: '代码（拼音，新增时填写）', type: 'text', newOnly: true }],
  },
  {
    table: 'ratings2021', key: 'no', title: '2021年度项目验收评价结果（附件1）', columns: [
      { path: 'no', label: '序号', type: 'int', keyOnly: true },
      { path: 'name', label: '项目名称', type: 'text' },
      { path: 'region', label: '市州', type: 'text' },
      { path: 'rating', label: '评价等次', type: 'select', options: RATINGS.map((r) => [r, r]) },
    ],
    blank: () => ({ no: null, name: '', rating: '良好' }),
  },
  {
    table: 'fiveOnes', key: 'id', title: '“五个一”事项', columns: [
      { path: 'id', label: '标识', type: 'text', keyOnly: true },
      { path: 'label', label: '名称', type: 'text' },
      { path: 'assumption', label: '待省局确认', type: 'checkbox' },
    ],
    blank: () => ({ id: '', label: '', assumption: true }),
  },
];

const get = (o, path) => path.split('.').reduce((x, k) => (x == null ? undefined : x[k]), o);
function set(o, path, value) {
  const keys = path.split('.');
  let t = o;
  for (const k of keys.slice(0, -1)) t = t[k] ??= {};
  if (value === undefined) delete t[keys.at(-1)];
  else t[keys.at(-1)] = value;
}

function cell(grid, col, row, index, isNew) {
  const value = get(row, col.path);
  const label = `${col.label}`;
  const attrs = { 'aria-label': label, dataset: { path: col.path, pointer: `/tables/${grid.table}/${index}/${col.path.split('.').join('/')}` } };
  if (col.keyOnly && !isNew) return h('td', {}, h('span', {}, String(value)), h('input', { type: 'hidden', value: value ?? '', ...attrs, dataset: { ...attrs.dataset, type: col.type } }));
  if (col.type === 'select') return h('td', {}, h('select', { ...attrs, dataset: { ...attrs.dataset, type: col.type } }, col.options.map(([v, l]) => h('option', { value: v, selected: v === value }, l))));
  if (col.type === 'checkbox') return h('td', {}, h('input', { type: 'checkbox', checked: value === true, ...attrs, dataset: { ...attrs.dataset, type: col.type } }));
  return h('td', {}, h('input', {
    type: col.type === 'int' ? 'number' : 'text', step: col.type === 'int' ? 1 : null, min: col.type === 'int' ? 0 : null,
    class: col.type === 'int' ? 'narrow' : null, value: value ?? '', ...attrs, dataset: { ...attrs.dataset, type: col.type },
  }));
}

/** Reads a grid row's inputs over the stored row (keeping fields the grid does not show). */
function readRow(tr, base) {
  const row = structuredClone(base);
  const problems = [];
  for (const el of tr.querySelectorAll('[data-path]')) {
    const raw = el.type === 'checkbox' ? el.checked : el.value.trim();
    if (el.dataset.type === 'int') {
      if (!/^\d+$/.test(String(raw))) {
        problems.push({ pointer: el.dataset.pointer, message: '请填写非负整数' });
        continue;
      }
      set(row, el.dataset.path, Number(raw));
    } else if (el.dataset.type === 'checkbox') set(row, el.dataset.path, raw);
    else set(row, el.dataset.path, raw === '' && el.dataset.path !== 'name' && el.dataset.path !== 'label' ? undefined : raw);
  }
  return { row, problems };
}

function gridView(grid, hooks) {
  const rows = doc().tables[grid.table];
  const id = `grid-${grid.table}`;
  const dirtyKey = `draft-table-${grid.table}`;
  const form = h('form', { id, novalidate: true, onsubmit: (e) => e.preventDefault(), oninput: () => setDirty(dirtyKey) },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    h('table', { class: 'data' },
      h('caption', {}, grid.title),
      h('thead', {}, h('tr', {}, grid.columns.map((c) => h('th', { scope: 'col' }, c.label)), h('th', { scope: 'col' }, '操作'))),
      h('tbody', {}, rows.map((row, i) => h('tr', { dataset: { key: String(row[grid.key]) } },
        grid.columns.map((c) => cell(grid, c, row, i, false)),
        h('td', {},
          h('button', { type: 'button', class: 'btn', onclick: (e) => saveRow(form, grid, row, e.currentTarget, hooks, dirtyKey) }, '保存'), ' ',
          h('button', { type: 'button', class: 'btn danger', onclick: (e) => removeRow(form, grid, row, e.currentTarget, hooks) }, '删除')))))),
    addRowForm(grid, hooks, rows.length));
  return form;
}

function addRowForm(grid, hooks, nextIndex) {
  const blank = grid.blank();
  const tr = h('tr', {}, [...grid.columns, ...(grid.extra ?? [])].map((c) => cell(grid, c, blank, nextIndex, true)));
  return h('details', { class: 'add-row' },
    h('summary', {}, '新增一行'),
    h('table', { class: 'data' },
      h('thead', {}, h('tr', {}, [...grid.columns, ...(grid.extra ?? [])].map((c) => h('th', { scope: 'col' }, c.label)))),
      h('tbody', {}, tr)),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', onclick: (e) => addRow(e.currentTarget.closest('form'), grid, tr, blank, e.currentTarget, hooks) }, '添加')));
}

async function saveRow(form, grid, base, button, hooks, dirtyKey) {
  const tr = button.closest('tr');
  const { row, problems } = readRow(tr, base);
  if (problems.length) return showErrors(form, { message: '有需要修改的单元格', details: problems });
  clearErrors(form);
  await send(form, button, hooks, () => writeDraft('PUT', `/tables/${grid.table}/${seg(base[grid.key])}`, row), `已保存“${base[grid.key]}”`, dirtyKey, grid, base);
}

async function addRow(form, grid, tr, blank, button, hooks) {
  const { row, problems } = readRow(tr, blank);
  if (problems.length) return showErrors(form, { message: '有需要修改的单元格', details: problems });
  clearErrors(form);
  await send(form, button, hooks, () => writeDraft('POST', `/tables/${grid.table}`, row), '已新增一行', null, grid, null);
}

async function removeRow(form, grid, row, button, hooks) {
  if (!window.confirm(`确定从“${grid.title}”删除“${row[grid.key]}”吗？`)) return;
  await send(form, button, hooks, () => writeDraft('DELETE', `/tables/${grid.table}/${seg(row[grid.key])}`), `已删除“${row[grid.key]}”`, null, grid, row);
}

/** Runs one write; a 400 is shown in the grid (row-level pointers mapped to this row). */
async function send(form, button, hooks, write, done, dirtyKey, grid, base) {
  await busy(button, async () => {
    try {
      await write();
      if (dirtyKey) setDirty(dirtyKey, false);
      hooks.rerender();
      status(done, 'ok');
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const index = base ? doc().tables[grid.table].findIndex((r) => r[grid.key] === base[grid.key]) : doc().tables[grid.table].length;
        showErrors(form, err, (p) => (p.startsWith('/tables/') ? p : `/tables/${grid.table}/${index}${p}`));
      } else reportError(err, hooks.reload);
    }
  });
}

export function renderTables(panel, hooks) {
  fill(panel, h('p', { class: 'muted' }, '每行单独保存；规则引用的表格会在保存时一并校验。'), GRIDS.map((g) => h('section', { class: 'panel' }, gridView(g, hooks))));
}

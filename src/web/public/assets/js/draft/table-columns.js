// The columns of a table: what each holds (its type in words, or a reference to another table's
// rows, the parameters or a subject's fields), adding one and deleting one. The same inputs
// describe the columns of a new table (table-add.js). The table's name, its note and its columns'
// names are renamed here too (keys never change: rules, fields and expressions read those).
import { seg } from '../api.js';
import { h } from '../dom.js';
import { showErrors } from '../field-errors.js';
import { SUBJECT } from '../labels.js';
import { watchForm } from '../unsaved.js';
import { submit } from './draft-write.js';
import { doc, writeDraft } from './state.js';
import { referenceWords } from './table-cell.js';

export const COLUMN_TYPE = {
  text: '文本', integer: '整数', amount: '金额（万元）', number: '数字（如 0.5）', date: '日期', boolean: '是否', list: '列表（多个文本）',
};
const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}(\.[A-Za-z][A-Za-z0-9_]{0,63}){0,5}$/;
/** Tables every rule set has, and the columns the code reads of them (src/rule-sets: identity tables). */
export const IDENTITY_COLUMNS = { regions: ['name', 'fullName'], categories: ['id', 'label'] };

/** Where a column's values come from: typed in, or a row / parameter / field named by its key. */
function sourceOptions(d, except) {
  return [
    ['', '直接填写'],
    ...Object.entries(d.tables).filter(([n]) => n !== except).map(([n, t]) => [`table:${n}`, `表格「${t.label}」中的一行`]),
    ['parameter', '参数'],
    ...Object.entries(SUBJECT).map(([k, l]) => [`field:${k}`, `${l}的字段`]),
  ];
}

function referencesOf(source) {
  if (!source) return undefined;
  if (source === 'parameter') return { parameter: true };
  const [kind, name] = source.split(':');
  return kind === 'table' ? { table: name } : { field: name };
}

/**
 * The inputs of one column definition, as table cells. `pointer(prop)` names each input for the
 * server's problems; read() → { column } | { problems }.
 */
export function columnInputs(d, tableName, pointer, initial = {}) {
  const text = (prop, extra = {}) => h('input', { type: 'text', autocomplete: 'off', value: initial[prop] ?? '', dataset: { pointer: pointer(prop) }, ...extra });
  const label = text('label', { 'aria-label': '列名称' });
  const key = text('key', { 'aria-label': '列标识（英文）', spellcheck: 'false', placeholder: '如 label' });
  const type = h('select', { 'aria-label': '类型', dataset: { pointer: pointer('type') } }, Object.entries(COLUMN_TYPE).map(([k, l]) => h('option', { value: k, selected: k === (initial.type ?? 'text') }, l)));
  const source = h('select', { 'aria-label': '取值来自', dataset: { pointer: pointer('references') } }, sourceOptions(d, tableName).map(([k, l]) => h('option', { value: k }, l)));
  const unit = text('unit', { class: 'narrow', 'aria-label': '单位', placeholder: '如 家' });
  const required = h('input', { type: 'checkbox', 'aria-label': '必填', dataset: { pointer: pointer('required') } });
  // A reference stores the other thing's key: its type follows from it.
  source.addEventListener('change', () => (type.disabled = source.value !== ''));
  const cells = [label, key, type, source, unit, required].map((el) => h('td', {}, h('span', { class: 'field-anchor' }, el)));
  const read = () => {
    const problems = [];
    if (!label.value.trim()) problems.push({ pointer: pointer('label'), message: '请填写列名称' });
    if (!KEY.test(key.value.trim())) problems.push({ pointer: pointer('key'), message: '列标识以英文字母开头，只含英文字母、数字和下划线，如 label' });
    if (problems.length) return { problems };
    const references = referencesOf(source.value);
    const keyType = references?.table ? d.tables[references.table]?.columns.find((c) => c.key === d.tables[references.table].key)?.type : null;
    const column = {
      key: key.value.trim(), label: label.value.trim(), type: references ? (keyType === 'integer' ? 'integer' : 'text') : type.value,
      ...(required.checked ? { required: true } : {}),
      ...(unit.value.trim() ? { unit: unit.value.trim() } : {}),
      ...(references ? { references } : {}),
    };
    return { column };
  };
  return { cells, read, key };
}

export const COLUMN_HEADINGS = ['列名称', '列标识（英文）', '类型', '取值来自', '单位', '必填'];

/**
 * 表格名称 and 说明 and a name input per column (in the column list), saved together by replacing
 * the draft document: a name is only words people read, so nothing else needs to change.
 */
function namesInputs(name, table) {
  const label = h('input', { type: 'text', id: `table-label-${name}`, value: table.label, autocomplete: 'off', dataset: { pointer: `/tables/${name}/label` } });
  const note = h('textarea', { id: `table-note-${name}`, rows: 2, dataset: { pointer: `/tables/${name}/note` } }, table.note ?? '');
  const columns = table.columns.map((c, i) => h('input', { type: 'text', class: 'column-label', value: c.label, autocomplete: 'off', 'aria-label': `“${c.label}”列的名称`, dataset: { pointer: `/tables/${name}/columns/${i}/label` } }));
  const el = h('div', { class: 'table-names' },
    h('div', { class: 'model-form-row' }, h('label', { for: label.id }, '表格名称'), h('span', { class: 'field-anchor' }, label)),
    h('div', { class: 'model-form-row' }, h('label', { for: note.id }, '说明（可不填）'), h('span', { class: 'field-anchor' }, note)));
  const read = () => {
    const problems = [];
    const next = { label: label.value.trim(), note: note.value.trim(), columns: columns.map((input) => input.value.trim()) };
    if (!next.label) problems.push({ pointer: label.dataset.pointer, message: '请填写表格名称' });
    columns.forEach((input, i) => !next.columns[i] && problems.push({ pointer: input.dataset.pointer, message: '请填写列名称' }));
    return { next, problems };
  };
  return { el, columns, read };
}

/** The draft document with table `name` (and its columns) renamed. */
function renamed(name, { label, note, columns }) {
  const next = structuredClone(doc());
  const table = next.tables[name];
  table.label = label;
  if (note) table.note = note;
  else delete table.note;
  table.columns.forEach((c, i) => (c.label = columns[i] ?? c.label));
  return next;
}

/** 名称与列设置: the names, the table's columns with a delete button each, and a form to add one. */
export function columnsPanel(name, table, hooks) {
  const d = doc();
  const fixed = new Set([table.key, table.display, ...(IDENTITY_COLUMNS[name] ?? [])]);
  const form = h('form', { id: `columns-${name}`, novalidate: true, onsubmit: (e) => e.preventDefault() },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }));
  const names = namesInputs(name, table);
  const saveNames = h('button', { type: 'button', class: 'btn', id: `save-names-${name}` }, '保存名称');
  saveNames.addEventListener('click', () => {
    const { next, problems } = names.read();
    if (problems.length) return showErrors(form, { message: '名称未保存：有需要修改的内容', details: problems });
    return submit(saveNames, { form, hooks, dirtyKey: `draft-table-columns-${name}`, write: () => writeDraft('PUT', '', renamed(name, next)), done: `已保存表格「${next.label}」的名称` });
  });
  const list = h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, `「${table.label}」的列`),
    h('thead', {}, h('tr', {}, ['列名称', '列标识', '类型', '取值来自', '单位', '必填', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, table.columns.map((c, i) => {
      const remove = fixed.has(c.key) ? h('span', { class: 'muted small' }, c.key === table.key ? '标识列' : c.key === table.display ? '显示列' : '必备列') : h('button', {
        type: 'button', class: 'btn danger', 'aria-label': `删除列“${c.label}”`, onclick: (e) => {
          if (!window.confirm(`确定删除表格「${table.label}」的“${c.label}”列吗？各行这一列的值将一并删除。`)) return;
          return submit(e.currentTarget, { form, hooks, write: () => writeDraft('DELETE', `/tables/${seg(name)}/columns/${seg(c.key)}`), done: `已删除“${c.label}”列` });
        },
      }, '删除');
      return h('tr', { dataset: { pointer: `/tables/${name}/columns/${i}` } }, h('td', {}, h('span', { class: 'field-anchor' }, names.columns[i])), h('td', {}, h('code', {}, c.key)), h('td', {}, COLUMN_TYPE[c.type] ?? c.type),
        h('td', {}, referenceWords(d, c.references) || '直接填写'), h('td', {}, c.type === 'amount' ? '万元' : c.unit ?? ''), h('td', {}, c.required ? '是' : ''), h('td', {}, remove));
    })));
  const at = table.columns.length;
  const added = columnInputs(d, name, (prop) => `/${prop}`);
  const add = h('button', { type: 'button', class: 'btn', id: `add-column-${name}` }, '添加列');
  add.addEventListener('click', () => {
    const { column, problems } = added.read();
    if (problems) return showErrors(form, { message: '列未添加：有需要修改的内容', details: problems });
    return submit(add, {
      form, hooks, dirtyKey: `draft-table-columns-${name}`, write: () => writeDraft('POST', `/tables/${seg(name)}/columns`, column), done: `已在「${table.label}」新增“${column.label}”列`,
      resolve: (p) => (p.startsWith(`/tables/${name}/columns/${at}/`) ? p.slice(`/tables/${name}/columns/${at}`.length) : p),
    });
  });
  form.append(names.el, list,
    h('div', { class: 'actions' }, saveNames, h('span', { class: 'hint inline' }, '改名不影响已填写的数据：规则、字段和表达式按列标识读取。')),
    h('h4', {}, '新增一列'),
    h('table', { class: 'data' }, h('thead', {}, h('tr', {}, COLUMN_HEADINGS.map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, h('tr', {}, added.cells))),
    h('div', { class: 'actions' }, add));
  watchForm(form, `draft-table-columns-${name}`);
  return h('details', { class: 'columns' }, h('summary', {}, `名称与列设置（${table.columns.length} 列）`), form);
}

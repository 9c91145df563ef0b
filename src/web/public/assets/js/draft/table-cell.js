// One cell of a rule-set table, typed by its column: 万元 for amounts (kept in yuan), the date
// picker, whole numbers, a check box for 是否, a list typed as 「a、b、c」, and — for a column whose
// values name something else of the rule set — a choice of that table's rows, of the parameters,
// or of a subject's fields, each shown by its Chinese label.
import { choices } from '../catalog.js';
import { h } from '../dom.js';
import { SUBJECT } from '../labels.js';
import { typedControl } from './typed-control.js';

const EMPTY = { empty: true };

/** What a referencing column offers, in words: 「市州类别」表中的一行, 参数, 项目的字段. */
export function referenceWords(doc, ref) {
  if (!ref) return '';
  if (ref.table) return `表格「${doc.tables?.[ref.table]?.label ?? ref.table}」中的一行`;
  if (ref.parameter) return '参数';
  if (ref.field) return `${SUBJECT[ref.field] ?? ref.field}的字段`;
  return '';
}

/** [value, label] pairs of a column that names parameters or a subject's fields. */
function nameOptions(doc, ref) {
  if (ref.parameter) return (doc.parameters ?? []).map((p) => [p.name, `${p.label}（${p.name}）`]);
  return (doc.model?.[ref.field]?.fields ?? []).map((f) => [f.key, `${f.label}（${f.key}）`]);
}

function listCell(value, attrs, required) {
  const input = h('input', { type: 'text', autocomplete: 'off', ...attrs, value: Array.isArray(value) ? value.join('、') : '' });
  return {
    el: h('span', { class: 'field-anchor' }, input),
    read: () => {
      const items = input.value.split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean);
      if (items.length) return { value: items };
      return required ? { problem: '请填写至少一项' } : EMPTY;
    },
  };
}

/**
 * The input of one cell: { el, read() → { value } | { empty: true } | { problem } }.
 * `label` names the input for screen readers; `required`: an empty cell is a problem.
 */
export function cellInput(doc, column, value, { pointer, label, required }) {
  const ref = column.references ?? {};
  if (column.type === 'list' && !ref.table) return listCell(value, { 'aria-label': label, dataset: { pointer } }, required);
  const def = { key: column.key, label, type: column.type, unit: column.unit };
  if (ref.table) Object.assign(def, { type: column.type === 'list' ? 'multiChoice' : 'choice', table: ref.table });
  else if (ref.parameter || ref.field) Object.assign(def, { type: 'choice', options: nameOptions(doc, ref) });
  const cell = typedControl(doc, def, value, { pointer, required });
  const numeric = column.type === 'integer' || column.type === 'number';
  return {
    el: cell.el,
    read: () => {
      const r = cell.read();
      // A reference to a table keyed by numbers stores the number; an unticked 是否 on a row that
      // never had the value leaves it out rather than writing false.
      if (def.type === 'choice' && numeric && r.value !== undefined) return { value: Number(r.value) };
      if (column.type === 'boolean' && r.value === false && value === undefined) return EMPTY;
      return r;
    },
  };
}

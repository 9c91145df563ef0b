// An ordered list of the report layout (information entries, task rows, deadlines, checks, the
// summary's amount columns) edited as a table, as in a spreadsheet: one row per item, moved up or
// down, removed, added. Every control carries the JSON pointer of its place in the whole document
// (/reports/project/information/3/fact), renumbered after each move, so a refused save shows its
// message under the control it names.
import { h } from '../dom.js';

/** An input or select wrapped so that a message placed after it stays in its cell. */
export const anchor = (control) => h('span', { class: 'field-anchor' }, control);

/**
 * spec: { id, caption, headings, items, base (the array's pointer), build(item, at) → { cells,
 * read(problems) → value }, adds: [[button label, () => new item, class]] }. `at(control, prop)`
 * names a control's place inside its item ('label', 'ratio/1') and returns the control.
 * Returns { el, read(problems) → values }.
 */
export function listEditor({ id, caption, headings, items, base, build, adds }) {
  const body = h('tbody');
  const rows = [];
  const changed = () => {
    rows.forEach((row, i) => row.number(i));
    // Structural edits are edits: the form's unsaved flag and preview listen for change events.
    body.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const move = (row, by) => {
    const i = rows.indexOf(row);
    const j = i + by;
    if (j < 0 || j >= rows.length) return;
    rows.splice(i, 1);
    rows.splice(j, 0, row);
    if (by < 0) rows[j + 1].tr.before(row.tr);
    else rows[j - 1].tr.after(row.tr);
    changed();
    row.tr.querySelector(by < 0 ? '.move-up' : '.move-down')?.focus();
  };
  const add = (item, focus) => {
    const places = new Map();
    const row = { index: rows.length };
    const at = (control, prop) => {
      places.set(prop, control);
      control.dataset.pointer = `${base}/${row.index}/${prop}`;
      return control;
    };
    const built = build(item, at);
    const up = h('button', { type: 'button', class: 'link-button small move-up', onclick: () => move(row, -1) }, '上移');
    const down = h('button', { type: 'button', class: 'link-button small move-down', onclick: () => move(row, 1) }, '下移');
    const remove = h('button', { type: 'button', class: 'link-button small danger remove-item', onclick: () => {
      rows.splice(rows.indexOf(row), 1);
      row.tr.remove();
      changed();
    } }, '删除');
    row.tr = h('tr', { class: 'list-item' }, built.cells.map((c) => h('td', {}, c)), h('td', { class: 'nowrap' }, up, ' ', down, ' ', remove));
    row.read = built.read;
    row.number = (i) => {
      row.index = i;
      row.tr.dataset.pointer = `${base}/${i}`;
      for (const [prop, control] of places) control.dataset.pointer = `${base}/${i}/${prop}`;
      up.setAttribute('aria-label', `上移第 ${i + 1} 项`);
      down.setAttribute('aria-label', `下移第 ${i + 1} 项`);
      remove.setAttribute('aria-label', `删除第 ${i + 1} 项`);
    };
    rows.push(row);
    body.append(row.tr);
    row.number(rows.length - 1);
    if (focus) {
      changed();
      row.tr.querySelector('input, select, textarea')?.focus();
    }
  };
  (items ?? []).forEach((item) => add(item, false));
  const el = h('div', { class: 'report-list', id },
    h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, headings.map((t) => h('th', { scope: 'col' }, t)), h('th', { scope: 'col' }, '顺序与删除'))),
      body),
    h('div', { class: 'actions compact' }, adds.map(([label, make, cls]) => h('button', { type: 'button', class: `btn small ${cls ?? ''}`, onclick: () => add(make(), true) }, label))));
  return { el, read: (problems) => rows.map((row) => row.read(problems, `${base}/${row.index}`)) };
}

/** A labelled input of a layout part, with its error anchor and an optional hint. */
export function labelled(label, control, hint) {
  return h('div', { class: 'model-form-row' }, h('label', { for: control.id }, label), anchor(control), hint ? h('span', { class: 'hint' }, hint) : null);
}

/** A text input of an item; `label` names it for screen readers. */
export const textInput = (value, label, extra = {}) => h('input', { type: 'text', value: value ?? '', 'aria-label': label, autocomplete: 'off', ...extra });

/** Adds a problem when `value` is empty; returns the trimmed value. */
export function required(problems, control, what) {
  const value = control.value.trim();
  if (!value) problems.push({ pointer: control.dataset.pointer, message: `请${control.tagName === 'SELECT' ? '选择' : '填写'}${what}` });
  return value;
}

// A field of type rows (a region's counties): an editable table, one column per row field, with
// add and delete buttons. Each cell is a field control of its own whose pointer names its row
// (/counties/3/name), renumbered on delete so server problems land on the right row.
import { valueAt } from './catalog.js';
import { h } from './dom.js';
import { fieldControl, pointerOf, readEntries } from './form-fields.js';

/** Builds the rows editor; `ctx.onChange` is told about added and deleted rows (unsaved edits). */
export function rowsControl(def, value, ctx) {
  const fields = def.fields ?? [];
  const keyField = fields.find((f) => f.key === def.rowKey);
  const body = h('tbody');
  const rows = [];
  const readOnly = ctx.readOnly === true;

  const renumber = () => rows.forEach((row, i) => {
    for (const cell of row.cells) {
      cell.pointer = pointerOf(cell.def.key, `${ctx.pointer}/${i}`);
      for (const el of cell.control.querySelectorAll('[data-pointer]')) el.dataset.pointer = cell.pointer;
    }
  });
  const addButton = h('button', { type: 'button', class: 'btn', hidden: readOnly, onclick: () => {
    const row = addRow({});
    row.cells[0]?.control.querySelector('input, select, textarea')?.focus();
    ctx.onChange?.();
  } }, `添加${def.label}`);
  const limit = () => { addButton.disabled = def.maxRows !== undefined && rows.length >= def.maxRows; };

  function addRow(values) {
    const i = rows.length;
    const cells = fields.map((f) => fieldControl(f, valueAt(values, f.key), {
      ...ctx, compact: true, unitInHeader: true, pointer: pointerOf(f.key, `${ctx.pointer}/${i}`), name: `${def.key}.${f.key}`,
    }));
    const row = { cells };
    row.tr = h('tr', {}, cells.map((c) => h('td', {}, c.control)),
      h('td', {}, readOnly ? null : h('button', { type: 'button', class: 'link-button', 'aria-label': `删除第 ${i + 1} 行`, onclick: () => {
        row.tr.remove();
        rows.splice(rows.indexOf(row), 1);
        renumber();
        limit();
        ctx.onChange?.();
      } }, '删除')));
    rows.push(row);
    body.append(row.tr);
    limit();
    return row;
  }

  for (const r of Array.isArray(value) ? value : []) addRow(r ?? {});
  const table = h('table', { class: 'data rows-table', id: ctx.id, dataset: { pointer: ctx.pointer, key: def.key, type: 'rows' } },
    h('thead', {}, h('tr', {},
      fields.map((f) => h('th', { scope: 'col', title: f.help ?? null }, f.label, f.unit ? h('span', { class: 'unit' }, `（${f.unit}）`) : f.type === 'amount' ? h('span', { class: 'unit' }, '（万元）') : null)),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, '操作')))),
    body);
  const help = fields.filter((f) => f.help).map((f) => `${f.label}：${f.help}`).join('；');
  const el = h('div', { class: 'rows-field' }, table,
    help ? h('p', { class: 'hint' }, help) : null,
    h('div', { class: 'actions' }, addButton));
  return {
    el,
    read: () => {
      const problems = [];
      const value = rows.map((row, i) => {
        const { body: item, problems: own } = readEntries(row.cells);
        problems.push(...own);
        const key = keyField ? item[keyField.key] : undefined;
        if (keyField && (key === null || key === undefined || key === '')) {
          problems.push({ pointer: pointerOf(keyField.key, `${ctx.pointer}/${i}`), message: `请填写${keyField.label}` });
        }
        return item;
      });
      return { value, problems };
    },
  };
}


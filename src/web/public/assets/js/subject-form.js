// A subject's form generated from its rule set's model (model.project, model.region): the identity
// entries first, then one group per section with its fields, laid out like the notice's forms
// (a ruled table: label, value, two fields a row; long texts, checklists and row tables take a
// whole row). Collecting it gives exactly the body the API validates: identity plus every
// declared field, null where nothing was entered.
import { valueAt } from './catalog.js';
import { h } from './dom.js';
import { fieldControl, isRequired, readEntries } from './form-fields.js';
import { rowsControl } from './rows-field.js';

const WIDE = new Set(['multiChoice', 'rows']);
const isWide = (def) => WIDE.has(def.type) || (def.type === 'text' && def.multiline === true) || def.wide === true;

/**
 * options: { doc, kind, record, identity: entries made with fieldControl (shown first, always
 * required), notes: { [fieldKey]: text shown beside the input }, onChange, readOnly }.
 * Returns { element, entries, collect(), markRequired({ stage, category }) }.
 */
export function subjectForm({ doc, kind, record, identity = [], notes = {}, onChange, readOnly = false }) {
  const model = doc.model?.[kind] ?? { sections: [], fields: [] };
  const ctx = { doc, lists: new Map(), rowsControl, onChange, readOnly };
  const entries = model.fields.map((def) => fieldControl(def, valueAt(record, def.key), ctx));
  for (const e of entries) {
    if (notes[e.def.key]) e.control.append(h('span', { class: 'hint' }, notes[e.def.key]));
  }
  for (const e of identity) e.setRequired(true);

  // Sections in the model's order; fields of no (or an unknown) section go last, under 其他.
  const groups = model.sections.map((s) => ({ label: s.label, entries: entries.filter((e) => e.def.section === s.id) }));
  const known = new Set(model.sections.map((s) => s.id));
  const others = entries.filter((e) => !known.has(e.def.section));
  if (others.length) groups.push({ label: groups.length ? '其他' : '基本信息', entries: others });
  if (identity.length) {
    if (groups.length) groups[0].entries.unshift(...identity);
    else groups.push({ label: '基本信息', entries: identity });
  }

  const table = h('table', { class: 'form-table' },
    h('caption', { class: 'visually-hidden' }, doc.title ?? ''),
    groups.filter((g) => g.entries.length).map((g) => h('tbody', {}, layout(g))));
  const element = h('div', { class: 'subject-form' },
    readOnly ? h('fieldset', { class: 'plain', disabled: true }, table) : table,
    [...ctx.lists.values()]);
  return {
    element,
    entries,
    collect: () => readEntries([...identity, ...entries]),
    markRequired: (context) => {
      for (const e of entries) e.setRequired(isRequired(e.def, context));
    },
  };
}

/** Rows of a group: two fields a row (four cells), a wide field alone; the group title spans them. */
function layout(group) {
  const lines = [];
  let pending = null;
  for (const e of group.entries) {
    if (isWide(e.def)) {
      if (pending) lines.push([pending]);
      pending = null;
      lines.push([e]);
    } else if (pending) {
      lines.push([pending, e]);
      pending = null;
    } else pending = e;
  }
  if (pending) lines.push([pending]);
  return lines.map((pair, i) => h('tr', {},
    i === 0 ? h('th', { class: 'group', rowspan: lines.length, scope: 'rowgroup' }, group.label) : null,
    pair.map((e) => [
      h('th', { scope: 'row' }, e.label),
      h('td', { colspan: pair.length === 1 ? 3 : 1, class: isWide(e.def) ? 'wide' : null }, e.control),
    ])));
}

// One input per declared field (a FieldDefinition of the rule set's model): the control a clerk
// fills in and the reader that turns it back into the API's value. Every input carries
// data-pointer (the JSON pointer the API names in its errors) so server problems land beside it.
// Amounts are typed in 万元 and travel as integer yuan; an empty input is null.
import { choices, tableRows, rowKey, rowLabel } from './catalog.js';
import { h } from './dom.js';
import { parseWan, wanNumber, wanProblem } from './money.js';

let seq = 0;

/** "/counties/3" + "name" → "/counties/3/name"; dotted keys become segments ("funding.provincial"). */
export function pointerOf(key, prefix = '') {
  return prefix + key.split('.').map((k) => '/' + k.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Whether a field must be filled in for this project category at this stage. */
export function isRequired(def, { stage, category } = {}) {
  const r = def.required;
  if (r === true) return true;
  if (!r || typeof r !== 'object') return false;
  if (r.stages?.length && stage && !r.stages.includes(stage)) return false;
  if (r.categories?.length && !r.categories.includes(category)) return false;
  return true;
}

const ok = (value) => ({ value });
const problem = (message) => ({ problem: message });

function boundsProblem(def, n, show = String) {
  if (def.min !== undefined && n < def.min) return `不能小于 ${show(def.min)}`;
  if (def.max !== undefined && n > def.max) return `不能大于 ${show(def.max)}`;
  return null;
}

/** A <datalist> of a table's display column, made once per form (ctx.lists) and shared. */
function datalistFor(ctx, table) {
  ctx.lists ??= new Map();
  if (!ctx.lists.has(table)) {
    ctx.lists.set(table, h('datalist', { id: `list-${table}-${++seq}` },
      tableRows(ctx.doc, table).map((row) => h('option', { value: rowLabel(ctx.doc, table, row) }))));
  }
  return ctx.lists.get(table).id;
}

/** The input element(s) and reader of one scalar type. */
function input(def, value, attrs, ctx) {
  switch (def.type) {
    case 'text': {
      const common = { ...attrs, maxlength: def.maxLength ?? null };
      const el = def.multiline
        ? h('textarea', { ...common, rows: 3 }, value ?? '')
        : h('input', { ...common, type: 'text', value: value ?? '', list: def.suggestions ? datalistFor(ctx, def.suggestions) : null });
      return { el, read: () => ok(el.value.trim() === '' ? null : el.value.trim()) };
    }
    case 'integer':
    case 'number': {
      const integer = def.type === 'integer';
      const el = h('input', { ...attrs, type: 'number', class: 'count', step: integer ? 1 : 'any', min: def.min ?? (integer ? 0 : null), max: def.max ?? null, value: value ?? '' });
      return {
        el,
        read: () => {
          // A number input holding garbage reports '' with badInput set.
          if (el.validity?.badInput) return problem(integer ? '请填写整数' : '请填写数字');
          const raw = el.value.trim();
          if (raw === '') return ok(null);
          const n = Number(raw);
          if (!Number.isFinite(n) || (integer && !/^-?\d+$/.test(raw))) return problem(integer ? '请填写整数' : '请填写数字');
          return boundsProblem(def, n) ? problem(boundsProblem(def, n)) : ok(n);
        },
      };
    }
    case 'amount': {
      const el = h('input', { ...attrs, type: 'text', inputmode: 'decimal', class: 'amount', autocomplete: 'off', value: wanNumber(value) });
      return {
        el,
        read: () => {
          const raw = el.value.trim();
          if (raw === '') return ok(null);
          const why = wanProblem(raw);
          if (why) return problem(why);
          const yuan = parseWan(raw);
          const bounds = boundsProblem(def, yuan, (y) => `${wanNumber(y)}万元`);
          return bounds ? problem(bounds) : ok(yuan);
        },
      };
    }
    case 'date': {
      const el = h('input', { ...attrs, type: 'date', value: value ?? '' });
      return {
        el,
        read: () => {
          const raw = el.value.trim();
          if (raw === '') return el.validity?.badInput ? problem('请选择完整的日期') : ok(null);
          return /^\d{4}-\d{2}-\d{2}$/.test(raw) ? ok(raw) : problem('请选择日期');
        },
      };
    }
    case 'boolean': {
      const el = h('input', { ...attrs, type: 'checkbox', checked: value === true });
      return { el, read: () => ok(el.checked) };
    }
    case 'choice': {
      // Identity selects (year, region) pass their options; declared choices read their table.
      const options = def.options ?? choices(ctx.doc, def.table);
      const known = value === null || value === undefined || options.some(([k]) => k === String(value));
      const el = h('select', attrs,
        h('option', { value: '' }, '请选择'),
        options.map(([k, label]) => h('option', { value: k, selected: k === String(value ?? '') }, label)),
        // A stored value the table no longer has stays visible (and the server names the problem).
        known ? null : h('option', { value: String(value), selected: true }, `${value}（不在表格中）`));
      return { el, read: () => ok(el.value === '' ? null : el.value) };
    }
    default:
      return null;
  }
}

/** Checkboxes, one per table row; stores the ticked keys in the table's order. */
function multiChoice(def, value, attrs, ctx) {
  const ticked = new Set(Array.isArray(value) ? value.map(String) : []);
  const boxes = tableRows(ctx.doc, def.table).map((row) => {
    const key = rowKey(ctx.doc, def.table, row);
    const box = h('input', { type: 'checkbox', name: attrs.name, value: key, checked: ticked.has(key) });
    return { box, label: h('label', {}, box, ` ${rowLabel(ctx.doc, def.table, row)}`, row.assumption === true ? h('span', { class: 'hint inline' }, '（默认事项，待省局确认）') : null) };
  });
  const el = h('fieldset', { class: 'checks', id: attrs.id, dataset: attrs.dataset }, h('legend', { class: 'visually-hidden' }, def.label), boxes.map((b) => b.label));
  return { el, read: () => ok(boxes.filter((b) => b.box.checked).map((b) => b.box.value)) };
}

/**
 * The control of one declared field. ctx: { doc, pointer (this field's JSON pointer), compact
 * (no label, no help line), unitInHeader (a rows table's cell), lists (shared datalists),
 * rowsControl (for type rows) }.
 * Returns { def, label, control, read, setRequired } — read() gives { value } or { problem }.
 */
export function fieldControl(def, value, ctx) {
  const id = `f-${++seq}`;
  const pointer = ctx.pointer ?? pointerOf(def.key);
  const attrs = { id, name: ctx.name ?? def.key, dataset: { pointer, key: def.key, type: def.type }, 'aria-label': ctx.compact ? def.label : null };
  let made;
  if (def.type === 'multiChoice') made = multiChoice(def, value, attrs, ctx);
  else if (def.type === 'rows') made = ctx.rowsControl(def, value, { ...ctx, pointer, id });
  else made = input(def, value, attrs, ctx);
  if (!made) made = { el: h('span', { class: 'muted' }, `（不支持的字段类型 ${def.type}）`), read: () => ok(null) };
  // Input and unit never part: a unit that wraps under its box reads as the next field's label.
  // In a rows table the column header carries the unit (ctx.unitInHeader).
  const unit = ctx.unitInHeader ? null : def.type === 'amount' ? '万元' : def.type === 'integer' || def.type === 'number' ? def.unit : null;
  const control = h('div', { class: 'field-anchor' },
    unit ? h('span', { class: 'with-unit' }, made.el, h('span', { class: 'unit' }, unit)) : made.el,
    !ctx.compact && def.help ? h('span', { class: 'hint' }, def.help) : null);
  const label = ctx.compact ? null : h(def.type === 'multiChoice' || def.type === 'rows' ? 'span' : 'label', { for: made.el.tagName === 'FIELDSET' ? null : id, id: `${id}-label` }, def.label);
  const setRequired = (required) => {
    label?.classList.toggle('required', required);
    if (made.el.matches?.('input, select, textarea')) made.el.toggleAttribute('aria-required', required);
  };
  return { def, label, control, read: made.read, setRequired, pointer };
}

/**
 * Reads entries made by fieldControl into a body: every declared field present (null when
 * empty). Returns { body, problems } with problems as [{ pointer, message }], like the API's.
 */
export function readEntries(entries, body = {}) {
  const problems = [];
  for (const entry of entries) {
    const result = entry.read();
    if (result.problems) problems.push(...result.problems);
    if (result.problem) problems.push({ pointer: entry.pointer, message: result.problem });
    else setValueAt(body, entry.def.key, result.value);
  }
  return { body, problems };
}

export function setValueAt(target, key, value) {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null || Array.isArray(node[part])) node[part] = {};
    node = node[part];
  }
  node[parts.at(-1)] = value;
}

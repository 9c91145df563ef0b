// Typed form fields bound to a JSON path of the document they edit. Each input carries
// data-pointer (the JSON pointer the API names in its errors) so server problems land beside it,
// and reads/writes its value in the API's units: amounts typed in 万元 travel as yuan.
import { h } from './dom.js';
import { parseWan, wanNumber, wanProblem } from './money.js';

let seq = 0;

const getPath = (obj, path) => path.split('.').reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);

/**
 * spec: { path: 'funding.provincial', label, type: 'text'|'textarea'|'int'|'amount'|'date'|'select'|'checkbox',
 *         options?: [[value,label]], required?, hint?, list? (datalist id) }
 * Returns { label, control, spec } where control is what goes in the value cell.
 */
export function field(spec, doc) {
  const id = `f-${spec.path.replace(/\W/g, '-')}-${++seq}`;
  const pointer = '/' + spec.path.split('.').join('/');
  const value = getPath(doc, spec.path);
  const common = { id, name: spec.path, dataset: { pointer, path: spec.path, type: spec.type }, required: spec.required || null };
  let input;
  switch (spec.type) {
    case 'textarea':
      input = h('textarea', { ...common, rows: 3 }, value ?? '');
      break;
    case 'select':
      input = h('select', common, h('option', { value: '' }, '请选择'), spec.options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
      break;
    case 'checkbox':
      input = h('input', { ...common, type: 'checkbox', checked: value === true });
      break;
    case 'amount':
      input = h('input', { ...common, type: 'text', inputmode: 'decimal', class: 'amount', value: wanNumber(value), autocomplete: 'off' });
      break;
    case 'int':
      input = h('input', { ...common, type: 'number', min: 0, step: 1, value: value ?? '' });
      break;
    case 'date':
      input = h('input', { ...common, type: 'date', value: value ?? '' });
      break;
    default:
      input = h('input', { ...common, type: 'text', value: value ?? '', list: spec.list ?? null });
  }
  const unit = spec.type === 'amount' ? h('span', { class: 'unit' }, '万元') : spec.unit ? h('span', { class: 'unit' }, spec.unit) : null;
  const control = h('div', { class: 'field-anchor' }, input, unit, spec.hint ? h('span', { class: 'hint' }, spec.hint) : null);
  const label = h('label', { for: id, class: spec.required ? 'required' : null }, spec.label);
  return { label, control, input, spec };
}

/**
 * Reads one field into the API's value, or a problem in Chinese. Empty → undefined (left out).
 */
export function readField(input) {
  const type = input.dataset.type;
  if (type === 'checkbox') return { value: input.checked };
  const raw = input.value.trim();
  if (raw === '') {
    // A number input holding garbage reports '' with badInput set.
    if (input.validity?.badInput) return { problem: '请填写整数' };
    return input.required ? { problem: '此项为必填项' } : { value: undefined };
  }
  if (type === 'amount') {
    const problem = wanProblem(raw);
    return problem ? { problem } : { value: parseWan(raw) };
  }
  if (type === 'int') return /^\d+$/.test(raw) ? { value: Number(raw) } : { problem: '请填写非负整数' };
  if (type === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(raw) ? { value: raw } : { problem: '请选择日期' };
  return { value: raw };
}

/**
 * Collects every [data-path] input of `root` into a nested object. Returns { body, problems }
 * with problems as [{ pointer, message }] like the API's, so both show the same way.
 */
export function collect(root) {
  const body = {};
  const problems = [];
  for (const input of root.querySelectorAll('[data-path]')) {
    const { value, problem } = readField(input);
    if (problem) {
      problems.push({ pointer: input.dataset.pointer, message: problem });
      continue;
    }
    if (value === undefined) continue;
    const keys = input.dataset.path.split('.');
    let target = body;
    for (const k of keys.slice(0, -1)) target = target[k] ??= {};
    target[keys.at(-1)] = value;
  }
  return { body, problems };
}

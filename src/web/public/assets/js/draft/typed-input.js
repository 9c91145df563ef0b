// The value of a condition typed by its fact, with the same controls as the subject forms
// (form-fields.js: amounts in 万元 kept exactly in yuan, the date picker, a choice from a table),
// plus what only conditions need: 是/否 as a choice, and a list of values for 属于 / 不属于.
import { choices } from '../catalog.js';
import { h } from '../dom.js';
import { fieldControl } from '../form-fields.js';
import { parseWan, wanNumber, wanProblem } from '../money.js';

let seq = 0;
export const nextId = (prefix) => `${prefix}-${++seq}`;

const YES_NO = [['true', '是'], ['false', '否']];
const isEmpty = (v) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * A control for one value of `info.type` (info: a fact, { type, unit?, table? }). Returns
 * { el, input (the element that carries data-pointer), read() → { value } | { problem } }.
 */
export function valueInput(doc, info, value, { label = '值' } = {}) {
  const boolean = info.type === 'boolean';
  const def = { key: 'value', label, type: boolean ? 'choice' : info.type, unit: info.unit, table: info.table, ...(boolean ? { options: YES_NO } : {}) };
  if (def.type === 'choice' && !boolean && !doc.tables?.[def.table]) def.type = 'text';
  const entry = fieldControl(def, boolean && typeof value === 'boolean' ? String(value) : value, { doc, compact: true, pointer: '/value' });
  return {
    el: entry.control,
    input: entry.control.querySelector('[data-pointer]'),
    read() {
      const r = entry.read();
      if (r.problem) return r;
      if (isEmpty(r.value)) return { problem: def.type === 'choice' || def.type === 'multiChoice' ? '请选择' : '请填写值' };
      return boolean ? { value: r.value === 'true' } : r;
    },
  };
}

/**
 * A list of values for 属于 / 不属于: check boxes over a table for choices, else one box with the
 * values separated by 、 (amounts in 万元).
 */
export function listInput(doc, type, table, values) {
  if (type === 'choice' && doc.tables?.[table]) {
    const picked = new Set(values.map(String));
    const known = choices(doc, table);
    for (const v of picked) if (!known.some(([k]) => k === v)) known.push([v, `${v}（不在表格中）`]);
    const group = h('span', { class: 'field-anchor checks', role: 'group', 'aria-label': '值' },
      known.map(([k, l]) => h('label', {}, h('input', { type: 'checkbox', value: k, checked: picked.has(k) }), ` ${l}`)));
    const read = () => {
      const out = [...group.querySelectorAll('input:checked')].map((b) => b.value);
      return out.length ? { value: out } : { problem: '请至少选择一项' };
    };
    return { el: group, input: group, read };
  }
  const shown = values.map((v) => (type === 'amount' && typeof v === 'number' ? wanNumber(v) : String(v))).join('、');
  const input = h('input', { type: 'text', class: 'list-value', autocomplete: 'off', 'aria-label': '值', value: shown });
  const read = () => {
    const parts = input.value.split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean);
    if (!parts.length) return { problem: '请填写至少一个值，多个值用顿号（、）分隔' };
    const out = [];
    for (const p of parts) {
      if (type === 'amount') {
        const problem = wanProblem(p);
        if (problem) return { problem: `“${p}”：${problem}` };
        out.push(parseWan(p));
      } else if (type === 'integer' || type === 'number') {
        if (!Number.isFinite(Number(p)) || (type === 'integer' && !/^-?\d+$/.test(p))) return { problem: `“${p}”不是${type === 'integer' ? '整数' : '数字'}` };
        out.push(Number(p));
      } else out.push(p);
    }
    return { value: out };
  };
  return {
    el: h('span', { class: 'field-anchor' }, input, type === 'amount' ? h('span', { class: 'unit' }, '万元') : null, h('span', { class: 'hint' }, '多个值用顿号（、）分隔')),
    input,
    read,
  };
}

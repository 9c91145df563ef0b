// One typed value of the 参数 and 表格 tabs with the controls of the subject forms
// (form-fields.js): amounts typed in 万元 and kept in yuan, the date picker, whole numbers, a check
// box for 是否, a choice of a table's rows or of given options. Adds what the forms leave to their
// callers: a fixed id, and whether an empty value is allowed.
import { fieldControl } from '../form-fields.js';

/**
 * def: { key, label (the input's accessible name), type, unit?, table?, options? }.
 * Returns { el, input, read() → { value } | { empty: true } | { problem } }.
 */
export function typedControl(doc, def, value, { pointer, id, required = false }) {
  const entry = fieldControl(def, value, { doc, compact: true, pointer });
  const input = entry.control.querySelector('[data-pointer]');
  if (id && input) input.id = id;
  return {
    el: entry.control,
    input,
    read() {
      const r = entry.read();
      if (r.problem) return r;
      if (r.value === null || r.value === undefined || r.value === '' || (Array.isArray(r.value) && r.value.length === 0)) return required ? { problem: def.type === 'choice' ? '请选择' : '请填写' } : { empty: true };
      return r;
    },
  };
}

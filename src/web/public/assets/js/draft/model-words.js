// The words the 字段 and 派生事实 tabs use for the model's codes, and the stored names (keys) a
// new field or fact gets: people name things by label, the key is derived and never changes.
import { STAGE } from '../labels.js';

export const KIND_LABELS = { project: '示范项目', region: '市州进度', province: '全省汇总' };

/** [type, word] in the order a form designer thinks of them. */
export const FIELD_TYPES = [
  ['text', '文本'], ['integer', '整数'], ['amount', '金额（万元）'], ['number', '数字'], ['date', '日期'],
  ['boolean', '是否'], ['choice', '单选'], ['multiChoice', '多选'], ['rows', '明细表'],
];
export const FIELD_TYPE = Object.fromEntries(FIELD_TYPES);

/** The types a row of a 明细表 may hold. */
export const ROW_FIELD_TYPES = FIELD_TYPES.filter(([t]) => !['choice', 'multiChoice', 'rows'].includes(t));

export const FACT_TYPES = [['number', '数字'], ['integer', '整数'], ['amount', '金额（万元）'], ['text', '文本'], ['date', '日期'], ['boolean', '是否'], ['list', '列表']];
export const FACT_TYPE = Object.fromEntries(FACT_TYPES);

/** What rule sets allow as a stored name: dotted words of English letters, digits and _. */
export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}(\.[A-Za-z][A-Za-z0-9_]{0,63}){0,5}$/;
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** "Chain leader 2023" → "chainLeader2023"; '' when the label has no Latin letters to go on. */
export function slug(label) {
  const words = String(label ?? '').normalize('NFKD').match(/[A-Za-z][A-Za-z0-9]*|\d+/g) ?? [];
  const text = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('');
  return /^[A-Za-z]/.test(text) ? text.slice(0, 40) : '';
}

/** `base`, else base2, base3 … — the first one `taken` does not hold; `${base}1` when numbered. */
export function freeName(base, taken, numbered = false) {
  if (!numbered && !taken.has(base)) return base;
  for (let i = numbered ? 1 : 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

/** 「申报审查时必填（仅新项目）」 for a field's required setting. */
export function requiredText(required, categoryLabel) {
  if (!required) return '';
  if (required === true) return '必填';
  const stages = required.stages?.length ? required.stages.map((s) => STAGE[s] ?? s).join('、') + '时' : '';
  const categories = required.categories?.length ? `（仅${required.categories.map(categoryLabel).join('、')}）` : '';
  return `${stages}必填${categories}`;
}

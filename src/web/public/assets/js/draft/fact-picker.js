// A <select> of facts by their Chinese label, grouped as a policy officer finds them: identity,
// the form's sections, what the rule set computes, batch totals, and (when asked) the parameters.
import { h } from '../dom.js';
import { factOptions, factsOf, parametersOf, SOURCE } from '../fact-catalogue.js';

/** Facts of the same family compare with each other (an amount with an amount, a date with a date). */
const FAMILY = { amount: 'amount', integer: 'number', number: 'number', date: 'date', boolean: 'boolean', text: 'text', choice: 'text', list: 'list', multiChoice: 'list', rows: 'rows' };
export const sameFamily = (a, b) => !a || !b || (FAMILY[a] ?? a) === (FAMILY[b] ?? b);

/** [group label, facts][] of a subject kind, inputs grouped by their form section. */
function groups(doc, kind, facts) {
  const sections = new Map((doc.model?.[kind]?.sections ?? []).map((s) => [s.id, s.label]));
  const out = new Map();
  for (const f of facts) {
    const group = f.source === 'input' ? `${SOURCE.input}${sections.has(f.section) ? `：${sections.get(f.section)}` : ''}` : SOURCE[f.source];
    if (!out.has(group)) out.set(group, []);
    out.get(group).push(f);
  }
  return [...out];
}

/**
 * select of the facts of `kind` (and/or the parameters), keeping `current` even when it is not
 * one of them. options: { facts: true, params: false, filter(info) → boolean, blank: '请选择…' }.
 */
export function factSelect(doc, kind, current, attrs = {}, { facts = true, params = false, filter = () => true, blank = null } = {}) {
  const list = [...(facts ? factsOf(doc, kind) : []), ...(params ? parametersOf(doc) : [])].filter((f) => filter(f) || f.name === current);
  const text = new Map(factOptions(list));
  const option = (f) => h('option', { value: f.name, selected: f.name === current }, text.get(f.name));
  const known = list.some((f) => f.name === current);
  return h('select', attrs,
    blank !== null ? h('option', { value: '' }, blank) : null,
    current && !known ? h('option', { value: current, selected: true }, `未定义的事实 ${current}`) : null,
    groups(doc, kind, list).map(([label, fs]) => h('optgroup', { label }, fs.map(option))));
}

// 条件 of a rule as a builder: nested groups 全部满足 / 任一满足 / 不满足, and conditions read as
// “事实 运算 值” — the fact picked by its label, the operator in words (only those that fit the
// fact), the value typed by the fact, a parameter or another fact. It reads back the same
// json-rules-engine JSON the rule set stores, and stamps each control with the JSON pointer the
// server would name (/conditions/all/0/fact), so a refused save lands beside the right control.
import { h, select } from '../dom.js';
import { findFact } from '../fact-catalogue.js';
import { elementType, LIST_VALUE, OPERATOR_WORDS, operatorsFor, UNARY } from '../operators.js';
import { factSelect, sameFamily } from './fact-picker.js';
import { listInput, nextId, valueInput } from './typed-input.js';

const GROUPS = [['all', '全部满足'], ['any', '任一满足'], ['not', '不满足']];
const MODES = { fixed: '固定值', param: '参数', fact: '其他事实', empty: '未填写' };

/** Adding or removing a condition is an edit too (the page warns before losing it). */
const edited = (el) => el.dispatchEvent(new Event('change', { bubbles: true }));
function removeItem(el) {
  const li = el.closest('li');
  const list = li.parentElement;
  li.remove();
  edited(list);
}

const isRef = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.fact === 'string';
const modeOf = (value) => (isRef(value) ? (value.fact.startsWith('param.') ? 'param' : 'fact') : value === null ? 'empty' : 'fixed');

/** The type a fact is compared as: identity facts with a table are choices. */
function typeOf(info, value) {
  if (info) return info.table && info.type === 'text' ? 'choice' : info.type;
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return Array.isArray(value) ? 'list' : 'text';
}

function modesFor(op) {
  if (UNARY.has(op)) return [];
  if (LIST_VALUE.has(op)) return ['fixed', 'fact'];
  return ['fixed', 'param', 'fact', ...(op === 'equal' || op === 'notEqual' ? ['empty'] : [])];
}

/** One condition: fact, operator, value. Its element carries read(pointer, problems). */
function leafEditor(ctx, leaf) {
  const { doc, kind } = ctx;
  const extra = Object.fromEntries(Object.entries(leaf).filter(([k]) => !['fact', 'operator', 'value'].includes(k)));
  let info = findFact(doc, kind, leaf.fact);
  let value = leaf.value;
  const factId = nextId('cond-fact');
  const factBox = factSelect(doc, kind, leaf.fact, { id: factId, class: 'cond-fact', 'aria-label': '事实' }, { blank: leaf.fact ? null : '请选择事实…' });
  const opBox = h('span');
  const valueBox = h('span', { class: 'cond-value' });
  let opSelect;
  let control = null;
  let modeSelect = null;

  function drawOperator(current) {
    const ops = operatorsFor(typeOf(info, value));
    const op = ops.includes(current) ? current : current && !info ? current : ops[0];
    const options = ops.map((o) => [o, OPERATOR_WORDS[o]]);
    if (!ops.includes(op)) options.unshift([op, OPERATOR_WORDS[op] ?? op]);
    opSelect = select({ class: 'cond-op', 'aria-label': '运算', onchange: () => { keepTyped(); drawValue(); } }, options, op);
    opBox.replaceChildren(opSelect);
  }

  function drawValue() {
    const op = opSelect.value;
    const modes = modesFor(op);
    const previous = modeSelect?.value ?? modeOf(value);
    const mode = modes.includes(previous) ? previous : modes[0];
    modeSelect = modes.length > 1 ? select({ class: 'cond-mode', 'aria-label': '比较对象', onchange: () => { value = undefined; drawControl(); } }, modes.map((m) => [m, MODES[m]]), mode) : null;
    const drawControl = () => {
      const m = modeSelect?.value ?? modes[0];
      const type = typeOf(info, value);
      const element = op === 'contains' || op === 'doesNotContain' ? elementType(type) : type;
      control = null;
      if (!m) control = null;
      else if (m === 'param' || m === 'fact') {
        const current = isRef(value) && modeOf(value) === m ? value.fact : '';
        const wanted = LIST_VALUE.has(op) ? 'list' : element;
        const picker = factSelect(doc, kind, current, { class: 'cond-ref', 'aria-label': m === 'param' ? '参数' : '其他事实' },
          { facts: m === 'fact', params: m === 'param', filter: (f) => sameFamily(typeOf(f), wanted), blank: m === 'param' ? '请选择参数…' : '请选择事实…' });
        control = { el: h('span', { class: 'field-anchor' }, picker), input: picker, ref: true, read: () => (picker.value ? { value: { fact: picker.value } } : { problem: m === 'param' ? '请选择参数' : '请选择事实' }) };
      } else if (m === 'empty') control = { el: h('span', { class: 'muted' }, '（该事实没有值）'), read: () => ({ value: null }) };
      else if (LIST_VALUE.has(op)) control = listInput(doc, elementType(type), info?.table, Array.isArray(value) ? value : []);
      else control = valueInput(doc, { ...info, type: element }, isRef(value) || value === null ? undefined : value);
      valueBox.replaceChildren(...[modeSelect, control?.el].filter(Boolean));
      if (!modes.length) valueBox.replaceChildren();
    };
    drawControl();
  }

  // What is typed so far survives a change of fact or operator when it still fits.
  const keepTyped = () => {
    const r = control?.read();
    if (r && !r.problem && !r.empty) value = r.value;
  };
  factBox.addEventListener('change', () => {
    keepTyped();
    const before = typeOf(info, value);
    info = findFact(doc, kind, factBox.value);
    if (!sameFamily(typeOf(info), before)) value = undefined;
    drawOperator(opSelect.value);
    drawValue();
  });
  drawOperator(leaf.operator);
  drawValue();

  const el = h('div', { class: 'cond-leaf' },
    h('label', { class: 'visually-hidden', for: factId }, '事实'),
    h('span', { class: 'field-anchor' }, factBox), opBox, valueBox,
    h('button', { type: 'button', class: 'link-button cond-remove', 'aria-label': '删除此条件', onclick: () => removeItem(el) }, '删除'));
  el.read = (p, problems) => {
    factBox.dataset.pointer = `${p}/fact`;
    opSelect.dataset.pointer = `${p}/operator`;
    if (!factBox.value) problems.push({ pointer: `${p}/fact`, message: '请选择事实' });
    const fact = factBox.value;
    const operator = opSelect.value;
    if (UNARY.has(operator)) return { fact, operator, value: true, ...extra };
    if (control?.input) control.input.dataset.pointer = control.ref ? `${p}/value/fact` : `${p}/value`;
    const r = control?.read() ?? { value: null };
    if (r.problem) problems.push({ pointer: control.ref ? `${p}/value/fact` : `${p}/value`, message: r.problem });
    return { fact, operator, value: r.problem ? null : r.value, ...extra };
  };
  return el;
}

/** A group of conditions; `root` groups cannot be removed. */
function groupEditor(ctx, type, children, root = false) {
  const list = h('ol', { class: 'cond-children' });
  const add = (node) => list.append(h('li', {}, nodeEditor(ctx, node)));
  const addNew = (node) => {
    add(node);
    edited(list);
    list.lastElementChild.querySelector('select')?.focus();
  };
  children.forEach(add);
  const typeSelect = select({ class: 'cond-group-type', 'aria-label': '条件组' }, GROUPS, type);
  const el = h('fieldset', { class: 'cond-group' },
    h('div', { class: 'cond-group-head' }, typeSelect, h('span', { class: 'muted small' }, '以下条件'),
      root ? null : h('button', { type: 'button', class: 'link-button cond-remove', onclick: () => removeItem(el) }, '删除此组')),
    list,
    h('div', { class: 'cond-actions' },
      h('button', { type: 'button', class: 'btn small-btn add-condition', onclick: () => addNew({ fact: '', operator: '', value: undefined }) }, '＋ 条件'),
      h('button', { type: 'button', class: 'btn small-btn add-group', onclick: () => addNew({ all: [{ fact: '', operator: '', value: undefined }] }) }, '＋ 条件组')));
  el.read = (p, problems) => {
    typeSelect.dataset.pointer = p;
    const items = [...list.children].map((li) => li.firstElementChild);
    const kind = typeSelect.value;
    if (!items.length) {
      problems.push({ pointer: p, message: '条件组至少需要一个条件' });
      return { [kind]: kind === 'not' ? { all: [] } : [] };
    }
    if (kind !== 'not') return { [kind]: items.map((c, i) => c.read(`${p}/${kind}/${i}`, problems)) };
    if (items.length === 1) return { not: items[0].read(`${p}/not`, problems) };
    return { not: { all: items.map((c, i) => c.read(`${p}/not/all/${i}`, problems)) } };
  };
  return el;
}

function nodeEditor(ctx, node) {
  if (node && Array.isArray(node.all)) return groupEditor(ctx, 'all', node.all);
  if (node && Array.isArray(node.any)) return groupEditor(ctx, 'any', node.any);
  if (node && node.not) return groupEditor(ctx, 'not', [node.not]);
  return leafEditor(ctx, node ?? {});
}

/**
 * The builder for one rule's conditions over the facts of `kind`. read() → { conditions, problems }
 * with pointers under /conditions.
 */
export function conditionBuilder(doc, kind, conditions) {
  const ctx = { doc, kind };
  const c = conditions ?? { all: [] };
  const top = Array.isArray(c.all) ? groupEditor(ctx, 'all', c.all, true)
    : Array.isArray(c.any) ? groupEditor(ctx, 'any', c.any, true)
      : c.not ? groupEditor(ctx, 'not', [c.not], true) : groupEditor(ctx, 'all', [c], true);
  const el = h('div', { class: 'cond-builder' }, top);
  return {
    el,
    read() {
      const problems = [];
      const result = top.read('/conditions', problems);
      return { conditions: result, problems };
    },
  };
}

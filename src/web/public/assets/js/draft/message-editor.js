// Messages and requirements as text boxes where a placeholder reads as what it is: {{funding.provincial}}
// shows as 「省级资金（万元）」 and goes back to {{funding.provincial}} on save. Placeholders are
// inserted from a list at the cursor; a label two facts share stays as the raw {{name}} so that
// nothing is ever saved as the wrong fact. Rule sets with the old (Handlebars) syntax are edited
// as plain text.
import { h } from '../dom.js';
import { factLabel, factsOf, parametersOf } from '../fact-catalogue.js';
import { factSelect } from './fact-picker.js';
import { nextId } from './typed-input.js';

// Same as src/evaluation/message-text.ts.
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;
const TOKEN = /「([^「」]*)」/g;

/**
 * The placeholders a text of a `kind` rule may use (only parameters for a requirement), and the
 * conversions between stored text and shown text.
 */
export function placeholderWords(doc, kind, { paramsOnly = false } = {}) {
  const handlebars = doc.messageSyntax === 'handlebars';
  const entries = [...(paramsOnly ? [] : factsOf(doc, kind)), ...parametersOf(doc)];
  const names = new Map();
  for (const f of entries) {
    const token = `「${factLabel(f)}」`;
    names.set(token, [...(names.get(token) ?? []), f.name]);
  }
  const tokenOf = new Map(entries.filter((f) => names.get(`「${factLabel(f)}」`).length === 1).map((f) => [f.name, `「${factLabel(f)}」`]));
  const nameOf = new Map([...tokenOf].map(([n, t]) => [t, n]));
  return {
    handlebars,
    paramsOnly,
    /** What is inserted for a fact: its token, or {{name}} when its label is shared. */
    insertText: (name) => tokenOf.get(name) ?? `{{${name}}}`,
    toDisplay: (text) => (handlebars ? text ?? '' : (text ?? '').replace(PLACEHOLDER, (m, name) => tokenOf.get(name) ?? m)),
    fromDisplay: (text) => (handlebars ? text : text.replace(TOKEN, (m) => (nameOf.has(m) ? `{{${nameOf.get(m)}}}` : m))),
  };
}

/** Puts `text` at the cursor of a text box (replacing a selection) and reports it as an edit. */
function insertAtCursor(box, text) {
  const start = box.selectionStart ?? box.value.length;
  const end = box.selectionEnd ?? start;
  box.setRangeText(text, start, end, 'end');
  box.focus();
  box.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * One message box with its placeholder list. read() → the stored text ('' when empty).
 * options: { label, value (stored text), words (placeholderWords), pointer, rows }.
 */
export function messageBox(doc, kind, { label, value, words, pointer, rows = 2, id = nextId('msg') }) {
  const box = h('textarea', { id, rows, class: 'message-text', dataset: pointer ? { pointer } : {} }, words.toDisplay(value));
  let picker = null;
  if (!words.handlebars) {
    const list = factSelect(doc, kind, '', { class: 'placeholder-list', 'aria-label': `插入到“${label}”的占位符` },
      { facts: !words.paramsOnly, params: true, blank: words.paramsOnly ? '选择要插入的参数…' : '选择要插入的事实或参数…' });
    picker = h('span', { class: 'placeholder-picker' }, list,
      h('button', { type: 'button', class: 'btn small-btn insert-placeholder', onclick: () => { if (list.value) insertAtCursor(box, words.insertText(list.value)); list.value = ''; } }, '插入'));
  }
  const el = h('div', { class: 'message-field' },
    h('label', { for: id }, label),
    h('div', { class: 'field-anchor' }, box),
    picker);
  return { el, box, read: () => words.fromDisplay(box.value.trim()) };
}

/**
 * The messages for a fact not filled in: checked in order when the rule fails, the first fact
 * without a value gives its message. read(problems) → [{ fact, message }] (pointers under
 * /messages/missing).
 */
export function missingEditor(doc, kind, missing, words) {
  const list = h('ol', { class: 'missing-list' });
  const add = (m) => {
    const factId = nextId('missing-fact');
    const fact = factSelect(doc, kind, m.fact, { id: factId, class: 'missing-fact' }, { blank: '请选择事实…' });
    const message = messageBox(doc, kind, { label: '提示', value: m.message, words });
    const li = h('li', { class: 'missing-item' },
      h('div', { class: 'field-anchor' }, h('label', { for: factId }, '未填写的事实'), fact),
      message.el,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'link-button', onclick: () => li.previousElementSibling?.before(li) }, '上移'),
        h('button', { type: 'button', class: 'link-button', onclick: () => li.remove() }, '删除')));
    li.read = (j, problems) => {
      fact.dataset.pointer = `/messages/missing/${j}/fact`;
      message.box.dataset.pointer = `/messages/missing/${j}/message`;
      const text = message.read();
      if (!fact.value) problems.push({ pointer: fact.dataset.pointer, message: '请选择事实' });
      if (!text) problems.push({ pointer: message.box.dataset.pointer, message: '请填写提示' });
      return { fact: fact.value, message: text };
    };
    list.append(li);
  };
  (missing ?? []).forEach(add);
  const el = h('div', { class: 'missing-editor' },
    h('p', { class: 'muted small' }, '规则不符合且下列事实未填写时，按顺序取第一条的提示，代替“不符合时提示”。'),
    list,
    h('button', { type: 'button', class: 'btn small-btn add-missing', onclick: () => add({ fact: '', message: '' }) }, '＋ 未填写时的提示'));
  return { el, read: (problems) => [...list.children].map((li, j) => li.read(j, problems)) };
}

// 可用内容: everything a derived fact's expression may read, listed by Chinese label and inserted
// at the cursor with a click — the subject's fields (input.<key>), its identity and other facts,
// the parameters, the tables, and the function library the server describes.
import { get } from '../api.js';
import { h } from '../dom.js';
import { factsOf, identityFields, unitOf } from '../fact-catalogue.js';
import { wanNumber } from '../money.js';
import { FACT_TYPE, FIELD_TYPE } from './model-words.js';

let library = null;

/** The function library and CEL constructs, fetched once per page. */
function functions() {
  library ??= get('/api/cel-functions').catch((err) => {
    library = null;
    throw err;
  });
  return library;
}

/** Inserts `text` at the cursor of `area`; a function's caret goes between its brackets. */
export function insertAt(area, text) {
  const start = area.selectionStart ?? area.value.length;
  const end = area.selectionEnd ?? start;
  area.value = area.value.slice(0, start) + text + area.value.slice(end);
  const caret = start + (text.endsWith('()') ? text.length - 1 : text.length);
  area.focus();
  area.setSelectionRange(caret, caret);
  area.dispatchEvent(new Event('input', { bubbles: true }));
}

const item = (area, insert, label, detail) =>
  h('li', {}, h('button', { type: 'button', class: 'insert', title: `插入 ${insert}`, dataset: { insert }, onclick: () => insertAt(area, insert) },
    h('span', {}, label), ' ', h('code', { class: 'small muted' }, insert.trim())), detail ? h('span', { class: 'hint' }, detail) : null);

const group = (title, items, open = false) => (items.length ? h('details', { open }, h('summary', {}, `${title}（${items.length}）`), h('ul', { class: 'plain-list' }, items)) : null);

/** The panel for the expression `area` of a fact of `kind`; `except` is the fact being edited. */
export function vocabularyPanel(doc, kind, area, except) {
  const model = doc.model[kind];
  const sectionLabel = new Map(model.sections.map((s) => [s.id, s.label]));
  const bySection = new Map();
  for (const f of model.fields) {
    const title = sectionLabel.get(f.section) ?? '未分组';
    if (!bySection.has(title)) bySection.set(title, []);
    const unit = unitOf(f);
    const detail = f.type === 'rows' ? `明细表，每行有：${(f.fields ?? []).map((c) => `${c.label}（${c.key}）`).join('、')}` : `${FIELD_TYPE[f.type] ?? f.type}${unit ? `，${unit}` : ''}`;
    bySection.get(title).push(item(area, `input.${f.key}`, f.label, detail));
  }
  const facts = factsOf(doc, kind);
  const derived = facts.filter((f) => f.source === 'derived' && f.name !== except).map((f) => item(area, f.name, f.label, FACT_TYPE[f.type] ?? f.type));
  const aggregates = facts.filter((f) => f.source === 'aggregate').map((f) => item(area, f.name, f.label, '一批对象的汇总'));
  const identity = identityFields(kind).map((f) => item(area, f.fact, f.label));
  const params = doc.parameters.map((p) => item(area, `param.${p.name}`, p.label, `现为 ${p.type === 'amount' ? `${wanNumber(p.value)}万元（即 ${p.value} 元）` : `${p.value}${p.unit ?? ''}`}`));
  const tables = Object.entries(doc.tables).map(([name, t]) => item(area, `tables.${name}`, t.label, `列：${t.columns.map((c) => `${c.label}（${c.key}）`).join('、')}`));
  const other = [
    item(area, 'stage', '评估阶段', '"application" 申报审查、"acceptance" 验收评价、"progress" 进度评估'),
    item(area, 'missingFields', '未填写的必填项', '名称列表'),
  ];
  const fnList = h('ul', { class: 'plain-list' }, h('li', { class: 'muted' }, '正在载入…'));
  functions().then((list) => fnList.replaceChildren(...list.map((f) => item(area, f.insert, f.name, f.description))))
    .catch(() => fnList.replaceChildren(h('li', { class: 'muted' }, '函数列表载入失败')));
  // Typing part of a name shows only what matches, its groups opened.
  const search = h('input', { type: 'search', id: 'vocabulary-search', placeholder: '查找，如“企业”', 'aria-label': '查找可用内容', oninput: () => {
    const q = search.value.trim().toLowerCase();
    for (const li of panel.querySelectorAll('.plain-list li')) li.hidden = Boolean(q) && !li.textContent.toLowerCase().includes(q);
    if (q) for (const g of panel.querySelectorAll('details')) g.open = [...g.querySelectorAll('li')].some((li) => !li.hidden);
  } });
  const panel = h('aside', { class: 'panel vocabulary', 'aria-label': '可用内容' },
    h('h3', {}, '可用内容'),
    h('p', { class: 'hint' }, '点击即插入到表达式中光标处。金额按元计算（1万元 = 10000）。'),
    search,
    [...bySection].map(([title, items]) => group(`填报字段：${title}`, items, true)),
    group('基本信息', identity),
    group('其他派生事实', derived),
    group('汇总统计', aggregates),
    group('参数', params),
    group('表格', tables),
    group('评估时的情况', other),
    h('details', {}, h('summary', {}, '函数与写法'), fnList));
  return panel;
}

// 市州评估报告 (reports.region): its title, the line under it (a text with placeholders), its
// 基本情况, the 任务完成情况 table (target and achieved facts, the rule that judges them), the table
// of a rows field with a check per column (CEL over one row), and the 报送时限 table. A check's
// expression is checked when the layout is saved (the whole draft is validated): a mistake is
// shown under its box.
import { h, select } from '../dom.js';
import { parametersOf } from '../fact-catalogue.js';
import { insertAt } from './fact-vocabulary.js';
import { factSelect } from './fact-picker.js';
import { messageBox, placeholderWords } from './message-editor.js';
import { informationEditor } from './report-information.js';
import { anchor, labelled, listEditor, required, textInput } from './report-list.js';

const BASE = '/reports/region';
const isDate = (f) => f.type === 'date';
const isNumber = (f) => ['integer', 'number', 'amount'].includes(f.type);

/** The rules of `kind` by title, the one that judges a row (its outcome is printed beside it). */
function ruleSelect(doc, kind, current, attrs) {
  const rules = doc.rules.filter((r) => r.subject === kind);
  const known = rules.some((r) => r.id === current);
  return h('select', attrs,
    h('option', { value: '' }, '不关联规则'),
    current && !known ? h('option', { value: current, selected: true }, `不存在的规则 ${current}`) : null,
    rules.map((r) => h('option', { value: r.id, selected: r.id === current }, r.title)));
}

/** A titled table (任务完成情况, 报送时限): its title and rows; read() → { title, rows } | undefined. */
function titledList(doc, part, section, { titleLabel, headings, build, addLabel, blank }) {
  const title = h('input', { type: 'text', id: `report-region-${part}-title`, value: section?.title ?? '', dataset: { pointer: `${BASE}/${part}/title` } });
  const list = listEditor({ id: `report-region-${part}`, caption: titleLabel, headings, items: section?.rows, base: `${BASE}/${part}/rows`, build, adds: [[addLabel, blank, `add-${part}-row`]] });
  const read = (problems) => {
    const rows = list.read(problems);
    if (!rows.length && !title.value.trim()) return undefined;
    return { title: required(problems, title, '表格标题'), rows };
  };
  return { el: h('div', {}, labelled(titleLabel, title, '没有任何一行且不填标题，则报告中不出现这张表'), list.el), read };
}

function measureRow(doc) {
  return (m, at) => {
    const label = at(textInput(m.label, '任务名称', { class: 'measure-label' }), 'label');
    const target = at(factSelect(doc, 'region', m.target, { class: 'measure-target', 'aria-label': '任务数' }, { params: true, blank: '请选择…', filter: isNumber }), 'target');
    const achieved = at(factSelect(doc, 'region', m.achieved, { class: 'measure-achieved', 'aria-label': '完成数' }, { params: true, blank: '请选择…', filter: isNumber }), 'achieved');
    const rule = at(ruleSelect(doc, 'region', m.rule, { class: 'measure-rule', 'aria-label': '判定规则' }), 'rule');
    return {
      cells: [anchor(label), anchor(target), anchor(achieved), anchor(rule)],
      read: (problems) => ({ label: required(problems, label, '任务名称'), target: required(problems, target, '任务数'), achieved: required(problems, achieved, '完成数'), ...(rule.value ? { rule: rule.value } : {}) }),
    };
  };
}

function deadlineRow(doc) {
  return (d, at) => {
    const label = at(textInput(d.label, '报送事项', { class: 'deadline-label' }), 'label');
    const due = at(factSelect(doc, 'region', d.due, { class: 'deadline-due', 'aria-label': '截止日期' }, { params: true, blank: '请选择…', filter: isDate }), 'due');
    const submitted = at(factSelect(doc, 'region', d.submitted, { class: 'deadline-submitted', 'aria-label': '报送日期' }, { blank: '请选择…', filter: isDate }), 'submitted');
    const rule = at(ruleSelect(doc, 'region', d.rule, { class: 'deadline-rule', 'aria-label': '判定规则' }), 'rule');
    return {
      cells: [anchor(label), anchor(due), anchor(submitted), anchor(rule)],
      read: (problems) => ({ label: required(problems, label, '报送事项'), due: required(problems, due, '截止日期'), submitted: required(problems, submitted, '报送日期'), ...(rule.value ? { rule: rule.value } : {}) }),
    };
  };
}

/** What a check's expression may read: the columns of one row (row.<key>) and the parameters. */
function celWords(doc, fieldKey) {
  const field = doc.model.region?.fields.find((f) => f.key === fieldKey && f.type === 'rows');
  return [
    ...(field?.fields ?? []).map((c) => [`row.${c.key}`, `该行的${c.label}（row.${c.key}）`]),
    ...parametersOf(doc).map((p) => [p.name, `参数：${p.label}（${p.name}）`]),
  ];
}

/** The rows section: field, title, checks, and the notes under the table. */
function rowsSection(doc, rows) {
  const words = placeholderWords(doc, 'region');
  const rowFields = (doc.model.region?.fields ?? []).filter((f) => f.type === 'rows');
  const field = select({ id: 'report-region-rows-field', dataset: { pointer: `${BASE}/rows/field` } }, [['', '（不显示明细表）'], ...rowFields.map((f) => [f.key, f.label])], rows?.field ?? '');
  const title = h('input', { type: 'text', id: 'report-region-rows-title', value: rows?.title ?? '', dataset: { pointer: `${BASE}/rows/title` } });
  // Each check's 插入 list follows the field chosen above.
  const pickers = [];
  const fillPicker = (picker) => picker.replaceChildren(h('option', { value: '' }, '插入…'), celWords(doc, field.value).map(([v, l]) => h('option', { value: v }, l)));
  field.addEventListener('change', () => pickers.forEach(fillPicker));
  const checks = listEditor({
    id: 'report-region-checks', caption: '每行的检查', headings: ['检查项', '表达式（对每一行计算，结果为是/否）', '符合时显示', '不符合时显示'],
    items: rows?.checks, base: `${BASE}/rows/checks`,
    build: (c, at) => {
      const label = at(textInput(c.label, '检查项', { class: 'check-label' }), 'label');
      const cel = at(h('textarea', { class: 'expression check-cel', rows: 2, spellcheck: 'false', 'aria-label': '检查的表达式' }, c.cel ?? ''), 'cel');
      const picker = h('select', { class: 'check-insert', 'aria-label': '插入到表达式', onchange: () => {
        if (picker.value) insertAt(cel, picker.value);
        picker.value = '';
      } });
      fillPicker(picker);
      pickers.push(picker);
      const pass = at(textInput(c.pass, '符合时显示', { class: 'check-pass', placeholder: '如 达标' }), 'pass');
      const fail = at(textInput(c.fail, '不符合时显示', { class: 'check-fail', placeholder: '如 未达标' }), 'fail');
      return {
        cells: [anchor(label), [anchor(cel), picker], anchor(pass), anchor(fail)],
        read: (problems) => ({ label: required(problems, label, '检查项'), cel: required(problems, cel, '表达式'), pass: required(problems, pass, '符合时显示的文字'), fail: required(problems, fail, '不符合时显示的文字') }),
      };
    },
    adds: [['＋ 添加检查', () => ({}), 'add-check']],
  });
  const note = messageBox(doc, 'region', { label: '表格下的说明（可插入事实或参数）', value: rows?.note, words, pointer: `${BASE}/rows/note`, id: 'report-region-rows-note' });
  const noteWithoutRows = messageBox(doc, 'region', { label: '没有明细时的说明', value: rows?.noteWithoutRows, words, pointer: `${BASE}/rows/noteWithoutRows`, id: 'report-region-rows-note-without' });
  const read = (problems) => {
    const list = checks.read(problems);
    const texts = { note: note.read(), noteWithoutRows: noteWithoutRows.read() };
    if (!field.value && !title.value.trim() && !list.length && !texts.note && !texts.noteWithoutRows) return undefined;
    const out = { title: required(problems, title, '表格标题'), field: required(problems, field, '明细表字段'), checks: list };
    for (const [k, v] of Object.entries(texts)) if (v) out[k] = v;
    return out;
  };
  const el = h('div', {},
    labelled('明细表字段', field, rowFields.length ? '市州进度中逐行填写的字段，报告按行列出' : '市州进度没有明细表字段'),
    labelled('表格标题', title),
    h('p', { class: 'hint' }, '表达式对明细表的每一行计算一次：row.列标识 是该行的值，param.参数名 是参数，如 (has(row.count) ? row.count : 0) >= param.minimum。保存时检查表达式，有错误会显示在该框下。'),
    checks.el, note.el, noteWithoutRows.el);
  return { el, read };
}

/** The whole 市州评估报告 layout; read(problems) → reports.region. */
export function regionLayoutEditor(doc) {
  const region = doc.reports.region ?? {};
  const title = h('input', { type: 'text', id: 'report-region-title', value: region.title ?? '', dataset: { pointer: `${BASE}/title` } });
  const headline = messageBox(doc, 'region', { label: '标题下的一行（可插入事实）', value: region.headline, words: placeholderWords(doc, 'region'), pointer: `${BASE}/headline`, id: 'report-region-headline' });
  const information = informationEditor(doc, 'region', region.information ?? [], `${BASE}/information`, 'report-region-information');
  const measures = titledList(doc, 'measures', region.measures, {
    titleLabel: '任务完成情况表的标题', headings: ['任务', '任务数', '完成数', '判定规则'], addLabel: '＋ 添加任务', blank: () => ({}), build: measureRow(doc),
  });
  const rows = rowsSection(doc, region.rows);
  const deadlines = titledList(doc, 'deadlines', region.deadlines, {
    titleLabel: '报送时限表的标题', headings: ['报送事项', '截止日期（事实或参数）', '报送日期', '判定规则'], addLabel: '＋ 添加报送事项', blank: () => ({}), build: deadlineRow(doc),
  });
  const el = h('div', {},
    labelled('报告标题', title),
    headline.el,
    h('h3', {}, '基本情况'), h('p', { class: 'hint' }, '可不设：不设则报告中没有这张表。'), information.el,
    h('h3', {}, '任务完成情况'), measures.el,
    h('h3', {}, '明细表'), rows.el,
    h('h3', {}, '报送时限'), deadlines.el);
  const read = (problems) => {
    const out = { title: required(problems, title, '报告标题') };
    const text = headline.read();
    if (text) out.headline = text;
    const entries = information.read(problems);
    if (entries.length) out.information = entries;
    for (const [key, part] of [['measures', measures], ['rows', rows], ['deadlines', deadlines]]) {
      const value = part.read(problems);
      if (value) out[key] = value;
    }
    return out;
  };
  return { el, read };
}

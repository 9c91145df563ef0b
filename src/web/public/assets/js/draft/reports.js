// 报告 tab: how the scorecards lay out the notice (document.reports) — the project scorecard's
// titles and 基本情况, the region scorecard, the year summary's title and amount columns — edited
// as forms instead of JSON. Each part saves by replacing the draft document (PUT …/draft with its
// revision); the server validates the whole rule set and a refused value is shown under the
// control its pointer names. A part holding unsaved edits survives another part's save.
import { h } from '../dom.js';
import { showErrors } from '../field-errors.js';
import { isDirty, watchForm } from '../unsaved.js';
import { submit } from './draft-write.js';
import { factSelect } from './fact-picker.js';
import { informationEditor } from './report-information.js';
import { summaryTitleFor } from './report-layout.js';
import { anchor, labelled, listEditor, required, textInput } from './report-list.js';
import { regionLayoutEditor } from './report-region.js';
import { doc, writeDraft } from './state.js';

const KEY = 'draft-report-';

function projectLayoutEditor(d) {
  const layout = d.reports.project;
  const title = (stage, label) => h('input', { type: 'text', id: `report-title-${stage}`, value: layout.titles?.[stage] ?? '', dataset: { pointer: `/reports/project/titles/${stage}` }, 'aria-label': label });
  const application = title('application', '申报审查报告标题');
  const acceptance = title('acceptance', '验收评价报告标题');
  const information = informationEditor(d, 'project', layout.information, '/reports/project/information', 'report-project-information');
  const el = h('div', {},
    labelled('申报审查报告标题', application), labelled('验收评价报告标题', acceptance),
    h('h3', {}, '项目基本情况'),
    h('p', { class: 'hint' }, '报告开头的信息表。事实按名称选择；“显示名称”不填则用事实的名称，事实改名后报告随之改变。'),
    information.el);
  const read = (problems) => ({
    titles: { application: required(problems, application, '申报审查报告标题'), acceptance: required(problems, acceptance, '验收评价报告标题') },
    information: information.read(problems),
  });
  return { el, read };
}

function summaryLayoutEditor(d) {
  const layout = d.reports.summary;
  const title = h('input', { type: 'text', id: 'report-summary-title', value: layout.title ?? '', dataset: { pointer: '/reports/summary/title' } });
  const printed = h('span', { class: 'hint', id: 'report-summary-title-printed' });
  const showPrinted = () => (printed.textContent = `打印为：${summaryTitleFor(title.value, d.year)}（以 ${d.year} 年度为例）`);
  title.addEventListener('input', showPrinted);
  showPrinted();
  const insertYear = h('button', { type: 'button', class: 'btn small', id: 'report-summary-insert-year', onclick: () => {
    title.setRangeText('{{year}}', title.selectionStart ?? title.value.length, title.selectionEnd ?? title.value.length, 'end');
    title.focus();
    title.dispatchEvent(new Event('input', { bubbles: true }));
  } }, '插入“年度”');
  const amounts = listEditor({
    id: 'report-summary-amounts', caption: '汇总表的金额列', headings: ['列名称', '金额'], items: layout.amounts, base: '/reports/summary/amounts',
    build: (a, at) => {
      const label = at(textInput(a.label, '列名称', { class: 'amount-label' }), 'label');
      const fact = at(factSelect(d, 'project', a.fact, { class: 'amount-fact', 'aria-label': '金额' }, { blank: '请选择…', filter: (f) => f.type === 'amount' }), 'fact');
      return { cells: [anchor(label), anchor(fact)], read: (problems) => ({ label: required(problems, label, '列名称'), fact: required(problems, fact, '金额') }) };
    },
    adds: [['＋ 添加金额列', () => ({}), 'add-amount']],
  });
  const el = h('div', {},
    h('div', { class: 'model-form-row' }, h('label', { for: title.id }, '汇总表标题'), anchor(title), ' ', insertYear,
      h('span', { class: 'hint' }, '标题中的 {{year}} 在打印时换成汇总的年度（如 2023）；点“插入“年度””放在光标处。'), printed),
    h('h3', {}, '金额列'),
    h('p', { class: 'hint' }, '汇总表在各项目的结论之后列出这些金额（万元），并按市州合计。'),
    amounts.el);
  const read = (problems) => ({ title: required(problems, title, '汇总表标题'), amounts: amounts.read(problems) });
  return { el, read };
}

// [part, heading, what it is, editor]
const PARTS = [
  ['project', '项目评估报告', '每个示范项目的申报审查和验收评价报告。', projectLayoutEditor],
  ['region', '市州评估报告', '每个市州的进度评估报告。', regionLayoutEditor],
  ['summary', '年度汇总表', '一个年度全部项目的评估汇总表。', summaryLayoutEditor],
];

function partForm([part, heading, intro, build], hooks) {
  const dirtyKey = `${KEY}${part}`;
  const editor = build(doc());
  const form = h('form', { class: 'panel report-part model-form', id: `report-${part}`, novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    save(e.submitter ?? form.querySelector('[type=submit]'));
  } },
    h('h2', {}, heading), h('p', { class: 'muted' }, intro),
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    editor.el,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary', id: `save-report-${part}` }, `保存${heading}的版式`),
      h('span', { class: 'unsaved-flag', role: 'status' }, '有未保存的修改')));
  watchForm(form, dirtyKey);

  function save(button) {
    const problems = [];
    const value = editor.read(problems);
    if (problems.length) return showErrors(form, { message: `${heading}的版式未保存：有 ${problems.length} 处需要修改`, details: problems });
    const next = structuredClone(doc());
    next.reports = { ...next.reports, [part]: value };
    return submit(button, { form, hooks, dirtyKey, write: () => writeDraft('PUT', '', next), done: `已保存${heading}的版式` });
  }
  return form;
}

/** The forms drawn last, kept while they hold unsaved edits (a redraw after another save). */
const kept = new Map();

export function renderReports(panel, hooks) {
  const forms = PARTS.map((spec) => {
    const [part] = spec;
    if (!(kept.has(part) && isDirty(`${KEY}${part}`))) kept.set(part, partForm(spec, hooks));
    return kept.get(part);
  });
  panel.replaceChildren(
    h('p', { class: 'muted' }, '评估报告的版式：标题、开头的信息表、任务表和汇总表的列。各部分分别保存；保存时校验整个规则集。'),
    ...forms);
}

// The form of one rule: what it is about (subject, stage, project categories), how it is worded
// (title, clause, requirement, messages with placeholders) and when it holds (the condition
// builder). Every control carries the pointer the server uses inside a rule (/messages/fail,
// /conditions/all/0/value), so a refused save is shown beside the control.
import { h, select } from '../dom.js';
import { choices } from '../catalog.js';
import { SEVERITY, STAGE, SUBJECT } from '../labels.js';
import { conditionBuilder } from './condition-builder.js';
import { messageBox, missingEditor, placeholderWords } from './message-editor.js';
import { nextId } from './typed-input.js';

const STAGES = [['', '申报和验收都适用'], ['application', STAGE.application], ['acceptance', STAGE.acceptance]];

/**
 * Chinese names of the usual rule categories. A rule set stores only the code (rule.category):
 * these are the page's words for codes seen in rule sets, not something a notice declares, so a
 * code without a name here is shown as it is.
 */
export const CATEGORY_NAMES = {
  funding: '资金', eligibility: '资格', quota: '名额', deadline: '时限', form: '推荐表',
  focus: '重点', deliverables: '工作要求', publicity: '宣传', targets: '任务', coverage: '覆盖',
};
const NEW_CATEGORY = '__new__';

/** 「资金（funding）」, or the code alone when it has no name. */
export const categoryWords = (code) => (CATEGORY_NAMES[code] ? `${CATEGORY_NAMES[code]}（${code}）` : code);

/**
 * 分类: a select of the categories the rule set already uses, in words, and 新分类… with a box for
 * the new code. The box holds what is saved; it is shown while no known category is chosen.
 */
function categoryControl(doc, current) {
  const used = [...new Set([...doc.rules.map((x) => x.category), current].filter(Boolean))];
  const pick = h('select', { class: 'rule-category-pick', id: nextId('rule-category') },
    h('option', { value: '' }, '请选择分类…'),
    used.map((c) => h('option', { value: c, selected: c === current }, categoryWords(c))),
    h('option', { value: NEW_CATEGORY }, '新分类…'));
  const code = h('input', { type: 'text', class: 'rule-category', value: current ?? '', autocomplete: 'off', spellcheck: 'false', 'aria-label': '新分类的代码（英文）', placeholder: '新分类的代码（英文），如 training', dataset: { pointer: '/category' } });
  const name = h('span', { class: 'hint inline rule-category-name', 'aria-live': 'polite' });
  const showName = () => {
    const v = code.value.trim();
    // A category chosen in the list is named there already.
    name.textContent = !v || code.hidden ? '' : CATEGORY_NAMES[v] ? `即“${CATEGORY_NAMES[v]}”` : used.includes(v) ? '' : '新分类';
  };
  code.hidden = used.includes(current);
  pick.addEventListener('change', () => {
    code.value = pick.value === NEW_CATEGORY ? '' : pick.value;
    code.hidden = pick.value !== NEW_CATEGORY && pick.value !== '';
    if (!code.hidden) code.focus();
    showName();
  });
  code.addEventListener('input', () => {
    const v = code.value.trim();
    pick.value = used.includes(v) ? v : v ? NEW_CATEGORY : '';
    showName();
  });
  showName();
  const el = h('div', { class: 'rule-field' }, h('label', { for: pick.id }, '分类'),
    h('div', { class: 'field-anchor' }, pick, ' ', code, ' ', name),
    h('span', { class: 'hint' }, '同类规则用同一个分类；新分类请选“新分类…”，填写英文代码'));
  return { el, read: () => code.value.trim() };
}

/** A labelled control with its own error anchor. */
function row(label, control, hint) {
  const id = control.id || (control.id = nextId('rule-field'));
  return h('div', { class: 'rule-field' }, h('label', { for: id }, label), h('div', { class: 'field-anchor' }, control), hint ? h('span', { class: 'hint' }, hint) : null);
}

/**
 * The editor of `rule` (a new one when `isNew`). Returns { el (the form's contents), read() →
 * { rule, problems } }; changing the subject redraws it with the facts of the new subject.
 */
export function ruleEditor(doc, rule, { isNew = false } = {}) {
  const el = h('div', { class: 'rule-editor-body' });
  let read;

  function draw(r) {
    const kind = r.subject;
    const words = placeholderWords(doc, kind);
    const reqWords = placeholderWords(doc, kind, { paramsOnly: true });
    const id = isNew ? h('input', { type: 'text', class: 'rule-id', value: r.id ?? '', autocomplete: 'off', dataset: { pointer: '/id' } }) : null;
    const title = h('input', { type: 'text', class: 'rule-title', value: r.title ?? '', dataset: { pointer: '/title' } });
    const clause = h('input', { type: 'text', class: 'rule-clause', value: r.clause ?? '', dataset: { pointer: '/clause' } });
    const category = categoryControl(doc, r.category);
    const subject = select({ class: 'rule-subject', dataset: { pointer: '/subject' }, onchange: () => redraw({ subject: subject.value }) }, Object.entries(SUBJECT), kind);
    const stage = select({ class: 'rule-stage', dataset: { pointer: '/stage' } }, STAGES, r.stage ?? '');
    const applies = h('span', { class: 'field-anchor checks rule-applies', role: 'group', 'aria-label': '适用的项目类别', dataset: { pointer: '/appliesTo' } },
      choices(doc, 'categories').map(([k, l]) => h('label', {}, h('input', { type: 'checkbox', value: k, checked: (r.appliesTo ?? []).includes(k) }), ` ${l}`)));
    const severity = select({ class: 'rule-severity', dataset: { pointer: '/severity' } }, Object.entries(SEVERITY), r.severity ?? 'blocking');
    const points = h('input', { type: 'number', class: 'rule-points', min: 0, step: 'any', value: r.points ?? '', dataset: { pointer: '/points' } });
    const note = h('textarea', { class: 'rule-note', rows: 2, dataset: { pointer: '/note' } }, r.note ?? '');
    const requirement = messageBox(doc, kind, { label: '要求（可插入参数）', value: r.requirement, words: reqWords, pointer: '/requirement' });
    const pass = messageBox(doc, kind, { label: '符合时提示', value: r.messages?.pass, words, pointer: '/messages/pass' });
    const fail = messageBox(doc, kind, { label: '不符合时提示', value: r.messages?.fail, words, pointer: '/messages/fail' });
    const missing = missingEditor(doc, kind, r.messages?.missing, words);
    const builder = conditionBuilder(doc, kind, r.conditions);

    el.replaceChildren(
      h('div', { class: 'grid-2' },
        id ? row('规则标识（英文小写，如 budget.limit，保存后不能修改）', id) : null,
        row('标题', title), row('条款', clause),
        category.el,
        row('检查对象', subject),
        kind === 'project' ? row('阶段', stage) : null,
        row('级别', severity), row('分值（验收评分，可不填）', points)),
      kind === 'project' ? h('div', { class: 'rule-field' }, h('span', { class: 'label' }, '适用的项目类别（都不选则适用于所有类别）'), applies) : null,
      requirement.el,
      h('fieldset', { class: 'rule-conditions' }, h('legend', {}, '符合的条件'), builder.el),
      h('fieldset', { class: 'rule-messages' }, h('legend', {}, '提示语'),
        words.handlebars
          ? h('p', { class: 'hint old-syntax' }, '此规则集的提示语使用旧写法（Handlebars 模板，如 {{wan 事实名}}），按原样作为文字编辑。')
          : h('p', { class: 'hint' }, '「」中的内容在评估时换成该项的值（金额以万元显示）；从列表中选择后点“插入”，放在光标处。'),
        pass.el, fail.el,
        h('h4', {}, '未填写时的提示'), missing.el),
      row('备注', note));

    read = () => {
      const problems = [];
      const out = { ...structuredClone(rule), ...(isNew ? { id: id.value.trim() } : {}) };
      out.title = title.value.trim();
      out.clause = clause.value.trim();
      out.category = category.read();
      out.subject = subject.value;
      // Set in place (not deleted and re-added), so the stored rule keeps its key order.
      const picked = kind === 'project' ? [...applies.querySelectorAll('input:checked')].map((b) => b.value) : [];
      if (kind === 'project' && stage.value) out.stage = stage.value;
      else delete out.stage;
      if (picked.length) out.appliesTo = picked;
      else delete out.appliesTo;
      out.severity = severity.value;
      const p = points.value.trim();
      if (p === '') delete out.points;
      else if (Number.isFinite(Number(p)) && Number(p) >= 0) out.points = Number(p);
      else problems.push({ pointer: '/points', message: '分值应为不小于0的数字' });
      out.requirement = requirement.read();
      const { conditions, problems: conditionProblems } = builder.read();
      out.conditions = conditions;
      problems.push(...conditionProblems);
      const missingList = missing.read(problems);
      out.messages = { pass: pass.read(), fail: fail.read(), ...(missingList.length ? { missing: missingList } : {}) };
      const text = note.value.trim();
      if (text) out.note = text;
      else delete out.note;
      for (const [pointer, value, what] of [['/title', out.title, '标题'], ['/requirement', out.requirement, '要求'], ['/messages/pass', out.messages.pass, '符合时提示'], ['/messages/fail', out.messages.fail, '不符合时提示']]) {
        if (!value) problems.push({ pointer, message: `请填写${what}` });
      }
      if (isNew && !/^[a-z0-9]+([.-][a-z0-9]+)*$/.test(out.id)) problems.push({ pointer: '/id', message: '标识由小写英文字母和数字组成，可用点或短横线分段，如 budget.limit' });
      return { rule: out, problems };
    };
  }

  /** Keeps what was typed, under another subject (its facts, its placeholders). */
  function redraw(change) {
    draw({ ...read().rule, ...change });
  }

  draw(rule);
  return { el, read: () => read() };
}

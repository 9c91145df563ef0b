// 规则 tab: each rule with its title, clause, severity, messages and a structured view of its
// conditions; an edit form for the wording, an expert JSON view for the whole rule, add and remove.
import { ApiError, seg } from '../api.js';
import { conditionView } from '../condition-view.js';
import { fill, h, select } from '../dom.js';
import { describePointer } from '../field-errors.js';
import { SEVERITY, STAGE, SUBJECT, severityBadge } from '../labels.js';
import { busy, reportError, status } from '../layout.js';
import { setDirty } from '../unsaved.js';
import { doc, writeDraft } from './state.js';

const TEXT_FIELDS = [['title', '标题'], ['clause', '条款'], ['requirement', '要求'], ['messages.pass', '符合时提示'], ['messages.fail', '不符合时提示'], ['note', '备注']];

const get = (o, path) => path.split('.').reduce((x, k) => (x == null ? undefined : x[k]), o);

let filterSubject = '';

/** Problems of a refused rule write, listed under the rule with their location. */
function problemsView(err, ruleIndex) {
  const prefix = `/rules/${ruleIndex}`;
  return h('div', { class: 'error-summary', role: 'alert' },
    h('p', { class: 'error-title' }, err.message),
    h('ul', {}, (err.details ?? []).map((d) => h('li', {}, d.pointer?.startsWith(prefix) ? describePointer(d.pointer.slice(prefix.length) || '/') : describePointer(d.pointer), d.message))));
}

function ruleCard(rule, index, hooks) {
  const d = doc();
  const key = `draft-rule-${rule.id}`;
  const errors = h('div', { class: 'rule-errors' });
  const fields = TEXT_FIELDS.map(([path, label]) => {
    const id = `rule-${index}-${path}`;
    const long = path.startsWith('messages') || path === 'requirement' || path === 'note';
    return h('div', {}, h('label', { for: id }, label), long
      ? h('textarea', { id, rows: 2, dataset: { path } }, get(rule, path) ?? '')
      : h('input', { id, type: 'text', value: get(rule, path) ?? '', dataset: { path } }));
  });
  const severity = select({ id: `rule-${index}-severity`, dataset: { path: 'severity' } }, Object.entries(SEVERITY), rule.severity);
  const points = h('input', { id: `rule-${index}-points`, type: 'number', min: 0, step: 'any', value: rule.points ?? '', dataset: { path: 'points' } });
  const json = h('textarea', { class: 'code', 'aria-label': `规则 ${rule.id} 的 JSON`, spellcheck: 'false' }, JSON.stringify(rule, null, 2));
  let jsonTouched = false;
  json.addEventListener('input', () => (jsonTouched = true));
  const editor = h('form', { class: 'rule-editor', hidden: true, novalidate: true, oninput: () => setDirty(key), onsubmit: (e) => e.preventDefault() },
    h('p', { class: 'muted small' }, '提示语中花括号里的内容在评估时自动填入，例如 {{wan param.capNew}} 显示为“25万元”，{{wan funding.provincial}} 显示项目申请的金额。'),
    h('div', { class: 'grid-2' }, fields,
      h('div', {}, h('label', { for: `rule-${index}-severity` }, '级别'), severity),
      h('div', {}, h('label', { for: `rule-${index}-points` }, '分值（验收评分）'), points)),
    h('details', {}, h('summary', {}, '专家视图：整条规则的 JSON（含条件）'),
      h('p', { class: 'muted small' }, '在此修改条件等结构；保存时若改过此处，以此处 JSON 为准。'), json),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn primary', onclick: (e) => save(e.currentTarget) }, '保存规则'),
      h('button', { type: 'button', class: 'btn', onclick: () => { editor.hidden = true; setDirty(key, false); hooks.rerender(); } }, '取消')));

  async function save(button) {
    let body;
    if (jsonTouched) {
      try {
        body = JSON.parse(json.value);
      } catch (e) {
        fill(errors, h('p', { class: 'field-error' }, `JSON 格式有误：${e.message}`));
        return;
      }
    } else {
      body = structuredClone(rule);
      for (const el of editor.querySelectorAll('[data-path]')) {
        const path = el.dataset.path;
        const value = el.value.trim();
        if (path === 'points') body.points = value === '' ? undefined : Number(value);
        else if (path.startsWith('messages.')) body.messages[path.slice(9)] = value;
        else if (path === 'note' && value === '') delete body.note;
        else body[path] = value;
      }
    }
    await busy(button, async () => {
      try {
        await writeDraft('PUT', `/rules/${seg(rule.id)}`, body);
        setDirty(key, false);
        hooks.rerender();
        status(`已保存规则 ${rule.id}`, 'ok');
      } catch (err) {
        if (err instanceof ApiError && err.status === 400) fill(errors, problemsView(err, index));
        else reportError(err, hooks.reload);
      }
    });
  }

  async function remove(button) {
    if (!window.confirm(`确定删除规则 ${rule.id}「${rule.title}」吗？`)) return;
    await busy(button, async () => {
      try {
        await writeDraft('DELETE', `/rules/${seg(rule.id)}`);
        hooks.rerender();
        status(`已删除规则 ${rule.id}`, 'ok');
      } catch (err) {
        if (err instanceof ApiError && err.status === 400) fill(errors, problemsView(err, index));
        else reportError(err, hooks.reload);
      }
    });
  }

  const scope = [SUBJECT[rule.subject] ?? rule.subject, rule.stage ? STAGE[rule.stage] : null,
    rule.appliesTo?.length ? `适用：${rule.appliesTo.map((c) => d.tables.categories.find((x) => x.id === c)?.label ?? c).join('、')}` : null].filter(Boolean).join('｜');
  return h('article', { class: 'rule-card', id: `rule-${rule.id}`, dataset: { rule: rule.id } },
    h('h3', {}, rule.title, h('code', { class: 'small muted' }, rule.id), h('span', { class: 'muted small' }, `条款 ${rule.clause}`), severityBadge(rule.severity),
      rule.points !== undefined ? h('span', { class: 'small' }, `${rule.points} 分`) : null),
    h('p', { class: 'small muted' }, scope),
    h('p', {}, h('strong', {}, '要求：'), rule.requirement),
    h('p', { class: 'small' }, h('strong', {}, '不符合时：'), rule.messages.fail),
    h('p', { class: 'small' }, h('strong', {}, '符合时：'), rule.messages.pass),
    h('details', {}, h('summary', {}, '条件'), conditionView(d, rule.conditions)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', 'aria-expanded': 'false', onclick: (e) => { editor.hidden = !editor.hidden; e.currentTarget.setAttribute('aria-expanded', String(!editor.hidden)); if (!editor.hidden) editor.querySelector('input,textarea')?.focus(); } }, '编辑'),
      h('button', { type: 'button', class: 'btn danger', onclick: (e) => remove(e.currentTarget) }, '删除')),
    errors, editor);
}

function addRuleForm(hooks) {
  const template = {
    id: 'new.rule', title: '新规则', clause: '', category: 'funding', subject: 'project', stage: 'application', appliesTo: ['new'], severity: 'blocking',
    requirement: '', conditions: { all: [{ fact: 'funding.provincial', operator: 'lessThanInclusive', value: { fact: 'param.capNew' } }] },
    messages: { pass: '', fail: '' },
  };
  const text = h('textarea', { class: 'code', id: 'new-rule-json', spellcheck: 'false' }, JSON.stringify(template, null, 2));
  const errors = h('div');
  return h('details', { class: 'panel' }, h('summary', {}, '新增规则（JSON）'),
    h('label', { for: 'new-rule-json' }, '规则 JSON'), text, errors,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary', onclick: async (e) => {
      let body;
      try {
        body = JSON.parse(text.value);
      } catch (err) {
        fill(errors, h('p', { class: 'field-error' }, `JSON 格式有误：${err.message}`));
        return;
      }
      await busy(e.currentTarget, async () => {
        try {
          await writeDraft('POST', '/rules', body);
          hooks.rerender();
          status(`已新增规则 ${body.id}`, 'ok');
        } catch (err) {
          if (err instanceof ApiError && err.status === 400) fill(errors, problemsView(err, doc().rules.length));
          else reportError(err, hooks.reload);
        }
      });
    } }, '新增规则')));
}

export function renderRules(panel, hooks) {
  const rules = doc().rules;
  const subjects = [...new Set(rules.map((r) => r.subject))];
  const list = h('div');
  const draw = () => fill(list, rules.map((r, i) => [r, i]).filter(([r]) => !filterSubject || r.subject === filterSubject).map(([r, i]) => ruleCard(r, i, hooks)));
  fill(panel,
    h('div', { class: 'filters' }, h('label', {}, '对象', select({ onchange: (e) => { filterSubject = e.target.value; draw(); } }, [['', `全部（${rules.length}）`], ...subjects.map((s) => [s, SUBJECT[s] ?? s])], filterSubject))),
    list, addRuleForm(hooks));
  draw();
}

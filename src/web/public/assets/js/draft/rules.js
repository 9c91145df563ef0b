// 规则 tab: each rule as a card (its wording with placeholders shown by label, its conditions in
// words) with an editor — condition builder, message boxes, scope — that saves the rule alone
// (PUT …/draft/rules/:id with the draft's revision); new rules are added with the same editor.
// An editor holding unsaved edits survives a redraw after another tab's or rule's save.
import { ApiError, seg } from '../api.js';
import { conditionView } from '../condition-view.js';
import { fill, h, select } from '../dom.js';
import { clearErrors, showErrors } from '../field-errors.js';
import { STAGE, SUBJECT, severityBadge } from '../labels.js';
import { choices } from '../catalog.js';
import { busy, reportError, status } from '../layout.js';
import { isDirty, setDirty, watchForm } from '../unsaved.js';
import { placeholderWords } from './message-editor.js';
import { ruleEditor } from './rule-editor.js';
import { doc, writeDraft } from './state.js';

const NEW = '__new__';
const dirtyKey = (id) => `draft-rule-${id}`;
/** Open editor forms by rule id (NEW for the one adding a rule), kept while they hold edits. */
const open = new Map();
let filterSubject = '';

function editorForm(rule, hooks, isNew) {
  const key = dirtyKey(isNew ? NEW : rule.id);
  const editor = ruleEditor(doc(), rule, { isNew });
  const form = h('form', { class: 'rule-editor', novalidate: true, dataset: { rule: isNew ? NEW : rule.id }, onsubmit: (e) => { e.preventDefault(); save(e.submitter ?? form.querySelector('[type=submit]')); } },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    editor.el,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary save-rule' }, isNew ? '新增规则' : '保存规则'),
      h('button', { type: 'button', class: 'btn', onclick: () => { open.delete(isNew ? NEW : rule.id); setDirty(key, false); hooks.rerender(); } }, '取消'),
      h('span', { class: 'unsaved-flag', role: 'status' }, '有未保存的修改')));
  watchForm(form, key);

  async function save(button) {
    const { rule: body, problems } = editor.read();
    if (problems.length) return showErrors(form, { message: `有 ${problems.length} 处需要修改`, details: problems });
    clearErrors(form);
    const index = isNew ? doc().rules.length : doc().rules.findIndex((r) => r.id === rule.id);
    const prefix = `/rules/${index}`;
    await busy(button, async () => {
      try {
        if (isNew) await writeDraft('POST', '/rules', body);
        else await writeDraft('PUT', `/rules/${seg(rule.id)}`, body);
        open.delete(isNew ? NEW : rule.id);
        setDirty(key, false);
        hooks.rerender();
        status(isNew ? `已新增规则「${body.title}」` : `已保存规则「${body.title}」`, 'ok');
      } catch (err) {
        // Pointers name the whole document (/rules/4/conditions/all/0/fact); the form's are the rule's own.
        if (err instanceof ApiError && err.status === 400) showErrors(form, err, (p) => (p === prefix || p.startsWith(`${prefix}/`) ? p.slice(prefix.length) || '/' : p));
        else reportError(err, hooks.reload);
      }
    });
  }
  return form;
}

function scopeText(d, rule) {
  const categories = new Map(choices(d, 'categories'));
  return [SUBJECT[rule.subject] ?? rule.subject, rule.stage ? STAGE[rule.stage] : null,
    rule.appliesTo?.length ? `适用：${rule.appliesTo.map((c) => categories.get(c) ?? c).join('、')}` : null].filter(Boolean).join('｜');
}

function ruleCard(rule, hooks) {
  const d = doc();
  const words = placeholderWords(d, rule.subject);
  const slot = h('div', { class: 'rule-editor-slot' });
  const kept = open.get(rule.id);
  const show = (form) => {
    open.set(rule.id, form);
    fill(slot, form);
    form.querySelector('input,select,textarea')?.focus();
  };
  if (kept && isDirty(dirtyKey(rule.id))) fill(slot, kept);
  else open.delete(rule.id);
  const remove = async (button) => {
    if (!window.confirm(`确定删除规则「${rule.title}」（${rule.id}）吗？`)) return;
    await busy(button, async () => {
      try {
        await writeDraft('DELETE', `/rules/${seg(rule.id)}`);
        open.delete(rule.id);
        setDirty(dirtyKey(rule.id), false);
        hooks.rerender();
        status(`已删除规则「${rule.title}」`, 'ok');
      } catch (err) {
        if (err instanceof ApiError && err.status === 400) status(`${err.message}：${(err.details ?? []).map((x) => x.message).join('；')}`, 'error');
        else reportError(err, hooks.reload);
      }
    });
  };
  return h('article', { class: 'rule-card', id: `rule-${rule.id}`, dataset: { rule: rule.id } },
    h('h3', {}, rule.title, h('code', { class: 'small muted' }, rule.id), h('span', { class: 'muted small' }, `条款 ${rule.clause}`), severityBadge(rule.severity),
      rule.points !== undefined ? h('span', { class: 'small' }, `${rule.points} 分`) : null),
    h('p', { class: 'small muted' }, scopeText(d, rule)),
    h('p', {}, h('strong', {}, '要求：'), placeholderWords(d, rule.subject, { paramsOnly: true }).toDisplay(rule.requirement)),
    h('div', { class: 'rule-when' }, h('strong', {}, '符合的条件：'), conditionView(d, rule.conditions, rule.subject)),
    h('p', { class: 'small' }, h('strong', {}, '不符合时：'), words.toDisplay(rule.messages.fail)),
    h('p', { class: 'small' }, h('strong', {}, '符合时：'), words.toDisplay(rule.messages.pass)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn edit-rule', onclick: () => (slot.firstChild ? slot.firstChild.querySelector('input,select,textarea')?.focus() : show(editorForm(rule, hooks, false))) }, '编辑'),
      h('button', { type: 'button', class: 'btn danger', onclick: (e) => remove(e.currentTarget) }, '删除')),
    slot);
}

function newRuleSection(hooks, subject) {
  const blank = {
    id: '', title: '', clause: '', category: '', subject: subject || 'project', severity: 'blocking', requirement: '',
    conditions: { all: [{ fact: '', operator: '', value: undefined }] }, messages: { pass: '', fail: '' },
  };
  const slot = h('div');
  const kept = open.get(NEW);
  if (kept && isDirty(dirtyKey(NEW))) fill(slot, kept);
  const start = () => {
    if (slot.firstChild) return;
    const form = editorForm(blank, hooks, true);
    open.set(NEW, form);
    fill(slot, form);
    form.querySelector('input')?.focus();
  };
  return h('section', { class: 'panel' }, h('h3', {}, '新增规则'),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', id: 'add-rule', onclick: start }, '新增一条规则')), slot);
}

export function renderRules(panel, hooks) {
  const rules = doc().rules;
  const subjects = [...new Set(rules.map((r) => r.subject))];
  const list = h('div', { id: 'rule-list' });
  const draw = () => fill(list, rules.filter((r) => !filterSubject || r.subject === filterSubject).map((r) => ruleCard(r, hooks)));
  fill(panel,
    h('div', { class: 'filters' }, h('label', {}, '对象', select({ id: 'rule-filter', onchange: (e) => { filterSubject = e.target.value; draw(); } }, [['', `全部（${rules.length}）`], ...subjects.map((s) => [s, SUBJECT[s] ?? s])], filterSubject))),
    list, newRuleSection(hooks, filterSubject));
  draw();
}

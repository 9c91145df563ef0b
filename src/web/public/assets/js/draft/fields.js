// 字段 tab: what the notice asks for, per subject kind (示范项目 / 市州进度) — its form sections with
// their fields in order. A field is added, renamed in place, changed, moved up or down within its
// section, or removed; a removal the server refuses shows who still reads the field, by name.
// Each action is one write with the draft's revision; a refusal is shown where it happened.
import { seg } from '../api.js';
import { categoryLabel } from '../catalog.js';
import { fill, h } from '../dom.js';
import { clearErrors, showErrors } from '../field-errors.js';
import { busy, reportError, status } from '../layout.js';
import { wanNumber } from '../money.js';
import { setDirty } from '../unsaved.js';
import { fieldForm } from './field-form.js';
import { FIELD_TYPE, freeName, KIND_LABELS, requiredText } from './model-words.js';
import { isRefusal, refusalView } from './refusal.js';
import { doc, writeDraft } from './state.js';

const KINDS = ['project', 'region'];
let kind = 'project';
const DIRTY = 'draft-field:';

const fieldsUrl = (suffix = '') => `/model/${kind}/fields${suffix}`;
/**
 * One write: on success the page redraws; a 400 or a refusal that is not a stale revision goes
 * to `show(err)` beside what was being edited; anything else to the status line (409: reload).
 */
async function send(button, hooks, write, done, show) {
  return busy(button, async () => {
    try {
      await write();
      hooks.rerender();
      status(done, 'ok');
      return true;
    } catch (err) {
      if (isRefusal(err)) show(err);
      else reportError(err, hooks.reload);
      return false;
    }
  });
}

function rangeText(f) {
  const word = (v) => (f.type === 'amount' ? wanNumber(v) : String(v));
  const unit = f.type === 'amount' ? '万元' : f.unit ?? '';
  if (f.min === undefined && f.max === undefined) return unit;
  if (f.max === undefined) return `不少于 ${word(f.min)}${unit}`;
  if (f.min === undefined) return `不超过 ${word(f.max)}${unit}`;
  return `${word(f.min)}–${word(f.max)}${unit}`;
}

function typeText(d, f) {
  if ((f.type === 'choice' || f.type === 'multiChoice') && f.table) return `${FIELD_TYPE[f.type]}（${d.tables[f.table]?.label ?? f.table}）`;
  if (f.type === 'rows') return `明细表（${(f.fields ?? []).map((c) => c.label).join('、')}）`;
  return FIELD_TYPE[f.type] ?? f.type;
}

/** The field's name, renamed in place: the key (its stored name) stays as it is. */
function labelCell(f, hooks, message) {
  const cell = h('th', { scope: 'row' });
  const show = () => fill(cell,
    h('span', { class: 'field-label' }, f.label), ' ',
    h('button', { type: 'button', class: 'link-button small', dataset: { action: 'relabel' }, 'aria-label': `修改「${f.label}」的名称`, onclick: edit }, '改名'),
    h('br'), h('code', { class: 'small muted', title: '标识：数据保存时用的名称，不会改变' }, f.key));
  function edit() {
    const input = h('input', { type: 'text', value: f.label, maxlength: 100, 'aria-label': `「${f.label}」的新名称`, dataset: { role: 'new-label' }, oninput: () => setDirty(`${DIRTY}${f.key}`) });
    const save = async (button) => {
      const label = input.value.trim();
      if (!label) return fill(message, refusalView({ message: '请填写名称' }));
      const ok = await send(button, hooks, () => writeDraft('PUT', fieldsUrl(`/${seg(f.key)}`), { ...f, label }), `已将「${f.label}」改名为「${label}」（标识 ${f.key} 不变）`, (err) => fill(message, refusalView(err)));
      if (ok) setDirty(`${DIRTY}${f.key}`, false);
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') save(cell.querySelector('[data-action="save-label"]'));
      if (e.key === 'Escape') cancel();
    });
    const cancel = () => {
      setDirty(`${DIRTY}${f.key}`, false);
      fill(message);
      show();
    };
    fill(cell, input, h('div', { class: 'actions compact' },
      h('button', { type: 'button', class: 'btn primary', dataset: { action: 'save-label' }, onclick: (e) => save(e.currentTarget) }, '保存名称'),
      h('button', { type: 'button', class: 'btn', onclick: cancel }, '取消')),
    h('span', { class: 'hint' }, `标识 ${f.key} 不变，已录入的数据不受影响`));
    input.focus();
    input.select();
  }
  show();
  return cell;
}

function fieldRow(d, f, siblings, hooks) {
  const at = siblings.indexOf(f);
  const message = h('div', { class: 'field-message' });
  const editorCell = h('td', { colspan: 5 });
  const editorRow = h('tr', { class: 'field-editor', hidden: true }, editorCell);
  const move = (button, body, done) => send(button, hooks, () => writeDraft('POST', fieldsUrl(`/${seg(f.key)}/move`), body), done, (err) => fill(message, refusalView(err)));
  const remove = async (button) => {
    if (!window.confirm(`确定删除字段「${f.label}」吗？\n已录入数据中的这一项不会被抹去，但表单不再显示、也不再检查它；测试用例中这一项的值会一并删除。`)) return;
    await send(button, hooks, () => writeDraft('DELETE', fieldsUrl(`/${seg(f.key)}`)), `已删除字段「${f.label}」`, (err) => fill(message, refusalView(err)));
  };
  const edit = () => {
    if (!editorRow.hidden) return;
    const form = fieldForm(d, kind, f);
    const errors = h('div', { class: 'error-summary', tabindex: '-1', hidden: true });
    const index = d.model[kind].fields.indexOf(f);
    const close = () => {
      setDirty(`${DIRTY}${f.key}`, false);
      editorRow.hidden = true;
      fill(editorCell);
    };
    const save = async (button) => {
      const read = form.read();
      if (read.problems) return showErrors(editorCell, { message: '有需要修改的地方', details: read.problems });
      clearErrors(editorCell);
      if (read.newTable && !(await createTable(read.newTable, form, editorCell, hooks))) return;
      const ok = await send(button, hooks, () => writeDraft('PUT', fieldsUrl(`/${seg(f.key)}`), read.field), `已保存字段「${read.field.label}」`,
        (err) => showErrors(editorCell, err, (p) => p.replace(new RegExp(`^/model/${kind}/fields/${index}(?=/|$)`), '') || '/label'));
      if (ok) setDirty(`${DIRTY}${f.key}`, false);
    };
    fill(editorCell, h('form', { novalidate: true, onsubmit: (e) => e.preventDefault(), oninput: () => setDirty(`${DIRTY}${f.key}`), onchange: () => setDirty(`${DIRTY}${f.key}`) },
      errors, form.el,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn primary', dataset: { action: 'save-field' }, onclick: (e) => save(e.currentTarget) }, '保存修改'),
        h('button', { type: 'button', class: 'btn', onclick: close }, '取消'))));
    editorRow.hidden = false;
    form.focus();
  };
  const row = h('tr', { dataset: { field: f.key } },
    labelCell(f, hooks, message),
    h('td', {}, typeText(d, f)),
    h('td', {}, rangeText(f)),
    h('td', {}, requiredText(f.required, (c) => categoryLabel(d, c)) || h('span', { class: 'muted' }, '—')),
    h('td', { class: 'nowrap' },
      h('button', { type: 'button', class: 'btn small', dataset: { action: 'up' }, disabled: at === 0, 'aria-label': `上移「${f.label}」`, onclick: (e) => move(e.currentTarget, { before: siblings[at - 1].key }, `已上移「${f.label}」`) }, '↑'), ' ',
      h('button', { type: 'button', class: 'btn small', dataset: { action: 'down' }, disabled: at === siblings.length - 1, 'aria-label': `下移「${f.label}」`, onclick: (e) => move(e.currentTarget, { after: siblings[at + 1].key }, `已下移「${f.label}」`) }, '↓'), ' ',
      h('button', { type: 'button', class: 'btn small', dataset: { action: 'edit' }, onclick: edit }, '修改'), ' ',
      h('button', { type: 'button', class: 'btn small danger', dataset: { action: 'remove' }, onclick: (e) => remove(e.currentTarget) }, '删除')));
  return [row, h('tr', { class: 'field-message-row' }, h('td', { colspan: 5 }, message)), editorRow];
}

/** Creates the choices table a field form asked for; on success the form uses it from now on. */
async function createTable(table, form, errorsIn, hooks) {
  try {
    await writeDraft('POST', '/tables', table);
    // The field is saved next; should it be refused, the form keeps this table chosen.
    form.adopt(table.name, table.label);
    return true;
  } catch (err) {
    if (isRefusal(err)) showErrors(errorsIn, err, () => '/table');
    else reportError(err, hooks.reload);
    return false;
  }
}

function sectionView(d, section, fields, hooks) {
  const sections = d.model[kind].sections;
  const at = section ? sections.indexOf(section) : -1;
  const message = h('div');
  const putSections = (button, list, done) => send(button, hooks, () => writeDraft('PUT', `/model/${kind}/sections`, { sections: list }), done, (err) => fill(message, refusalView(err)));
  const rename = () => {
    const input = h('input', { type: 'text', value: section.label, maxlength: 100, 'aria-label': `分组「${section.label}」的新名称` });
    fill(head, input,
      h('button', { type: 'button', class: 'btn primary', onclick: (e) => putSections(e.currentTarget, sections.map((s) => (s === section ? { ...s, label: input.value.trim() } : s)), `已将分组改名为「${input.value.trim()}」`) }, '保存'),
      h('button', { type: 'button', class: 'btn', onclick: () => hooks.rerender() }, '取消'));
    input.focus();
  };
  const swap = (i, j) => sections.map((s, k) => (k === i ? sections[j] : k === j ? sections[i] : s));
  const head = h('div', { class: 'section-head' },
    h('h3', {}, section ? section.label : '未分组'),
    section ? [
      h('button', { type: 'button', class: 'link-button small', onclick: rename }, '改名'),
      h('button', { type: 'button', class: 'link-button small', disabled: at === 0, onclick: (e) => putSections(e.currentTarget, swap(at, at - 1), `已上移分组「${section.label}」`) }, '上移'),
      h('button', { type: 'button', class: 'link-button small', disabled: at === sections.length - 1, onclick: (e) => putSections(e.currentTarget, swap(at, at + 1), `已下移分组「${section.label}」`) }, '下移'),
      h('button', { type: 'button', class: 'link-button small danger', onclick: (e) => putSections(e.currentTarget, sections.filter((s) => s !== section), `已删除分组「${section.label}」`) }, '删除分组'),
    ] : null);
  return h('section', { class: 'panel model-section', dataset: { section: section?.id ?? '' } }, head, message,
    fields.length
      ? h('table', { class: 'data' },
        h('thead', {}, h('tr', {}, ['名称', '类型', '单位与范围', '必填', '调整'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, fields.map((f) => fieldRow(d, f, fields, hooks))))
      : h('p', { class: 'muted' }, '本分组还没有字段。'));
}

function addSectionForm(d, hooks) {
  const input = h('input', { type: 'text', id: 'new-section-label', maxlength: 100 });
  const message = h('div');
  const add = async (button) => {
    const label = input.value.trim();
    if (!label) return fill(message, refusalView({ message: '请填写分组名称' }));
    const sections = d.model[kind].sections;
    const id = freeName('section', new Set(sections.map((s) => s.id)), true);
    await send(button, hooks, () => writeDraft('PUT', `/model/${kind}/sections`, { sections: [...sections, { id, label }] }), `已新增分组「${label}」`, (err) => fill(message, refusalView(err)));
  };
  return h('div', { class: 'actions' }, h('label', { for: 'new-section-label' }, '新增分组'), input,
    h('button', { type: 'button', class: 'btn', id: 'add-section', onclick: (e) => add(e.currentTarget) }, '新增分组'), message);
}

function addFieldPanel(d, hooks) {
  const form = fieldForm(d, kind, null);
  const box = h('div', {});
  const errors = h('div', { class: 'error-summary', tabindex: '-1', hidden: true });
  const save = async (button) => {
    const read = form.read();
    if (read.problems) return showErrors(box, { message: '有需要修改的地方', details: read.problems });
    clearErrors(box);
    const fields = d.model[kind].fields;
    // Last of its section, so it shows there in the form; or last of all.
    const last = fields.map((f, i) => ((f.section ?? '') === (read.field.section ?? '') ? i : -1)).filter((i) => i >= 0).pop();
    const before = last === undefined ? undefined : fields[last + 1]?.key;
    const index = before ? fields.findIndex((f) => f.key === before) : fields.length;
    if (read.newTable && !(await createTable(read.newTable, form, box, hooks))) return;
    const ok = await send(button, hooks, () => writeDraft('POST', fieldsUrl(), before ? { ...read.field, before } : read.field), `已新增字段「${read.field.label}」（标识 ${read.field.key}）`,
      (err) => showErrors(box, err, (p) => (p === '/before' ? '/section' : p.replace(new RegExp(`^/model/${kind}/fields/${index}(?=/|$)`), '') || '/label')));
    if (ok) setDirty(`${DIRTY}new`, false);
  };
  fill(box, errors, form.el, h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary', id: 'add-field-save', onclick: (e) => save(e.currentTarget) }, '新增字段')));
  return h('details', { class: 'panel', id: 'add-field', oninput: () => setDirty(`${DIRTY}new`), onchange: () => setDirty(`${DIRTY}new`) },
    h('summary', {}, `新增${KIND_LABELS[kind]}字段`), h('form', { novalidate: true, onsubmit: (e) => e.preventDefault() }, box));
}

export function renderFields(panel, hooks) {
  const d = doc();
  const model = d.model[kind];
  const declared = new Set(model.sections.map((s) => s.id));
  const unplaced = model.fields.filter((f) => !f.section || !declared.has(f.section));
  const switcher = h('div', { class: 'kind-switch', role: 'radiogroup', 'aria-label': '对象' },
    KINDS.map((k) => h('label', { class: 'inline' }, h('input', { type: 'radio', name: 'fields-kind', value: k, checked: k === kind, onchange: () => { kind = k; renderFields(panel, hooks); } }), KIND_LABELS[k])));
  fill(panel,
    h('p', { class: 'muted' }, '字段是示范项目申报表和市州进度表中要填写的内容，按分组排列，与表单中的顺序一致。每个字段有一个“标识”——数据保存时用的名称：它在新增时确定、以后不再改变，所以修改名称（例如把“2021年利税”改为“2022年利税”）不会改动已录入的数据。'),
    switcher,
    model.sections.map((s) => sectionView(d, s, model.fields.filter((f) => f.section === s.id), hooks)),
    unplaced.length ? sectionView(d, null, unplaced, hooks) : null,
    addSectionForm(d, hooks),
    addFieldPanel(d, hooks));
}

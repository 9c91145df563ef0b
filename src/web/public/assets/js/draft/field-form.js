// The form for one field of the notice's model, to add it or change it: its name, the type in
// words, unit, section, when it is required (stage, project category), bounds (amounts in 万元),
// help, spreadsheet headers, the choices of 单选/多选 (an existing table or a new one typed in
// here) and the columns of a 明细表. The key is derived from the name and never changes once saved.
import { choices } from '../catalog.js';
import { h, select } from '../dom.js';
import { identityFields } from '../fact-catalogue.js';
import { STAGE } from '../labels.js';
import { parseWan, wanNumber } from '../money.js';
import { FIELD_TYPES, freeName, KEY_PATTERN, NAME_PATTERN, ROW_FIELD_TYPES, slug } from './model-words.js';

let seq = 0;
const NEW_TABLE = '__new';

/** Names a new field's key may not take: fields, facts and identity of the subject kind. */
function takenKeys(doc, kind) {
  return new Set([
    ...doc.model[kind].fields.map((f) => f.key),
    ...identityFields(kind).flatMap((f) => [f.key, f.fact]),
    ...doc.facts.filter((f) => f.subject === kind).map((f) => f.name),
    ...doc.aggregates.filter((a) => a.subject === kind).map((a) => a.name),
  ]);
}

const row = (label, control, hint, attrs = {}) => h('div', { class: 'model-form-row', ...attrs }, h('label', { for: control.id }, label), control, hint ? h('span', { class: 'hint' }, hint) : null);

/** Columns of a 明细表: one line per column (name, key, type); existing columns keep key and type. */
function rowColumns(existing) {
  const list = h('div', { class: 'row-columns' });
  const add = (col = null) => {
    const id = `rowcol-${++seq}`;
    const label = h('input', { type: 'text', id: `${id}-label`, value: col?.label ?? '', 'aria-label': '列名称', dataset: { part: 'label' } });
    const key = h('input', { type: 'text', id: `${id}-key`, value: col?.key ?? '', 'aria-label': '列标识', class: 'narrow', disabled: Boolean(col), dataset: { part: 'key' } });
    const type = select({ 'aria-label': '列类型', disabled: Boolean(col), dataset: { part: 'type' } }, ROW_FIELD_TYPES, col?.type ?? 'text');
    let keyTouched = Boolean(col);
    key.addEventListener('input', () => (keyTouched = true));
    label.addEventListener('input', () => {
      if (!keyTouched) key.value = slug(label.value) || `col${list.children.length}`;
    });
    if (!col) key.value = `col${list.children.length + 1}`;
    list.append(h('div', { class: 'row-column', dataset: { existing: col ? col.key : '' } }, label, key, type));
  };
  for (const c of existing ?? []) add(c);
  if (!existing?.length) add();
  return {
    el: h('div', {}, list, h('button', { type: 'button', class: 'btn', onclick: () => add() }, '添加一列')),
    read(problems) {
      const cols = [];
      for (const line of list.children) {
        const part = (p) => line.querySelector(`[data-part="${p}"]`);
        const label = part('label').value.trim();
        const key = part('key').value.trim();
        if (!label && !line.dataset.existing) continue;
        const old = (existing ?? []).find((c) => c.key === line.dataset.existing);
        if (!label) problems.push({ pointer: '/fields', message: '明细表的列需要名称' });
        else if (!NAME_PATTERN.test(key)) problems.push({ pointer: '/fields', message: `列「${label}」的标识应以英文字母开头，只含英文字母、数字和下划线` });
        else if (cols.some((c) => c.key === key)) problems.push({ pointer: '/fields', message: `列标识“${key}”重复` });
        cols.push(old ? { ...old, label } : { key, label, type: part('type').value });
      }
      if (!cols.length) problems.push({ pointer: '/fields', message: '明细表至少需要一列' });
      return cols;
    },
  };
}

/**
 * fieldForm(doc, kind, field | null) → { el, read() → { field, newTable? } | { problems } }.
 * `field` null: a new field (key derived from the name, editable until saved).
 */
export function fieldForm(doc, kind, field) {
  const id = `field-form-${++seq}`;
  const isNew = !field;
  const f = field ?? { type: 'text', section: doc.model[kind].sections[0]?.id };
  const taken = takenKeys(doc, kind);
  const defaultKey = freeName('field', taken, true);
  const label = h('input', { type: 'text', id: `${id}-label`, value: f.label ?? '', maxlength: 100, dataset: { pointer: '/label', role: 'label' } });
  const key = h('input', { type: 'text', id: `${id}-key`, value: f.key ?? defaultKey, disabled: !isNew, maxlength: 200, dataset: { pointer: '/key', role: 'key' } });
  let keyTouched = false;
  key.addEventListener('input', () => (keyTouched = true));
  label.addEventListener('input', () => {
    if (isNew && !keyTouched) key.value = slug(label.value) && !taken.has(slug(label.value)) ? slug(label.value) : defaultKey;
  });
  const type = select({ id: `${id}-type`, disabled: !isNew, dataset: { pointer: '/type', role: 'type' } }, FIELD_TYPES, f.type);
  const unit = h('input', { type: 'text', id: `${id}-unit`, value: f.unit ?? '', maxlength: 20, class: 'narrow', dataset: { pointer: '/unit' } });
  const section = select({ id: `${id}-section`, dataset: { pointer: '/section' } }, [['', '（不分组）'], ...doc.model[kind].sections.map((s) => [s.id, s.label])], f.section ?? '');
  const bound = (v) => (v === undefined ? '' : f.type === 'amount' ? wanNumber(v) : String(v));
  const min = h('input', { type: 'text', id: `${id}-min`, value: bound(f.min), class: 'narrow', inputmode: 'decimal', dataset: { pointer: '/min' } });
  const max = h('input', { type: 'text', id: `${id}-max`, value: bound(f.max), class: 'narrow', inputmode: 'decimal', dataset: { pointer: '/max' } });
  const maxLength = h('input', { type: 'number', id: `${id}-maxLength`, min: 1, step: 1, value: f.maxLength ?? '', class: 'narrow', dataset: { pointer: '/maxLength' } });
  const multiline = h('input', { type: 'checkbox', id: `${id}-multiline`, checked: f.multiline === true });
  const help = h('textarea', { id: `${id}-help`, rows: 2, maxlength: 500, dataset: { pointer: '/help' } }, f.help ?? '');
  const aliases = h('input', { type: 'text', id: `${id}-aliases`, value: (f.aliases ?? []).join('、'), dataset: { pointer: '/aliases' } });

  // Required: project fields by stage and category; other subjects simply yes or no.
  const req = f.required;
  const mode = !req ? 'no' : req === true ? 'always' : 'when';
  const radio = (value, text) => h('label', { class: 'inline' }, h('input', { type: 'radio', name: `${id}-required`, value, checked: mode === value, dataset: { role: 'required-mode' } }), text);
  const stageBoxes = ['application', 'acceptance'].map((s) => h('label', { class: 'inline' }, h('input', { type: 'checkbox', value: s, checked: req?.stages?.includes(s), dataset: { role: 'stage' } }), STAGE[s]));
  const categoryBoxes = choices(doc, 'categories').map(([value, text]) => h('label', { class: 'inline' }, h('input', { type: 'checkbox', value, checked: req?.categories?.includes(value), dataset: { role: 'category' } }), text));
  const requiredBox = h('input', { type: 'checkbox', id: `${id}-required`, checked: Boolean(req) });
  const when = h('div', { class: 'model-when' },
    h('div', {}, h('span', { class: 'hint inline' }, '阶段：'), stageBoxes, h('span', { class: 'hint inline' }, '（都不勾选即各阶段）')),
    h('div', {}, h('span', { class: 'hint inline' }, '项目类别：'), categoryBoxes, h('span', { class: 'hint inline' }, '（都不勾选即全部类别）')));
  const required = kind === 'project'
    ? h('fieldset', { class: 'plain', dataset: { pointer: '/required' } }, h('legend', {}, '是否必填'), h('div', { class: 'checks' }, radio('no', '不必填'), radio('always', '必填'), radio('when', '按阶段或项目类别必填')), when)
    : h('div', { class: 'model-form-row', dataset: { pointer: '/required' } }, h('label', { class: 'inline' }, requiredBox, '必填'));

  // Choices: a table of the rule set, or a new one typed in here.
  const tables = Object.entries(doc.tables).filter(([name]) => name !== 'regions').map(([name, t]) => [name, `${t.label}（${choices(doc, name).slice(0, 4).map(([, l]) => l).join('、')}${t.rows.length > 4 ? '…' : ''}）`]);
  const table = select({ id: `${id}-table`, dataset: { pointer: '/table' } }, [['', '请选择…'], ...tables, [NEW_TABLE, '新建选项表…']], f.table ?? '');
  const tableLabel = h('input', { type: 'text', id: `${id}-table-label`, maxlength: 100, dataset: { role: 'table-label' } });
  const options = h('textarea', { id: `${id}-options`, rows: 4, placeholder: '每行一个选项，例如：\n链主企业\n配套企业', dataset: { role: 'options' } });
  const newTable = h('div', { class: 'model-new-table' }, row('选项表名称', tableLabel), row('选项', options, '每行一个；保存时新建这个表格，以后可在“表格”中修改'));
  const columns = rowColumns(f.fields);

  const parts = {
    unit: row('单位', unit, '显示在输入框旁，如 家、人、次；金额固定以万元填写'),
    bounds: h('div', { class: 'model-form-row' }, h('label', { for: min.id }, '取值范围'), min, ' 至 ', h('label', { for: max.id, class: 'visually-hidden' }, '上限'), max, h('span', { class: 'hint inline', dataset: { role: 'bounds-unit' } })),
    maxLength: row('最多字数', maxLength),
    multiline: h('div', { class: 'model-form-row' }, h('label', { class: 'inline' }, multiline, '多行文字（填写框较大）')),
    table: row('选项来自', table, '单选、多选的选项来自规则集的一个表格'),
    newTable,
    columns: h('div', { class: 'model-form-row', dataset: { pointer: '/fields' } }, h('span', { class: 'label' }, '明细表的列（名称、标识、类型）'), columns.el),
  };
  const sync = () => {
    const t = type.value;
    parts.unit.hidden = !['integer', 'number'].includes(t);
    parts.bounds.hidden = !['integer', 'number', 'amount'].includes(t);
    parts.bounds.querySelector('[data-role="bounds-unit"]').textContent = t === 'amount' ? '万元（留空即不限）' : '（留空即不限）';
    parts.maxLength.hidden = !['text', 'multiChoice'].includes(t);
    parts.multiline.hidden = t !== 'text';
    parts.table.hidden = !['choice', 'multiChoice'].includes(t);
    parts.newTable.hidden = parts.table.hidden || table.value !== NEW_TABLE;
    parts.columns.hidden = t !== 'rows';
    when.hidden = kind === 'project' && !required.querySelector('[value="when"]').checked;
    if (!tableLabel.value && label.value) tableLabel.placeholder = `${label.value}选项`;
  };
  type.addEventListener('change', sync);
  table.addEventListener('change', sync);
  required.addEventListener('change', sync);
  label.addEventListener('input', sync);

  const el = h('div', { class: 'model-form' },
    row('名称', label, '填表人看到的名称，可随时修改'),
    row('标识', key, isNew ? '数据保存时用的名称，只能用英文字母、数字和“.”，根据名称自动生成，可修改；保存后不再改变（改名称不影响已录入的数据）' : '数据保存时用的名称，不能修改'),
    row('类型', type, isNew ? '' : '类型不能修改：已录入的数据按原类型保存'),
    parts.unit, row('分组', section), required, parts.bounds, parts.maxLength, parts.multiline, parts.table, parts.newTable, parts.columns,
    row('填写说明', help), row('表格导入时也认的表头', aliases, '多个用“、”隔开，如 所在县市区、区县'));
  sync();

  function read() {
    const problems = [];
    const t = type.value;
    const next = structuredClone(field ?? {});
    const set = (prop, value) => (value === undefined || value === '' || (Array.isArray(value) && !value.length) ? delete next[prop] : (next[prop] = value));
    next.key = key.value.trim();
    next.label = label.value.trim();
    next.type = t;
    if (!next.label) problems.push({ pointer: '/label', message: '请填写名称' });
    if (isNew) {
      if (!KEY_PATTERN.test(next.key)) problems.push({ pointer: '/key', message: '标识应以英文字母开头，只含英文字母、数字、下划线，可用“.”分段，如 chain.leader' });
      else if (taken.has(next.key)) problems.push({ pointer: '/key', message: '该标识已被使用，请另取一个' });
    }
    set('unit', parts.unit.hidden ? undefined : unit.value.trim());
    set('section', section.value);
    if (kind === 'project') {
      const m = required.querySelector('[data-role="required-mode"]:checked')?.value ?? 'no';
      const pick = (role) => [...required.querySelectorAll(`[data-role="${role}"]:checked`)].map((b) => b.value);
      const cond = { ...(pick('stage').length ? { stages: pick('stage') } : {}), ...(pick('category').length ? { categories: pick('category') } : {}) };
      set('required', m === 'no' ? undefined : m === 'always' || !Object.keys(cond).length ? true : cond);
    } else set('required', requiredBox.checked ? true : undefined);
    for (const [prop, input] of [['min', min], ['max', max]]) {
      const raw = input.value.trim();
      if (parts.bounds.hidden || raw === '') set(prop, undefined);
      else if (t === 'amount') {
        const v = parseWan(raw);
        if (v === null) problems.push({ pointer: `/${prop}`, message: '请填写以万元为单位的数字，最多4位小数' });
        else set(prop, v);
      } else if (t === 'integer' ? !/^-?\d+$/.test(raw) : !Number.isFinite(Number(raw))) problems.push({ pointer: `/${prop}`, message: t === 'integer' ? '请填写整数' : '请填写数字' });
      else set(prop, Number(raw));
    }
    if (next.min !== undefined && next.max !== undefined && next.min > next.max) problems.push({ pointer: '/min', message: '下限不能大于上限' });
    set('maxLength', parts.maxLength.hidden || !maxLength.value ? undefined : Number(maxLength.value));
    set('multiline', !parts.multiline.hidden && multiline.checked ? true : undefined);
    set('help', help.value.trim());
    set('aliases', aliases.value.split(/[、,，;；\n]/).map((a) => a.trim()).filter(Boolean));
    let created;
    if (parts.table.hidden) set('table', undefined);
    else if (table.value === NEW_TABLE) {
      const rows = options.value.split('\n').map((o) => o.trim()).filter(Boolean);
      if (!rows.length) problems.push({ pointer: '/table', message: '请填写选项，每行一个' });
      if (new Set(rows).size !== rows.length) problems.push({ pointer: '/table', message: '选项有重复' });
      const name = freeName(`${slug(next.key.split('.').pop()) || 'choices'}Choices`, new Set(Object.keys(doc.tables)));
      created = {
        name, label: tableLabel.value.trim() || `${next.label}选项`, key: 'id', display: 'label',
        columns: [{ key: 'id', label: '标识', type: 'text' }, { key: 'label', label: '名称', type: 'text' }],
        rows: rows.map((r, i) => ({ id: `opt${i + 1}`, label: r })),
      };
      next.table = name;
    } else if (!table.value) problems.push({ pointer: '/table', message: '请选择选项来自哪个表格' });
    else next.table = table.value;
    if (t === 'rows') next.fields = columns.read(problems);
    else delete next.fields;
    return problems.length ? { problems } : { field: next, newTable: created };
  }

  /** After the new choices table was saved but the field was not: choose that table from now on. */
  const adopt = (name, text) => {
    table.append(h('option', { value: name }, text));
    table.value = name;
    sync();
  };

  return { el, read, adopt, focus: () => label.focus() };
}

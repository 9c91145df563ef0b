// One subject of a fixture test — a project or a region's progress record — as the form the model
// generates (identity, then every declared field: amounts in 万元, choices as selects, county rows),
// with the outcome expected of each rule for it. It reads back the record as the fixture stores it:
// the fields filled in, nothing for those left empty, and whatever else the record held kept.
import { choices, regionChoices, valueAt } from '../catalog.js';
import { h, select } from '../dom.js';
import { fieldControl } from '../form-fields.js';
import { subjectForm } from '../subject-form.js';

export const EXPECT = [['', '不核对'], ['pass', '符合'], ['fail', '不符合'], ['not_applicable', '不适用']];
export const KIND_LABEL = { project: '项目', region: '市州进度', province: '全省汇总' };

const YES_NO = [['true', '是'], ['false', '否']];

/** Yes/no fields as a select with 未填写, so a fixture can leave one out, say 否, or say 是. */
const withYesNo = (fields) => fields.map((f) => (f.type === 'boolean' ? { ...f, type: 'choice', options: YES_NO, boolean: true }
  : f.type === 'rows' ? { ...f, fields: withYesNo(f.fields ?? []) } : f));

function fromYesNo(value, def) {
  if (def.boolean) return value === 'true' ? true : value === 'false' ? false : value;
  if (def.type === 'rows' && Array.isArray(value)) {
    return value.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, fromYesNo(v, def.fields.find((f) => f.key === k) ?? {})])));
  }
  return value;
}

const blank = (v) => v === null || v === undefined || v === '';

/** A row of a rows field without its empty cells. */
const compactRow = (row) => (row && typeof row === 'object' ? Object.fromEntries(Object.entries(row).filter(([, v]) => !blank(v))) : row);

function setAt(target, key, value) {
  const parts = key.split('.');
  let node = target;
  for (const p of parts.slice(0, -1)) {
    if (!node[p] || typeof node[p] !== 'object' || Array.isArray(node[p])) node[p] = {};
    node = node[p];
  }
  node[parts.at(-1)] = value;
}

/** Deletes a dotted key and the objects it leaves empty. */
function deleteAt(target, key) {
  const parts = key.split('.');
  const path = [target];
  for (const p of parts.slice(0, -1)) {
    const next = path.at(-1)?.[p];
    if (!next || typeof next !== 'object') return;
    path.push(next);
  }
  delete path.at(-1)[parts.at(-1)];
  for (let i = path.length - 1; i > 0; i--) if (Object.keys(path[i]).length === 0) delete path[i - 1][parts[i - 1]];
}

/** The identity of a fixture subject: a project needs its id, as the expectations name it. */
function identityEntries(doc, kind, record, ctx) {
  const entry = (def) => fieldControl(def, valueAt(record, def.key), ctx);
  const year = { key: 'year', label: '年度', type: 'integer' };
  const region = { key: 'region', label: '市州', type: 'choice', options: regionChoices(doc) };
  if (kind === 'region') return [entry(year), entry(region)];
  return [
    entry({ key: 'id', label: '项目编号', type: 'text', maxLength: 100 }),
    entry({ key: 'name', label: '项目名称', type: 'text', maxLength: 200, wide: true }),
    entry(year), entry(region),
    entry({ key: 'category', label: '项目类别', type: 'choice', options: choices(doc, 'categories') }),
  ];
}

/** The expected outcome of each rule of `kind` (and of any other rule the test already expects). */
export function expectationTable(doc, kind, expected = {}) {
  const rules = doc.rules.filter((r) => r.subject === kind || r.id in expected);
  const selects = rules.map((r) => select({ class: 'expect-outcome', 'aria-label': `${r.title}的预期结果`, dataset: { rule: r.id } }, EXPECT, expected[r.id] ?? ''));
  const unknown = Object.keys(expected).filter((id) => !doc.rules.some((r) => r.id === id));
  const el = h('table', { class: 'data expect-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '规则'), h('th', { scope: 'col' }, '预期结果'))),
    h('tbody', {}, rules.map((r, i) => h('tr', { dataset: { rule: r.id } },
      h('td', {}, r.title, ' ', h('code', { class: 'small muted' }, r.id), r.subject !== kind ? h('span', { class: 'hint' }, `（${KIND_LABEL[r.subject] ?? r.subject}的规则）`) : null),
      h('td', { class: 'field-anchor' }, selects[i])))));
  return {
    el,
    /** { ruleId: outcome } for the rules to check; `at` is this subject's pointer under the test. */
    read(at) {
      const out = {};
      for (const s of selects) {
        s.dataset.pointer = `${at}/${s.dataset.rule}`;
        if (s.value) out[s.dataset.rule] = s.value;
      }
      // Expectations of rules no longer in the draft stay, so the server can name them.
      for (const id of unknown) out[id] = expected[id];
      return out;
    },
  };
}

/**
 * The card of one subject. `record`: the fixture's record (or a new one); `expected`: its
 * outcomes by rule id. read(prefix) → { record, key (the subject id), expect, problems }.
 */
export function subjectCard(doc, kind, record, expected, { onRemove, open = false }) {
  const model = doc.model?.[kind] ?? { sections: [], fields: [] };
  const fields = withYesNo(model.fields);
  const formDoc = { ...doc, model: { ...doc.model, [kind]: { ...model, fields } } };
  const shown = Object.fromEntries(fields.filter((f) => f.boolean).map((f) => [f.key, valueAt(record, f.key)]));
  const start = structuredClone(record);
  for (const [k, v] of Object.entries(shown)) if (typeof v === 'boolean') setAt(start, k, String(v));
  const ctx = { doc };
  const identity = identityEntries(doc, kind, record, ctx);
  const form = subjectForm({ doc: formDoc, kind, record: start, identity });
  const outcomes = expectationTable(doc, kind, expected);
  const title = kind === 'project' ? `${KIND_LABEL.project}：${record.name ?? '（新项目）'}${record.id ? `（${record.id}）` : ''}` : `${KIND_LABEL.region}：${record.region ?? '（新记录）'}`;
  const el = h('details', { class: 'test-subject', open, dataset: { kind } },
    h('summary', {}, title),
    form.element,
    h('h4', {}, '预期结果（只核对选了结果的规则）'),
    outcomes.el,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn danger remove-subject', onclick: () => onRemove(el) }, `删除此${KIND_LABEL[kind]}`)));

  el.read = (prefix) => {
    const { body, problems } = form.collect();
    const out = structuredClone(record);
    for (const def of [...identity.map((e) => e.def), ...fields]) {
      let value = fromYesNo(valueAt(body, def.key), def);
      if (def.key === 'year' && typeof value === 'string' && /^\d+$/.test(value)) value = Number(value);
      if (def.type === 'rows' && Array.isArray(value)) value = value.map(compactRow);
      const before = valueAt(record, def.key);
      const emptyList = Array.isArray(value) && value.length === 0 && !Array.isArray(before);
      // Left empty: an empty value the record held ("" or null) stays as it was, anything else goes.
      if (blank(value) || emptyList) {
        if (!blank(before) || before === undefined) deleteAt(out, def.key);
      } else setAt(out, def.key, value);
    }
    // Pointers of this subject's controls name it inside the test (/projects/0/funding/provincial).
    for (const node of el.querySelectorAll('.subject-form [data-pointer]')) node.dataset.pointer = prefix + node.dataset.pointer.replace(/^\/(projects|regions)\/\d+/, '');
    const key = kind === 'project' ? out.id : out.region;
    if (kind === 'project' && blank(out.id)) problems.push({ pointer: '/id', message: '请填写项目编号（预期结果按编号核对）' });
    if (kind === 'region' && blank(out.region)) problems.push({ pointer: '/region', message: '请选择市州' });
    return { record: out, key: key ?? '', expect: outcomes, problems: problems.map((p) => ({ ...p, pointer: prefix + p.pointer })) };
  };
  return el;
}

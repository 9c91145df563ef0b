// The editor of one derived fact: its name, type and expression, checked as it is typed (the
// server's check, debounced) with the reason and the place of a mistake beside the box, and its
// value previewed for a stored project / region record or a test subject. Saving runs the same
// checks once more on the whole draft.
import { ApiError, post, seg } from '../api.js';
import { fill, h, select } from '../dom.js';
import { clearErrors, showErrors } from '../field-errors.js';
import { busy, reportError, status } from '../layout.js';
import { setDirty } from '../unsaved.js';
import { vocabularyPanel } from './fact-vocabulary.js';
import { FACT_TYPE, FACT_TYPES, freeName, KEY_PATTERN, KIND_LABELS, slug } from './model-words.js';
import { previewSourceSelect } from './preview-sources.js';
import { isRefusal } from './refusal.js';
import { doc, draftUrl, writeDraft } from './state.js';

export const DIRTY = 'draft-fact:';
const DELAY = 400;

/** The expression with the place of a mistake marked, a few characters either side. */
function excerpt(cel, position) {
  if (position === undefined || position === null) return null;
  const from = Math.max(0, position - 30);
  const to = Math.min(cel.length, position + 30);
  return h('pre', { class: 'cel-excerpt', 'aria-hidden': 'true' },
    from > 0 ? '…' : '', cel.slice(from, position), h('mark', {}, cel[position] ?? ' '), cel.slice(position + 1, to), to < cel.length ? '…' : '');
}

/**
 * editor(kind, fact | null, hooks, close) → element. `fact` null: a new fact; its name is derived
 * from the label (calc.<slug>) and may be edited until it is saved.
 */
export function factEditor(kind, fact, hooks, close) {
  const d = doc();
  const isNew = !fact;
  const dirty = `${DIRTY}${fact?.name ?? 'new'}`;
  const taken = new Set([...d.model[kind].fields.map((f) => f.key), ...d.facts.filter((f) => f.subject === kind).map((f) => f.name), ...d.aggregates.filter((a) => a.subject === kind).map((a) => a.name)]);
  const defaultName = freeName('calc.fact', taken, true);
  const label = h('input', { type: 'text', id: 'fact-label', value: fact?.label ?? '', maxlength: 100, dataset: { pointer: '/label' } });
  const name = h('input', { type: 'text', id: 'fact-name', value: fact?.name ?? defaultName, disabled: !isNew, dataset: { pointer: '/name' } });
  let nameTouched = false;
  name.addEventListener('input', () => (nameTouched = true));
  label.addEventListener('input', () => {
    const s = slug(label.value);
    if (isNew && !nameTouched) name.value = s && !taken.has(`calc.${s}`) ? `calc.${s}` : defaultName;
  });
  const type = select({ id: 'fact-type', dataset: { pointer: '/type' } }, [...(isNew ? [['', '按表达式自动判断']] : []), ...FACT_TYPES], fact?.type ?? '');
  const unit = h('input', { type: 'text', id: 'fact-unit', value: fact?.unit ?? '', maxlength: 20, class: 'narrow', dataset: { pointer: '/unit' } });
  const cel = h('textarea', { id: 'fact-cel', class: 'expression', rows: 4, spellcheck: 'false', maxlength: 2000, dataset: { pointer: '/cel' } }, fact?.cel ?? '');
  const note = h('textarea', { id: 'fact-note', rows: 2, maxlength: 2000, dataset: { pointer: '/note' } }, fact?.note ?? '');
  const check = h('div', { id: 'fact-check', class: 'fact-check', 'aria-live': 'polite' });
  const preview = h('div', { id: 'fact-preview', class: 'fact-preview', 'aria-live': 'polite' });
  const source = previewSourceSelect(d, kind, { id: 'fact-preview-source' });
  let suggested = null;
  let seq = 0;
  let timer = null;

  /** Asks the server (preview when a subject is chosen, else check) and shows what it says. */
  async function run() {
    const mine = ++seq;
    const text = cel.value;
    if (!text.trim()) {
      fill(check, h('span', { class: 'muted' }, '请填写表达式，可点击右侧“可用内容”插入字段、参数和函数。'));
      fill(preview);
      return;
    }
    const body = { subject: kind, cel: text, ...(type.value ? { type: type.value } : {}), ...(isNew ? {} : { name: fact.name }) };
    const subject = source.source();
    try {
      const res = subject ? await post(draftUrl('/facts/preview'), { ...body, ...subject }) : await post(draftUrl('/facts/check'), body);
      if (mine !== seq) return;
      suggested = res.factType ?? null;
      if (!res.ok) {
        const where = res.error.position !== undefined ? `第 ${res.error.position + 1} 个字符处：` : '';
        fill(check, h('p', { class: 'field-error', role: 'alert' }, `${where}${res.error.message}`), excerpt(text, res.error.position),
          res.error.position !== undefined ? h('button', { type: 'button', class: 'link-button small', onclick: () => { cel.focus(); cel.setSelectionRange(res.error.position, res.error.position + 1); } }, '定位到出错处') : null);
        fill(preview);
        return;
      }
      fill(check, h('p', { class: 'check-ok' }, `✓ 表达式正确，结果为${FACT_TYPE[res.factType] ?? res.factType}`));
      if (!subject) return fill(preview);
      fill(preview, h('p', {}, h('span', { class: 'muted' }, `${res.subject}：`), h('strong', { class: 'preview-value' }, res.text)),
        res.problem ? h('p', { class: 'hint' }, `没有值的原因：${res.problem}`) : null);
    } catch (err) {
      if (mine !== seq) return;
      fill(check, h('p', { class: 'field-error' }, err instanceof ApiError ? `无法检查：${err.message}${(err.details ?? []).map((x) => `（${x.message}）`).join('')}` : '无法检查表达式'));
    }
  }
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(run, DELAY);
  };
  cel.addEventListener('input', later);
  type.addEventListener('change', later);
  source.addEventListener('change', later);

  const form = h('form', { class: 'fact-form', novalidate: true, onsubmit: (e) => e.preventDefault(), oninput: () => setDirty(dirty), onchange: () => setDirty(dirty) },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    h('div', { class: 'model-form-row' }, h('label', { for: 'fact-label' }, '名称'), label),
    h('div', { class: 'model-form-row' }, h('label', { for: 'fact-name' }, '标识'), name,
      h('span', { class: 'hint' }, isNew ? '规则和提示语按它读取这个事实，只能用英文字母、数字，以“.”分为两段，如 calc.coverage；根据名称自动生成，保存后不再改变' : '规则和提示语按它读取这个事实，不能修改')),
    h('div', { class: 'model-form-row' }, h('label', { for: 'fact-type' }, '类型'), type),
    h('div', { class: 'model-form-row' }, h('label', { for: 'fact-unit' }, '单位'), unit, h('span', { class: 'hint' }, '报告和提示语中跟在数值后面，如 %、家；金额固定显示为万元，不必填写')),
    h('div', { class: 'model-form-row' }, h('label', { for: 'fact-cel' }, '表达式'),
      h('span', { class: 'hint' }, '像 Excel 公式一样书写，例如 input.funding.localMatching / input.funding.provincial；输入时自动检查'),
      h('div', { class: 'field-anchor' }, cel), check),
    h('div', { class: 'model-form-row' }, h('label', { for: 'fact-preview-source' }, '用以下对象预览结果'), source, preview),
    h('div', { class: 'model-form-row' }, h('label', { for: 'fact-note' }, '备注'), note),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn primary', id: 'fact-save', onclick: (e) => save(e.currentTarget) }, isNew ? '新增派生事实' : '保存修改'),
      h('button', { type: 'button', class: 'btn', onclick: () => { setDirty(dirty, false); close(); } }, '取消')));

  async function save(button) {
    const problems = [];
    const body = { label: label.value.trim(), type: type.value || suggested || 'number', cel: cel.value.trim() };
    if (unit.value.trim()) body.unit = unit.value.trim();
    if (note.value.trim()) body.note = note.value.trim();
    if (!body.label) problems.push({ pointer: '/label', message: '请填写名称' });
    if (!body.cel) problems.push({ pointer: '/cel', message: '请填写表达式' });
    if (isNew) {
      const n = name.value.trim();
      if (!KEY_PATTERN.test(n) || !n.includes('.')) problems.push({ pointer: '/name', message: '标识应为以“.”分开的两段英文，如 calc.coverage' });
      else if (taken.has(n)) problems.push({ pointer: '/name', message: '该标识已被使用，请另取一个' });
    }
    if (problems.length) return showErrors(form, { message: '有需要修改的地方', details: problems });
    clearErrors(form);
    const index = isNew ? d.facts.length : d.facts.findIndex((f) => f.subject === kind && f.name === fact.name);
    await busy(button, async () => {
      try {
        // 按表达式自动判断: the type the check finds, asked now if no check has answered yet.
        if (!type.value && !suggested) body.type = (await post(draftUrl('/facts/check'), { subject: kind, cel: body.cel })).factType ?? 'number';
        if (isNew) await writeDraft('POST', '/facts', { name: name.value.trim(), subject: kind, ...body });
        else await writeDraft('PUT', `/facts/${kind}/${seg(fact.name)}`, body);
        setDirty(dirty, false);
        close();
        hooks.rerender();
        status(`已保存派生事实「${body.label}」`, 'ok');
      } catch (err) {
        if (isRefusal(err)) {
          showErrors(form, err, (p) => p.replace(new RegExp(`^/facts/${index}(?=/|$)`), '') || '/label');
        } else reportError(err, hooks.reload);
      }
    });
  }

  if (fact) later();
  return h('section', { class: 'panel', id: 'fact-editor' },
    h('h3', {}, isNew ? `新增${KIND_LABELS[kind]}的派生事实` : `修改派生事实「${fact.label}」`),
    h('div', { class: 'fact-editor' }, form, vocabularyPanel(d, kind, cel, fact?.name)));
}

// 派生事实 tab: what the notice computes from a subject's fields — each fact with its name, type
// and expression, per subject kind. New and changed facts are written in the editor beside the
// list of what they may use; a removal the server refuses names the rules and facts that read it.
import { seg } from '../api.js';
import { fill, h } from '../dom.js';
import { busy, reportError, status } from '../layout.js';
import { isDirtyPrefix } from '../unsaved.js';
import { DIRTY, factEditor } from './fact-editor.js';
import { FACT_TYPE, KIND_LABELS } from './model-words.js';
import { isRefusal, refusalView } from './refusal.js';
import { doc, writeDraft } from './state.js';

let kind = 'project';
/** The fact open in the editor: its name, '' for a new one, null for none. */
let editing = null;

function factRow(f, hooks, open) {
  const message = h('div', { class: 'field-message' });
  const remove = async (button) => {
    if (!window.confirm(`确定删除派生事实「${f.label}」吗？`)) return;
    await busy(button, async () => {
      try {
        await writeDraft('DELETE', `/facts/${kind}/${seg(f.name)}`);
        hooks.rerender();
        status(`已删除派生事实「${f.label}」`, 'ok');
      } catch (err) {
        if (isRefusal(err)) fill(message, refusalView(err));
        else reportError(err, hooks.reload);
      }
    });
  };
  return [
    h('tr', { dataset: { fact: f.name } },
      h('th', { scope: 'row' }, f.label, h('br'), h('code', { class: 'small muted' }, f.name)),
      h('td', {}, `${FACT_TYPE[f.type] ?? f.type}${f.unit ? `（${f.unit}）` : ''}`),
      h('td', {}, h('code', { class: 'cel' }, f.cel), f.note ? h('span', { class: 'hint' }, f.note) : null),
      h('td', { class: 'nowrap' },
        h('button', { type: 'button', class: 'btn small', dataset: { action: 'edit' }, onclick: () => open(f.name) }, '修改'), ' ',
        h('button', { type: 'button', class: 'btn small danger', dataset: { action: 'remove' }, onclick: (e) => remove(e.currentTarget) }, '删除'))),
    h('tr', { class: 'field-message-row' }, h('td', { colspan: 4 }, message)),
  ];
}

/** The page redraws every tab after a write: an editor holding unsaved work stays open, others close. */
export function renderFacts(panel, hooks) {
  if (editing !== null && !isDirtyPrefix(DIRTY)) editing = null;
  draw(panel, hooks);
}

function draw(panel, hooks) {
  const d = doc();
  const facts = d.facts.filter((f) => f.subject === kind);
  const redraw = () => draw(panel, hooks);
  const open = (name) => {
    editing = name;
    redraw();
    panel.querySelector('#fact-editor')?.scrollIntoView({ block: 'start' });
    panel.querySelector('#fact-label')?.focus();
  };
  const close = () => {
    editing = null;
    redraw();
  };
  const current = editing === null ? null : editing === '' ? null : facts.find((f) => f.name === editing) ?? null;
  const switcher = h('div', { class: 'kind-switch', role: 'radiogroup', 'aria-label': '对象' },
    Object.entries(KIND_LABELS).map(([k, label]) => h('label', { class: 'inline' },
      h('input', { type: 'radio', name: 'facts-kind', value: k, checked: k === kind, onchange: () => { kind = k; editing = null; redraw(); } }), label)));
  fill(panel,
    h('p', { class: 'muted' }, '派生事实是由填报的字段、参数和表格计算出来的值（如某项占比 = 一个字段 ÷ 另一个字段），规则和提示语可以像字段一样使用它们。表达式像 Excel 公式一样书写，保存前会完整检查。'),
    switcher,
    facts.length
      ? h('table', { class: 'data facts-table' },
        h('thead', {}, h('tr', {}, ['名称', '类型', '表达式', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, facts.map((f) => factRow(f, hooks, open))))
      : h('p', { class: 'panel muted' }, `${KIND_LABELS[kind]}还没有派生事实。`),
    editing === null
      ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn primary', id: 'new-fact', onclick: () => open('') }, `新增${KIND_LABELS[kind]}的派生事实`))
      : factEditor(kind, current, hooks, close));
}

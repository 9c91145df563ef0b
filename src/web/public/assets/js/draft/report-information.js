// 基本情况 of a scorecard (reports.<kind>.information): the label/value pairs at its head. Each
// entry shows one fact (picked by its Chinese label; its label printed unless another is typed)
// or the ratio of two facts as a percentage; 占整行 gives it a row of its own. A preview beside the
// list shows the table as it will be printed, two entries a row.
import { h } from '../dom.js';
import { factLabel, findFact } from '../fact-catalogue.js';
import { factSelect } from './fact-picker.js';
import { informationLayout } from './report-layout.js';
import { anchor, listEditor, required, textInput } from './report-list.js';

const MODES = [['fact', '一个事实'], ['ratio', '两个事实之比']];

/** One entry's controls; `at` names each control's place in the entry. */
function entryControls(doc, kind, entry, at) {
  const state = { fact: entry.fact ?? '', ratio: entry.ratio ?? ['', ''], note: entry.note ?? '', whenZero: entry.whenZero ?? '' };
  const mode = h('select', { class: 'info-mode', 'aria-label': '内容' }, MODES.map(([v, l]) => h('option', { value: v, selected: v === (entry.ratio ? 'ratio' : 'fact') }, l)));
  const label = at(textInput(entry.label, '显示名称', { class: 'info-label' }), 'label');
  const wide = at(h('input', { type: 'checkbox', class: 'info-wide', checked: entry.wide === true }), 'wide');
  const content = h('span', { class: 'info-content' });
  const pick = (name, cls, prop, text) => at(factSelect(doc, kind, name, { class: cls, 'aria-label': text }, { params: true, blank: '请选择…' }), prop);
  let controls = {};

  // Without a label of its own a fact is printed under the fact's label: shown as the placeholder.
  const hintLabel = () => {
    const info = mode.value === 'fact' ? findFact(doc, kind, controls.fact?.value) : null;
    label.placeholder = info ? info.label : mode.value === 'ratio' ? '比例须填写名称' : '不填则用事实的名称';
  };
  const remember = () => {
    if (controls.fact) state.fact = controls.fact.value;
    if (controls.numerator) {
      state.ratio = [controls.numerator.value, controls.denominator.value];
      state.note = controls.note.value;
      state.whenZero = controls.whenZero.value;
    }
  };
  const draw = () => {
    if (mode.value === 'fact') {
      controls = { fact: pick(state.fact, 'info-fact', 'fact', '事实') };
      controls.fact.addEventListener('change', hintLabel);
      content.replaceChildren(anchor(controls.fact));
    } else {
      controls = {
        numerator: pick(state.ratio[0], 'info-numerator', 'ratio/0', '分子'),
        denominator: pick(state.ratio[1], 'info-denominator', 'ratio/1', '分母'),
        note: at(textInput(state.note, '附注', { class: 'info-note', placeholder: '附注，如（地方配套 ÷ 省级资金）' }), 'note'),
        whenZero: at(textInput(state.whenZero, '分母为 0 时显示', { class: 'info-when-zero', placeholder: '分母为 0 时显示，如 全部为地方经费' }), 'whenZero'),
      };
      content.replaceChildren(anchor(controls.numerator), ' ÷ ', anchor(controls.denominator),
        h('span', { class: 'hint' }, '以百分比显示'), anchor(controls.note), ' ', anchor(controls.whenZero));
    }
    hintLabel();
  };
  mode.addEventListener('change', () => {
    remember();
    draw();
  });
  draw();

  const read = (problems) => {
    const text = label.value.trim();
    const out = {};
    if (mode.value === 'fact') {
      if (text) out.label = text;
      out.fact = required(problems, controls.fact, '事实');
    } else {
      out.label = required(problems, label, '比例的显示名称');
      out.ratio = [required(problems, controls.numerator, '分子'), required(problems, controls.denominator, '分母')];
      if (controls.note.value.trim()) out.note = controls.note.value.trim();
      if (controls.whenZero.value.trim()) out.whenZero = controls.whenZero.value.trim();
    }
    if (wide.checked) out.wide = true;
    return out;
  };
  return { cells: [anchor(mode), anchor(label), content, h('label', { class: 'inline' }, anchor(wide), '占整行')], read };
}

/** The printed table with each entry's label and, in place of its value, what it shows. */
function preview(doc, kind, entries) {
  const name = (n) => {
    const info = findFact(doc, kind, n);
    return info ? `「${factLabel(info)}」` : '（未选择）';
  };
  const labelOf = (e) => e.label || (e.fact ? findFact(doc, kind, e.fact)?.label : '') || '（未命名）';
  const valueOf = (e) => (e.ratio ? `${name(e.ratio[0])} ÷ ${name(e.ratio[1])}（百分比）${e.note ?? ''}` : name(e.fact));
  const rows = informationLayout(entries);
  return h('table', { class: 'form-table info-preview' },
    h('caption', { class: 'visually-hidden' }, '打印版式预览'),
    h('tbody', {}, rows.length ? rows.map((cells) => h('tr', {}, cells.map((c) => [
      h('th', { scope: 'row' }, labelOf(c.entry)),
      h('td', { colspan: c.wide ? 3 : null, class: 'muted' }, valueOf(c.entry)),
    ]))) : h('tr', {}, h('td', { class: 'muted' }, '（没有内容）'))));
}

/**
 * The entries of reports.<kind>.information at pointer `base`, with the live preview.
 * Returns { el, read(problems) → entries }.
 */
export function informationEditor(doc, kind, entries, base, id) {
  const list = listEditor({
    id,
    caption: '基本情况的各项',
    headings: ['内容', '显示名称', '事实', '占整行'],
    items: entries,
    base,
    build: (entry, at) => entryControls(doc, kind, entry, at),
    adds: [['＋ 添加一项事实', () => ({}), 'add-info-fact'], ['＋ 添加比例', () => ({ ratio: ['', ''] }), 'add-info-ratio']],
  });
  const shown = h('div', { class: 'info-preview-box' });
  const redraw = () => shown.replaceChildren(preview(doc, kind, list.read([])));
  const el = h('div', { class: 'info-editor', oninput: redraw, onchange: redraw },
    list.el,
    h('h4', {}, '版式预览'),
    h('p', { class: 'hint' }, '报告中每行两项；勾选“占整行”的一项单独一行，落在占整行一项之前的单独一项也占整行。'),
    shown);
  redraw();
  return { el, read: list.read };
}

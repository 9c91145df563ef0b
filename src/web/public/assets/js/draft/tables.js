// 表格 tab: every table of the rule set (its regions, categories, annex lists …) as an editable
// grid built from the table's own columns, with its column settings, and a form for a new table.
// Nothing here knows which tables a notice has: they all come from document.tables.
import { seg } from '../api.js';
import { fill, h } from '../dom.js';
import { submit } from './draft-write.js';
import { doc, writeDraft } from './state.js';
import { addTableForm } from './table-add.js';
import { columnsPanel, IDENTITY_COLUMNS } from './table-columns.js';
import { tableGrid } from './table-grid.js';

function tableSection(name, table, hooks) {
  const box = h('div', { class: 'error-summary', tabindex: '-1', hidden: true });
  const form = h('form', { novalidate: true, onsubmit: (e) => e.preventDefault() }, box);
  const remove = IDENTITY_COLUMNS[name] ? null : h('button', {
    type: 'button', class: 'btn danger', id: `remove-table-${name}`, onclick: (e) => {
      if (!window.confirm(`确定删除表格「${table.label}」及其全部 ${table.rows.length} 行吗？`)) return;
      return submit(e.currentTarget, { form, hooks, write: () => writeDraft('DELETE', `/tables/${seg(name)}`), done: `已删除表格「${table.label}」` });
    },
  }, '删除表格');
  return h('section', { class: 'panel', id: `table-${name}`, 'aria-labelledby': `table-title-${name}` },
    h('h2', { id: `table-title-${name}` }, table.label, ' ', h('code', { class: 'small muted', title: '表达式中的写法' }, `tables.${name}`)),
    table.note ? h('p', { class: 'muted small' }, table.note) : null,
    tableGrid(name, table, hooks),
    columnsPanel(name, table, hooks),
    remove ? [form, h('div', { class: 'actions' }, remove)] : null);
}

export function renderTables(panel, hooks) {
  const d = doc();
  fill(panel,
    h('p', { class: 'muted' }, '规则集的表格：市州、项目类别及通知附件中的名单等。每行单独保存；选择题、规则和派生事实引用的表格会在保存时一并校验。'),
    Object.entries(d.tables).map(([name, table]) => tableSection(name, table, hooks)),
    addTableForm(hooks));
}

// Importing a filled-in template (.xlsx or .csv): check first (dry run: nothing is written, every
// problem located by sheet, row and column), then import — all or nothing, as the API does it.
import { requestHeaders, send } from './api.js';
import { fill, h } from './dom.js';
import { busy } from './layout.js';

const ACTION = { create: '新增', update: '更新', unchanged: '不变' };

async function upload(url, file) {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await send(url, { method: 'POST', headers: requestHeaders('POST'), body: form });
  return res.json();
}

/** A panel with a file input, 检查 and 导入 buttons; `onImported` runs after a real import. */
export function importPanel({ title, endpoint, year, templateUrl, onImported }) {
  const id = `file-${endpoint.replace(/\W/g, '')}`;
  const input = h('input', { type: 'file', id, accept: '.xlsx,.csv' });
  const out = h('div', { class: 'import-result', 'aria-live': 'polite' });
  const run = async (dryRun, button) => {
    const file = input.files?.[0];
    if (!file) {
      fill(out, h('p', { class: 'field-error' }, '请先选择 .xlsx 或 .csv 文件'));
      return;
    }
    await busy(button, async () => {
      fill(out, h('p', { class: 'muted' }, dryRun ? '正在检查…' : '正在导入…'));
      try {
        const plan = await upload(`${endpoint}?dryRun=${dryRun}&year=${year()}`, file);
        fill(out, planView(plan, dryRun));
        if (!dryRun && plan.problems.length === 0) onImported?.();
      } catch (err) {
        fill(out, errorView(err));
      }
    });
  };
  const check = h('button', { type: 'button', class: 'btn', onclick: (e) => run(true, e.currentTarget) }, '检查（不写入）');
  const go = h('button', { type: 'button', class: 'btn primary', onclick: (e) => run(false, e.currentTarget) }, '导入');
  return h('details', { class: 'panel no-print' },
    h('summary', {}, title),
    h('p', { class: 'muted' }, '先下载模板填写（金额以万元填写），再上传。先“检查”可看到将新增、更新的记录和每处错误所在的单元格；“导入”时只要有一处错误，就不会写入任何数据。'),
    h('div', { class: 'actions' },
      h('a', { class: 'btn', href: templateUrl(), download: '' }, '下载模板'),
      h('label', { for: id }, '选择文件'), input, check, go),
    out);
}

function planView(plan, dryRun) {
  const s = plan.summary;
  const head = plan.problems.length
    ? h('p', { class: 'field-error' }, `发现 ${plan.problems.length} 处错误，${dryRun ? '请修改后重新检查' : '未写入任何数据'}。`)
    : h('p', { class: 'status-ok' }, `${dryRun ? '检查通过，导入将' : '已导入：'}新增 ${s.create} 条，更新 ${s.update} 条，不变 ${s.unchanged} 条。`);
  return h('div', {}, head,
    plan.problems.length ? problemTable(plan.problems) : null,
    plan.warnings?.length ? h('div', {}, h('h4', {}, '提示'), problemTable(plan.warnings)) : null,
    plan.changes?.length ? h('details', {}, h('summary', {}, '逐条明细'),
      h('table', { class: 'data' }, h('thead', {}, h('tr', {}, ['工作表', '行', '记录', '操作', '变化的字段'].map((t) => h('th', {}, t)))),
        h('tbody', {}, plan.changes.map((c) => h('tr', {}, h('td', {}, c.sheet), h('td', {}, c.row), h('td', {}, c.key), h('td', {}, ACTION[c.action] ?? c.action), h('td', {}, (c.changed ?? []).join('、'))))))) : null);
}

function problemTable(problems) {
  return h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, ['工作表', '行', '列', '问题'].map((t) => h('th', {}, t)))),
    h('tbody', {}, problems.map((p) => h('tr', {}, h('td', {}, p.sheet ?? ''), h('td', {}, p.row ?? ''), h('td', {}, p.column ?? ''), h('td', {}, p.message)))));
}

function errorView(err) {
  return h('div', {}, h('p', { class: 'field-error' }, err.message),
    err.details?.length ? h('ul', {}, err.details.map((d) => h('li', {}, `${d.pointer ?? ''} ${d.message}`))) : null);
}

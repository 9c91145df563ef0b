// 规则集版本: one rule set's versions — which is in force, what each changed (diff), export any
// version, activate an older one (the rollback), start or continue the draft, clone for next year.
import { get, post, seg } from '../api.js';
import { diffView } from '../diff-view.js';
import { $, dateTime, fill, h, select } from '../dom.js';
import { download } from '../download.js';
import { clearErrors, showErrors } from '../field-errors.js';
import { VERSION_STATUS } from '../labels.js';
import { busy, initPage, may, reportError, status } from '../layout.js';

const id = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const base = `/api/rule-sets/${seg(id)}`;

async function load() {
  try {
    const [set, versions] = await Promise.all([get(base), get(`${base}/versions`)]);
    render(set, versions);
  } catch (err) {
    fill($('#page'), h('h1', {}, `规则集 ${id}`), h('p', {}, h('a', { href: '/rule-sets' }, '返回规则集列表')));
    reportError(err);
  }
}

function render(set, versions) {
  const draft = versions.find((v) => v.status === 'draft');
  const published = versions.filter((v) => v.status === 'published');
  const diffOut = h('div', { id: 'diff-output', 'aria-live': 'polite' });
  const options = [...versions.map((v) => [String(v.status === 'draft' ? 'draft' : v.version), `第 ${v.version} 版${v.status === 'draft' ? '（草稿）' : ''}`])];
  const fromSel = select({ id: 'diff-from' }, options, published.at(-2)?.version ?? published[0]?.version);
  const toSel = select({ id: 'diff-to' }, options, draft ? 'draft' : published.at(-1)?.version);
  fill($('#page'),
    h('div', { class: 'page-head' }, h('h1', {}, set.title), h('code', { class: 'muted' }, set.id), h('a', { href: '/rule-sets' }, '返回规则集列表')),
    h('p', {}, `${set.year}年度　${set.document?.noticeTitle ?? ''}`),
    h('div', { class: 'actions' },
      may('policy') ? h('a', { class: 'btn primary', href: `/rule-sets/${seg(id)}/draft` }, draft ? `继续编辑草稿（第 ${draft.version} 版）` : '修改（新建草稿）') : null),
    h('h2', {}, '版本'),
    h('table', { class: 'data', id: 'versions' },
      h('thead', {}, h('tr', {}, ['版本', '状态', '发布时间', '说明', '内容摘要', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, [...versions].reverse().map((v) => h('tr', { dataset: { version: v.version } },
        h('td', {}, `第 ${v.version} 版`),
        h('td', {}, h('span', { class: `badge ${v.status === 'draft' ? 'badge-draft' : 'badge-none'}` }, VERSION_STATUS[v.status] ?? v.status), ' ',
          set.activeVersion === v.version ? h('span', { class: 'badge badge-active' }, '生效中') : null),
        h('td', {}, dateTime(v.publishedAt ?? v.createdAt)),
        h('td', { class: 'small' }, v.comment ?? ''),
        h('td', {}, h('code', { class: 'small muted', title: v.hash }, v.hash.slice(7, 19))),
        h('td', {},
          v.status === 'published' ? h('button', { type: 'button', class: 'link-button', onclick: (e) => busy(e.currentTarget, () => download(`${base}/versions/${v.version}/export`, { fileName: `${id}-v${v.version}.json` }).catch(reportError)) }, '导出') : null,
          v.status === 'published' && set.activeVersion !== v.version && may('policy') ? ['　', h('button', { type: 'button', class: 'link-button', onclick: () => activateForm(v.version) }, '设为生效')] : null))))),
    h('div', { id: 'activate-box' }),
    h('h2', {}, '比较版本'),
    h('div', { class: 'panel' },
      h('div', { class: 'actions' },
        h('label', { for: 'diff-from' }, '从'), fromSel, h('label', { for: 'diff-to' }, '到'), toSel,
        h('button', { type: 'button', class: 'btn', id: 'compare', onclick: (e) => busy(e.currentTarget, async () => {
          try {
            const r = await get(`${base}/diff?from=${encodeURIComponent(fromSel.value)}&to=${encodeURIComponent(toSel.value)}`);
            fill(diffOut, h('p', { class: 'muted' }, `第 ${r.from.version} 版 → 第 ${r.to.version} 版${r.to.status === 'draft' ? '（草稿）' : ''}`), diffView(r.changes));
          } catch (err) {
            reportError(err);
          }
        }) }, '比较')),
      diffOut),
    may('policy') ? cloneForm(set) : null);
}

function activateForm(version) {
  const box = $('#activate-box');
  const form = h('form', { class: 'panel', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    await busy(e.submitter, async () => {
      try {
        await post(`${base}/activate`, { version, comment: form.querySelector('#activate-comment').value.trim() || undefined });
        status(`第 ${version} 版已生效，之后的评估将使用该版本`, 'ok');
        load();
      } catch (err) {
        reportError(err);
      }
    });
  } },
    h('h3', {}, `将第 ${version} 版设为生效版本`),
    h('p', { class: 'muted' }, '启用旧版本即回滚：之后的评估使用该版本，已保存的评估记录不受影响。'),
    h('label', { for: 'activate-comment' }, '原因（记入审计日志）'), h('textarea', { id: 'activate-comment', rows: 2 }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, '确认生效'), h('button', { type: 'button', class: 'btn', onclick: () => fill(box) }, '取消')));
  fill(box, form);
  form.querySelector('textarea').focus();
}

function cloneForm(set) {
  const nextYear = set.year + 1;
  const suggestedId = set.id.replace(String(set.year), String(nextYear));
  const field = (idAttr, label, value, type = 'text', pointer) => h('div', {}, h('label', { for: idAttr, class: 'required' }, label),
    h('div', { class: 'field-anchor' }, h('input', { id: idAttr, type, value, dataset: { pointer } })));
  const form = h('form', { class: 'panel', id: 'clone-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const body = { id: form.querySelector('#clone-id').value.trim(), year: Number(form.querySelector('#clone-year').value), title: form.querySelector('#clone-title').value.trim() };
    clearErrors(form);
    await busy(e.submitter, async () => {
      try {
        const r = await post(`${base}/clone`, body);
        location.assign(`/rule-sets/${seg(r.ruleSetId ?? body.id)}/draft`);
      } catch (err) {
        if (err.status === 400 || err.status === 409) showErrors(form, err);
        else reportError(err);
      }
    });
  } },
    h('div', { class: 'error-summary', tabindex: '-1', hidden: true }),
    h('p', { class: 'muted' }, '以生效版本为底稿，为下一年度的通知新建规则集（草稿）；规则标识保持不变，便于跨年度比较结果。'),
    h('div', { class: 'grid-2' },
      field('clone-id', '新规则集标识', suggestedId, 'text', '/id'),
      field('clone-year', '年度', nextYear, 'number', '/year')),
    field('clone-title', '名称', set.title.replace(String(set.year), String(nextYear)), 'text', '/title'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, '复制为新规则集')));
  return [h('h2', {}, '为下一年度复制'), form];
}

await initPage({ active: 'rule-sets', yearSwitch: false });
load();

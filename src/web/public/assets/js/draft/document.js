// 整体 JSON tab (expert): the whole draft document, replaced in one PUT; every problem the server
// finds is listed with its location. Also the draft's export as a rule-set file.
import { ApiError } from '../api.js';
import { fill, h } from '../dom.js';
import { describePointer } from '../field-errors.js';
import { download } from '../download.js';
import { busy, reportError, status } from '../layout.js';
import { setDirty } from '../unsaved.js';
import { doc, draftState, draftUrl, writeDraft } from './state.js';

const KEY = 'draft-document';

export function renderDocument(panel, hooks) {
  const renderedAt = draftState.draft.revision;
  const text = h('textarea', { class: 'code', id: 'document-json', spellcheck: 'false', rows: 30, oninput: () => setDirty(KEY) }, JSON.stringify(doc(), null, 2));
  const errors = h('div', { 'aria-live': 'polite' });
  const save = async (button) => {
    if (draftState.draft.revision !== renderedAt) {
      // Other tabs saved since this text was loaded: saving it would silently undo their changes.
      fill(errors, h('div', { class: 'error-summary' }, h('p', { class: 'error-title' }, '草稿已在其他标签页中修改，此处内容已过时；请重新载入后再编辑。'),
        h('button', { type: 'button', class: 'btn', onclick: () => { setDirty(KEY, false); hooks.rerender(); } }, '重新载入整体 JSON')));
      return;
    }
    let body;
    try {
      body = JSON.parse(text.value);
    } catch (e) {
      fill(errors, h('p', { class: 'field-error' }, `JSON 格式有误：${e.message}`));
      return;
    }
    await busy(button, async () => {
      try {
        await writeDraft('PUT', '', body);
        setDirty(KEY, false);
        fill(errors);
        status('已保存整个规则集', 'ok');
        hooks.rerender();
      } catch (err) {
        if (err instanceof ApiError && err.status === 400) {
          fill(errors, h('div', { class: 'error-summary' }, h('p', { class: 'error-title' }, err.message),
            h('ul', {}, err.details.map((d) => h('li', {}, describePointer(d.pointer), d.message)))));
        } else reportError(err, hooks.reload);
      }
    });
  };
  fill(panel,
    h('p', { class: 'muted' }, '供熟悉规则集格式的人员使用：直接编辑整个规则集文件。保存前会完整校验，有任何错误则不保存。'),
    h('label', { for: 'document-json' }, '规则集 JSON'), text, errors,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn primary', onclick: (e) => save(e.currentTarget) }, '保存整个规则集'),
      h('button', { type: 'button', class: 'btn', onclick: (e) => busy(e.currentTarget, () => download(draftUrl('/export')).catch(reportError)) }, '导出草稿文件')));
}

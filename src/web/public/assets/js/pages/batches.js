// 批量打印: start a batch of the year's scorecards (all regions or one), follow its real progress
// (parts done / total, from GET /api/batches/:id), cancel it, and download the ZIP or single
// files once they exist. The batch id stays in the address, so a reload keeps following it.
import { del, get, post, seg } from '../api.js';
import { regionChoices, ruleSetForYear } from '../catalog.js';
import { $, dateTime, fill, h, queryParam, select, setQuery } from '../dom.js';
import { download, progressBox } from '../download.js';
import { STAGE } from '../labels.js';
import { busy, initPage, onYearChange, reportError, status, user, year } from '../layout.js';

const STATES = { queued: '排队中', running: '正在生成', completed: '已完成', failed: '失败', cancelled: '已取消' };
const POLL_MS = 1000;

let timer = null;

function form(doc) {
  const own = user()?.role === 'region' ? user().region : null;
  const regionField = own
    ? h('label', {}, '市州', h('input', { name: 'region', value: own, readonly: true }))
    : h('label', {}, '市州', select({ name: 'region' }, [['', '全省（全部市州）'], ...regionChoices(doc).map(([name]) => [name, name])], ''));
  const button = h('button', { type: 'submit', class: 'btn primary' }, '开始批量打印');
  return h('form', {
    class: 'panel filters',
    onsubmit: (e) => {
      e.preventDefault();
      const data = new FormData(e.target);
      const body = { kind: 'scorecards', year: year(), ...(data.get('stage') ? { stage: data.get('stage') } : {}), ...(data.get('region') ? { region: data.get('region') } : {}) };
      busy(button, async () => {
        try {
          const batch = await post('/api/batches', body);
          setQuery({ id: batch.id });
          status(`批量任务已提交（共 ${batch.total} 份），正在排队`, 'ok');
          follow(batch.id);
        } catch (err) {
          reportError(err);
        }
      });
    },
  },
  h('label', {}, '阶段', select({ name: 'stage' }, [['', '各项目最新的评估'], ['application', STAGE.application], ['acceptance', STAGE.acceptance]], '')),
  regionField,
  button);
}

function view(batch) {
  const over = !['queued', 'running'].includes(batch.state);
  const { box, bar, caption } = progressBox('下载进度');
  const cancel = h('button', { type: 'button', class: 'btn', onclick: (e) => busy(e.target, () => stop(batch.id)) }, '取消任务');
  const zip = h('button', { type: 'button', class: 'btn primary', onclick: (e) => busy(e.target, () => save(`/api/batches/${seg(batch.id)}/projects.zip`, { bar, caption })) }, '下载 ZIP');
  return h('section', { class: 'panel', 'aria-labelledby': 'batch-title' },
    h('h2', { id: 'batch-title' }, `批量任务 ${batch.year}年度${batch.region ?? '全省'}项目评估报告`),
    h('p', {}, `状态：${STATES[batch.state] ?? batch.state}　提交人：${batch.requestedBy}　提交时间：${dateTime(batch.createdAt)}${batch.finishedAt ? `　结束时间：${dateTime(batch.finishedAt)}` : ''}`),
    h('p', {}, h('progress', { id: 'batch-progress', max: Math.max(1, batch.total), value: batch.done, 'aria-label': '批量任务进度' }),
      ' ', h('span', { id: 'batch-count', role: 'status' }, `已完成 ${batch.done} / ${batch.total} 份`)),
    batch.reason ? h('p', { class: batch.state === 'failed' ? 'error' : 'muted' }, batch.reason) : null,
    h('div', { class: 'actions' }, over ? zip : cancel),
    box,
    batch.files.length
      ? h('details', {}, h('summary', {}, `已生成的文件（${batch.files.length} 个）`),
        h('ul', {}, batch.files.map((f) => h('li', {}, h('a', {
          href: `/api/batches/${seg(batch.id)}/files/${seg(f.name)}`,
          onclick: (e) => {
            e.preventDefault();
            save(`/api/batches/${seg(batch.id)}/files/${seg(f.name)}`, {});
          },
        }, f.name), h('span', { class: 'small muted' }, ` ${(f.size / 1024).toFixed(0)} KB`)))))
      : null);
}

async function save(url, progress) {
  try {
    const name = await download(url, { progress, label: '正在打包' });
    status(`已下载 ${name}`, 'ok');
  } catch (err) {
    reportError(err);
  }
}

async function stop(id) {
  if (!confirm('确定取消该批量任务？已生成的文件会保留。')) return;
  try {
    fill($('#batch'), view(await del(`/api/batches/${seg(id)}`)));
    status('批量任务已取消', 'ok');
  } catch (err) {
    reportError(err);
  }
}

/** Shows the batch and polls it until it is over. */
async function follow(id) {
  clearTimeout(timer);
  try {
    const batch = await get(`/api/batches/${seg(id)}`);
    fill($('#batch'), view(batch));
    if (['queued', 'running'].includes(batch.state)) timer = setTimeout(() => follow(id), POLL_MS);
    else {
      if (batch.state === 'completed') status(`批量任务已完成：${batch.done} 份`, 'ok');
      recent();
    }
  } catch (err) {
    fill($('#batch'));
    reportError(err);
  }
}

/** The newest batches the user may see, each a link that follows it here. */
async function recent() {
  const box = $('#recent');
  try {
    const batches = await get('/api/batches');
    fill(box, batches.length === 0 ? null : h('section', { class: 'panel', 'aria-labelledby': 'recent-title' },
      h('h2', { id: 'recent-title' }, '最近的批量任务'),
      h('table', { class: 'data' },
        h('thead', {}, h('tr', {}, ['提交时间', '范围', '状态', '进度', '提交人'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, batches.map((b) => h('tr', {},
          h('td', {}, h('a', { href: `/batches?id=${seg(b.id)}`, onclick: (e) => {
            e.preventDefault();
            setQuery({ id: b.id });
            follow(b.id);
          } }, dateTime(b.createdAt))),
          h('td', {}, `${b.year}年度${b.region ?? '全省'}${b.kind === 'evaluations' ? '（评估）' : ''}`),
          h('td', {}, STATES[b.state] ?? b.state),
          h('td', {}, `${b.done} / ${b.total}`),
          h('td', {}, b.requestedBy)))))));
  } catch (err) {
    fill(box);
    reportError(err);
  }
}

async function render() {
  const page = $('#page');
  try {
    const doc = await ruleSetForYear(year());
    fill(page,
      h('div', { class: 'page-head' }, h('h1', {}, `${year()}年度批量打印评估报告`)),
      h('p', { class: 'muted' }, '批量任务在后台分批打印，每个项目一份 PDF；可离开本页，凭地址栏中的任务编号回来查看进度。'),
      form(doc),
      h('div', { id: 'batch' }),
      h('div', { id: 'recent' }));
    recent();
    const id = queryParam('id');
    if (id) follow(id);
  } catch (err) {
    fill(page, h('h1', {}, '批量打印'));
    reportError(err);
  }
}

await initPage({ active: 'batches' });
onYearChange(render);
render();

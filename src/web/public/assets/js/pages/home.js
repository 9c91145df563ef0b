// 首页: the year at a glance — projects by outcome, each region's measures, and what needs
// attention (non-compliant projects, overdue or missing submissions).
import { get, seg } from '../api.js';
import { $, fill, h } from '../dom.js';
import { initPage, may, onYearChange, reportError, year } from '../layout.js';
import { failures, projectOutcomes, regionOutcomes } from '../outcomes.js';
import { STAGE } from '../labels.js';
import { ruleSetForYear, tableRows } from '../catalog.js';
import { measureRows, measureTargets } from '../measures.js';

// Rules the rule set files under the category "deadline" are what the office chases first.
const isDeadline = (result) => result.category === 'deadline';

async function render() {
  const y = year();
  const page = $('#page');
  fill(page, h('p', { class: 'muted' }, `正在汇总 ${y} 年度数据…`));
  try {
    const [doc, projects, progress] = await Promise.all([
      ruleSetForYear(y),
      get(`/api/projects?year=${y}`),
      get(`/api/regions/progress?year=${y}`),
    ]);
    const regions = tableRows(doc, 'regions');
    const reported = new Set(progress.map((p) => p.region));
    const [application, acceptance, regionEvals, targets] = await Promise.all([
      projectOutcomes(projects, 'application'),
      projectOutcomes(projects, 'acceptance'),
      regionOutcomes(progress),
      // Regions that reported nothing still have targets: a bare record gives them.
      measureTargets(doc, [...progress, ...regions.filter((r) => !reported.has(r.name)).map((r) => ({ year: y, region: r.name }))]),
    ]);
    fill(page,
      h('div', { class: 'page-head' }, h('h1', {}, `${y}年度概况`),
        may('evaluator', 'region') ? h('a', { class: 'btn', href: `/projects/new?year=${y}` }, '新建项目') : null,
        h('button', { type: 'button', class: 'btn no-print', onclick: () => window.print() }, '打印')),
      h('h2', {}, '项目评估结果'),
      application.unavailable ? h('p', { class: 'muted' }, `共 ${projects.length} 个项目；当前角色不能查看实时评估结果。`) : [
        countCards(projects.length, application, STAGE.application),
        countCards(projects.length, acceptance, STAGE.acceptance)],
      h('h2', {}, doc.reports?.region?.measures?.title ?? '市州任务完成情况'),
      progressTable(doc, regions, progress, targets),
      h('h2', {}, '需要关注'),
      attention(projects, application, acceptance, regions, progress, regionEvals));
  } catch (err) {
    fill(page, h('h1', {}, `${y}年度概况`));
    reportError(err);
  }
}

function countCards(total, outcomes, stageLabel) {
  const evals = [...outcomes.values()];
  const ok = evals.filter((e) => e.compliant).length;
  const bad = evals.length - ok;
  const warned = evals.filter((e) => e.compliant && failures(e).length > 0).length;
  const y = year();
  const link = (outcome) => `/projects?year=${y}&outcome=${outcome}&stage=${stageLabel === STAGE.application ? 'application' : 'acceptance'}`;
  return h('div', { class: 'cards', role: 'group', 'aria-label': stageLabel },
    h('div', { class: 'card' }, h('div', { class: 'label' }, stageLabel), h('div', { class: 'num' }, total), h('div', { class: 'label' }, '项目总数')),
    h('a', { class: 'card pass', href: link('compliant') }, h('div', { class: 'num' }, ok), h('div', { class: 'label' }, '符合')),
    h('a', { class: 'card fail', href: link('noncompliant') }, h('div', { class: 'num' }, bad), h('div', { class: 'label' }, '不符合')),
    h('div', { class: 'card warn' }, h('div', { class: 'num' }, warned), h('div', { class: 'label' }, '符合但有提示项')));
}

/** Each region's measures (achieved / target) with a bar; the province's totals underneath. */
function progressTable(doc, regions, progress, targets) {
  const byRegion = new Map(progress.map((p) => [p.region, p]));
  const rows = measureRows(doc);
  if (rows.length === 0) return h('p', { class: 'muted' }, '本年度规则集没有市州任务指标。');
  const total = rows.map(() => ({ target: 0, achieved: 0, known: false }));
  const cell = (target, achieved) => {
    if (target === null) return [h('td', { class: 'num' }, achieved ?? '—'), h('td', {}, h('span', { class: 'small muted' }, '—'))];
    const share = target ? Math.round(((achieved ?? 0) / target) * 100) : null;
    const bar = h('div', { class: `bar${share !== null && share < 100 ? ' short' : ''}`, role: 'img', 'aria-label': share === null ? '无任务' : `完成 ${share}%` }, h('span'));
    bar.firstChild.style.width = `${Math.min(100, share ?? 0)}%`;
    return [h('td', { class: 'num' }, `${achieved ?? 0} / ${target}`), h('td', {}, bar, h('span', { class: 'small muted' }, share === null ? '—' : `${share}%`))];
  };
  const body = regions.map((r) => {
    const p = byRegion.get(r.name);
    const measures = targets.get(r.name) ?? rows.map((m) => ({ target: null, achieved: null, field: m.achieved }));
    measures.forEach((m, i) => {
      if (m.target === null) return;
      total[i].known = true;
      total[i].target += m.target;
      total[i].achieved += p ? m.achieved ?? 0 : 0;
    });
    return h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: `/regions/${seg(r.name)}?year=${year()}` }, r.name)),
      measures.map((m) => cell(m.target, p ? m.achieved ?? 0 : 0)),
      h('td', {}, p ? '已填报' : h('span', { class: 'badge badge-warn' }, '未填报')));
  });
  return h('table', { class: 'data' },
    h('caption', { class: 'visually-hidden' }, '各市州任务完成情况（完成数 / 任务数）'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '市州'),
      rows.map((m) => [h('th', { scope: 'col', class: 'num wrap' }, m.label), h('th', { scope: 'col' }, '完成率')]),
      h('th', { scope: 'col' }, '进度填报'))),
    h('tbody', {}, body),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, '全省'), total.map((t) => cell(t.known ? t.target : null, t.achieved)), h('td'))));
}

function attention(projects, application, acceptance, regions, progress, regionEvals) {
  const y = year();
  const items = [];
  for (const [stage, outcomes] of [['application', application], ['acceptance', acceptance]]) {
    for (const p of projects) {
      const e = outcomes.get(p.id);
      if (!e || e.compliant) continue;
      const first = failures(e)[0];
      items.push(h('li', {}, h('span', { class: 'badge badge-fail' }, `${STAGE[stage]}不符合`), ' ',
        h('a', { href: `/projects/${seg(p.id)}?stage=${stage}` }, `${p.region}｜${p.name}`), `：${first?.message ?? ''}`));
    }
  }
  const overdue = [];
  for (const p of projects) {
    for (const e of [application.get(p.id), acceptance.get(p.id)]) {
      for (const r of failures(e).filter((x) => isDeadline(x))) {
        overdue.push(h('li', {}, h('span', { class: 'badge badge-warn' }, '逾期'), ' ', h('a', { href: `/projects/${seg(p.id)}` }, `${p.region}｜${p.name}`), `：${r.message}`));
      }
    }
  }
  const reported = new Set(progress.map((p) => p.region));
  for (const r of regions) {
    const e = regionEvals.get(r.name);
    for (const f of failures(e).filter((x) => isDeadline(x))) {
      overdue.push(h('li', {}, h('span', { class: 'badge badge-warn' }, '逾期'), ' ', h('a', { href: `/regions/${seg(r.name)}?year=${y}` }, r.name), `：${f.message}`));
    }
    if (!reported.has(r.name)) {
      overdue.push(h('li', {}, h('span', { class: 'badge badge-none' }, '未填报'), ' ', h('a', { href: `/regions/${seg(r.name)}?year=${y}` }, r.name), '：尚未填报本年度进度'));
    }
  }
  const list = (title, entries, empty) => h('div', { class: 'panel' }, h('h3', {}, `${title}（${entries.length}）`),
    entries.length ? h('ul', {}, entries.slice(0, 12)) : h('p', { class: 'muted' }, empty),
    entries.length > 12 ? h('details', {}, h('summary', {}, `还有 ${entries.length - 12} 项`), h('ul', {}, entries.slice(12))) : null);
  return h('div', { class: 'grid-2' },
    list('不符合的项目', items, '没有不符合的项目。'),
    list('逾期或未报送', overdue, '没有逾期事项。'));
}

await initPage({ active: 'home' });
onYearChange(render);
render();

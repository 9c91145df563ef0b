// The result of one evaluation as an evaluator reads it: the verdict first, then every rule with
// its outcome and message (failures first), and the rule-set version it was judged against.
import { dateTime, h } from './dom.js';
import { complianceBadge, outcomeBadge, severityBadge, STAGE } from './labels.js';

const ORDER = { fail: 0, pass: 1, not_applicable: 2 };

export function evaluationView(e, { pdfUrl, onDownload } = {}) {
  const failed = e.results.filter((r) => r.outcome === 'fail');
  const blocking = failed.filter((r) => r.severity === 'blocking').length;
  const rows = [...e.results].filter((r) => r.outcome !== 'not_applicable').sort((a, b) => ORDER[a.outcome] - ORDER[b.outcome]);
  // Every rule appears in every evaluation; the ones that do not apply are kept, but folded away.
  const skipped = e.results.filter((r) => r.outcome === 'not_applicable');
  return h('section', { class: 'evaluation', 'aria-label': '评估结果' },
    h('div', { class: 'verdict' },
      h('span', { class: 'verdict-label' }, '结论'), complianceBadge(e.compliant),
      h('span', {}, e.compliant ? '无阻断项未通过' : `${blocking} 项阻断规则未通过`),
      e.score !== null && e.score !== undefined ? h('span', {}, `得分 ${e.score}`) : null,
      e.grade ? h('span', {}, `等级 ${e.grade}`) : null,
      pdfUrl ? h('button', { type: 'button', class: 'btn', onclick: onDownload }, '下载评估报告（PDF）') : null),
    h('p', { class: 'muted' },
      `${STAGE[e.stage] ?? e.stage ?? ''}　规则集 ${e.ruleSet?.id ?? ''} 第 ${e.ruleSet?.version ?? '-'} 版`,
      e.createdAt ? `　评估时间 ${dateTime(e.createdAt)}` : ''),
    resultTable(rows, '适用的规则'),
    skipped.length ? h('details', { class: 'not-applicable' }, h('summary', {}, `不适用的规则（${skipped.length} 条）`), resultTable(skipped, '不适用的规则')) : null);
}

function resultTable(rows, caption) {
  return h('table', { class: 'data results' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ['规则', '条款', '级别', '结果', '说明'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((r) => h('tr', { class: `row-${r.outcome}`, dataset: { rule: r.ruleId } },
      h('td', {}, h('span', { class: 'rule-title' }, r.title), h('br'), h('code', { class: 'muted small' }, r.ruleId)),
      h('td', {}, r.clause),
      h('td', {}, severityBadge(r.severity)),
      h('td', {}, outcomeBadge(r.outcome)),
      h('td', { class: 'message' }, r.message)))));
}

// Chinese words for the API's codes, in one place so every page says the same thing.
import { h } from './dom.js';

export const OUTCOME = { pass: '通过', fail: '未通过', not_applicable: '不适用' };
export const SEVERITY = { blocking: '阻断', warning: '提示' };
export const STAGE = { application: '申报审查', acceptance: '验收评价', progress: '进度评估' };
export const SUBJECT = { project: '项目', region: '市州', province: '全省' };
export const PARAM_TYPE = { amount: '金额（万元）', integer: '整数', number: '数字（如 0.5）', date: '日期', text: '文本', boolean: '是否' };
export const VERSION_STATUS = { draft: '草稿', published: '已发布' };

/** A coloured badge for a rule outcome. */
export function outcomeBadge(outcome) {
  return h('span', { class: `badge badge-${outcome}` }, OUTCOME[outcome] ?? outcome);
}

/** 符合 / 不符合 for a whole evaluation; the word the evaluator looks for first. */
export function complianceBadge(compliant) {
  if (compliant === null || compliant === undefined) return h('span', { class: 'badge badge-none' }, '未评估');
  return compliant ? h('span', { class: 'badge badge-pass' }, '符合') : h('span', { class: 'badge badge-fail' }, '不符合');
}

export function severityBadge(severity) {
  return h('span', { class: `badge badge-sev-${severity}` }, SEVERITY[severity] ?? severity);
}

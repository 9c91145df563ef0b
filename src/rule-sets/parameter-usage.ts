import { pointer } from '../common/errors';
import { leafConditions } from '../evaluation/rules-engine';
import { Usage } from './model-usage';
import { RuleSetDocument } from './rule-set.types';

/**
 * Who reads a parameter of a draft: rules (conditions, requirement, messages), derived facts and
 * aggregates (CEL `param.<name>`), table cells of a column that names parameters, and the report
 * layouts. Removing a parameter still read is refused with this list, by name.
 */

/** `param.cap` or `param["cap"]` in CEL, and `{{param.cap}}` / `{{wan param.cap}}` in messages. */
function readsParameter(name: string): RegExp {
  const n = name.replace(/[^A-Za-z0-9_]/g, '\\$&');
  return new RegExp(`\\bparam\\s*(?:\\.\\s*${n}\\b|\\[\\s*["']${n}["']\\s*\\])`);
}

function ruleUsers(doc: RuleSetDocument, name: string, reads: RegExp): Usage[] {
  const users: Usage[] = [];
  const fact = `param.${name}`;
  doc.rules.forEach((rule, i) => {
    const user = `规则「${rule.title}」`;
    const at = (...rest: (string | number)[]) => pointer('rules', i, ...rest);
    const add = (where: string, what: string) => users.push({ user, pointer: where, message: `${user}的${what}引用它` });
    for (const { pointer: where, leaf } of leafConditions(rule.conditions)) {
      const value = leaf.value as { fact?: unknown } | null;
      if (leaf.fact === fact) add(at('conditions') + where + '/fact', '条件');
      else if (value && typeof value === 'object' && value.fact === fact) add(at('conditions') + where + '/value/fact', '条件');
    }
    if (reads.test(rule.requirement)) add(at('requirement'), '要求');
    for (const key of ['pass', 'fail'] as const) if (reads.test(rule.messages[key])) add(at('messages', key), '提示语');
    (rule.messages.missing ?? []).forEach((m, j) => {
      if (m.fact === fact || reads.test(m.message)) add(at('messages', 'missing', j), '未填写提示');
    });
  });
  return users;
}

function expressionUsers(doc: RuleSetDocument, reads: RegExp): Usage[] {
  const users: Usage[] = [];
  doc.facts.forEach((f, i) => {
    if (reads.test(f.cel)) users.push({ user: `派生事实「${f.label}」`, pointer: pointer('facts', i, 'cel'), message: `派生事实「${f.label}」的表达式读取它` });
  });
  doc.aggregates.forEach((a, i) => {
    for (const prop of ['where', 'sum'] as const) {
      const cel = a[prop];
      if (cel && reads.test(cel)) users.push({ user: `汇总事实「${a.label}」`, pointer: pointer('aggregates', i, prop), message: `汇总事实「${a.label}」的表达式读取它` });
    }
  });
  return users;
}

function tableUsers(doc: RuleSetDocument, name: string): Usage[] {
  const users: Usage[] = [];
  for (const [tableName, table] of Object.entries(doc.tables)) {
    for (const c of table.columns) {
      if (!c.references?.parameter) continue;
      table.rows.forEach((row, j) => {
        const value = c.key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), row);
        if (value === name) {
          users.push({ user: `表格「${table.label}」`, pointer: pointer('tables', tableName, 'rows', j, ...c.key.split('.')), message: `表格「${table.label}」的“${c.label}”列引用它` });
        }
      });
    }
  }
  return users;
}

/**
 * Every text of the report layouts that names the parameter (a deadline's due date, a row check,
 * a note), named by the nearest heading and row label: 「报告「报送时限：工作总结」」.
 */
function reportUsers(doc: RuleSetDocument, reads: RegExp): Usage[] {
  const users: Usage[] = [];
  const walk = (node: unknown, path: (string | number)[], title: string, label: string) => {
    if (typeof node === 'string') {
      if (!reads.test(node)) return;
      const what = [title, label].filter(Boolean).join('：') || '报告版式';
      users.push({ user: `报告「${what}」`, pointer: pointer('reports', ...path), message: `报告「${what}」引用它` });
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const here = Array.isArray(node) ? {} : o;
    const nextTitle = typeof here.title === 'string' && !/\{\{/.test(here.title) ? here.title : title;
    const nextLabel = typeof here.label === 'string' ? here.label : label;
    for (const [k, v] of Object.entries(o)) walk(v, [...path, Array.isArray(node) ? Number(k) : k], nextTitle, nextLabel);
  };
  walk(doc.reports, [], '', '');
  return users;
}

/** Who reads the parameter `name`, in document order: rules, facts, tables, reports. */
export function parameterUsers(doc: RuleSetDocument, name: string): Usage[] {
  const reads = readsParameter(name);
  return [...ruleUsers(doc, name, reads), ...expressionUsers(doc, reads), ...tableUsers(doc, name), ...reportUsers(doc, reads)];
}

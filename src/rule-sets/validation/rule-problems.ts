import { pointer, Problem } from '../../common/errors';
import { engineRejects, leafConditions, OPERATORS } from '../../evaluation/rules-engine';
import { ValidationContext } from './validation-context';

/** Rules: json-rules-engine's own check, operators, facts of the rule's subject, messages, categories. */
export function ruleProblems(ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  const categories = new Set(ctx.index.categoryIds());
  ctx.doc.rules.forEach((rule, i) => {
    const at = (...rest: (string | number)[]) => pointer('rules', i, ...rest);
    const rejected = engineRejects(rule);
    if (rejected) problems.push({ pointer: at('conditions'), message: `json-rules-engine 拒绝该规则：${rejected}` });
    if (rule.subject !== 'project' && rule.stage) problems.push({ pointer: at('stage'), message: '只有项目规则有阶段（申报/验收）' });
    if (rule.subject !== 'project' && rule.appliesTo) problems.push({ pointer: at('appliesTo'), message: '只有项目规则按项目类别适用' });
    (rule.appliesTo ?? []).forEach((c, j) => {
      if (!categories.has(c)) problems.push({ pointer: at('appliesTo', j), message: `项目类别“${c}”未在 tables.categories 中定义` });
    });
    const known = (name: string) => ctx.catalogue.has(rule.subject, name);
    if (!rejected) {
      for (const { pointer: where, leaf } of leafConditions(rule.conditions)) {
        const condAt = at('conditions') + where;
        if (!OPERATORS.includes(leaf.operator)) {
          problems.push({ pointer: condAt + '/operator', message: `未知的运算符“${leaf.operator}”，可选：${OPERATORS.join('、')}` });
        }
        if (!known(leaf.fact)) problems.push({ pointer: condAt + '/fact', message: `未知的事实或参数“${leaf.fact}”` });
        else {
          for (const needed of ctx.paramsNeededBy(rule.subject, leaf.fact)) {
            if (!ctx.params.has(needed)) problems.push({ pointer: condAt + '/fact', message: `事实“${leaf.fact}”需要参数“${needed}”，但规则集未定义` });
          }
        }
        const value = leaf.value as Record<string, unknown> | null;
        if (value && typeof value === 'object' && !Array.isArray(value) && 'fact' in value) {
          if (typeof value.fact !== 'string' || !known(value.fact)) {
            problems.push({ pointer: condAt + '/value/fact', message: `未知的事实或参数“${String(value.fact)}”` });
          }
        }
        if (leaf.path !== undefined) problems.push({ pointer: condAt + '/path', message: '事实均为平铺名称，不支持 path' });
      }
    }
    for (const key of ['pass', 'fail'] as const) problems.push(...ctx.messageProblems(rule.messages[key], rule.subject, at('messages', key)));
    (rule.messages.missing ?? []).forEach((m, j) => {
      if (!known(m.fact)) problems.push({ pointer: at('messages', 'missing', j, 'fact'), message: `未知的事实或参数“${m.fact}”` });
      problems.push(...ctx.messageProblems(m.message, rule.subject, at('messages', 'missing', j, 'message')));
    });
    problems.push(...ctx.messageProblems(rule.requirement, rule.subject, at('requirement'), true));
  });
  return problems;
}

/** Fixtures: each names rules that exist and has subjects to evaluate. */
export function fixtureProblems(ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  const ruleIds = new Set(ctx.doc.rules.map((r) => r.id));
  ctx.doc.tests.forEach((t, i) => {
    if (!t.projects && !t.regions) problems.push({ pointer: pointer('tests', i), message: '测试用例需要 projects 或 regions' });
    for (const [subject, expected] of Object.entries(t.expect)) {
      for (const ruleId of Object.keys(expected)) {
        if (!ruleIds.has(ruleId)) problems.push({ pointer: pointer('tests', i, 'expect', subject, ruleId), message: `测试用例引用了不存在的规则“${ruleId}”` });
      }
    }
  });
  return problems;
}

import fs from 'node:fs';
import { isCalendarDate } from '../common/dates';
import { pointer, Problem } from '../common/errors';
import { hostileInputProblems } from '../common/hostile-input';
import { compileSchema, describeSchemaErrors } from '../common/json-validator';
import { FACT_PARAMETERS, FACTS, factNames, FactType } from '../evaluation/fact-catalogue';
import { checkTemplate, nestFacts } from '../evaluation/messages';
import { engineRejects, leafConditions, OPERATORS } from '../evaluation/rules-engine';
import { PROJECT_FIELD_PATHS } from '../projects/project.schema';
import { RULE_SET_SCHEMA_PATH } from './rule-set-files';
import { Parameter, RuleSetDocument, SubjectKind } from './rule-set.types';

const validateShape = compileSchema(JSON.parse(fs.readFileSync(RULE_SET_SCHEMA_PATH, 'utf8')));

const SAMPLE_VALUES: Record<FactType, unknown> = {
  amount: 250000, integer: 1, number: 1, date: '2022-03-25', text: '示例', boolean: true, list: ['示例'],
};

/**
 * Every problem of a rule-set document, each with its JSON pointer: the JSON Schema, hostile keys,
 * duplicate ids, parameter values of the wrong type, json-rules-engine's own check, unknown
 * operators, facts and parameters, message templates naming what does not exist, and fixtures
 * naming unknown rules. An empty list means the document can be saved and evaluated.
 */
export function validateRuleSet(input: unknown): Problem[] {
  const hostile = hostileInputProblems(input);
  if (hostile.length > 0) return hostile;
  if (!validateShape(input)) return describeSchemaErrors(validateShape.errors);
  const doc = input as RuleSetDocument;
  return [
    ...duplicateProblems(doc),
    ...doc.parameters.flatMap((p, i) => parameterProblems(p, i)),
    ...tableProblems(doc),
    ...ruleProblems(doc),
    ...fixtureProblems(doc),
  ];
}

function duplicates<T>(items: T[], key: (t: T) => string, at: (i: number) => string, what: string): Problem[] {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) problems.push({ pointer: at(i), message: `${what}“${k}”重复（与第 ${seen.get(k)! + 1} 项相同）` });
    else seen.set(k, i);
  });
  return problems;
}

function duplicateProblems(doc: RuleSetDocument): Problem[] {
  const t = doc.tables;
  return [
    ...duplicates(doc.parameters, (p) => p.name, (i) => pointer('parameters', i, 'name'), '参数名'),
    ...duplicates(doc.rules, (r) => r.id, (i) => pointer('rules', i, 'id'), '规则标识'),
    ...duplicates(t.regions, (r) => r.name, (i) => pointer('tables', 'regions', i, 'name'), '市州'),
    ...duplicates(t.regions, (r) => r.code, (i) => pointer('tables', 'regions', i, 'code'), '市州代码'),
    ...duplicates(t.ratings2021, (r) => r.name, (i) => pointer('tables', 'ratings2021', i, 'name'), '2021年度项目'),
    ...duplicates(t.fiveOnes, (f) => f.id, (i) => pointer('tables', 'fiveOnes', i, 'id'), '“五个一”事项'),
    ...duplicates(t.categories, (c) => c.id, (i) => pointer('tables', 'categories', i, 'id'), '项目类别'),
    ...duplicates(t.regionClasses, (c) => c.class, (i) => pointer('tables', 'regionClasses', i, 'class'), '市州类别'),
    ...duplicates(doc.tests, (f) => f.name, (i) => pointer('tests', i, 'name'), '测试用例'),
  ];
}

function parameterProblems(p: Parameter, i: number): Problem[] {
  const at = pointer('parameters', i, 'value');
  const v = p.value;
  switch (p.type) {
    case 'amount':
      return Number.isSafeInteger(v) && (v as number) >= 0 ? [] : [{ pointer: at, message: '金额应为以元为单位的非负整数' }];
    case 'integer':
      return Number.isSafeInteger(v) ? [] : [{ pointer: at, message: '应为整数' }];
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? [] : [{ pointer: at, message: '应为数字' }];
    case 'date':
      return typeof v === 'string' && isCalendarDate(v) ? [] : [{ pointer: at, message: '应为真实存在的日期（YYYY-MM-DD）' }];
    case 'text':
      return typeof v === 'string' ? [] : [{ pointer: at, message: '应为文本' }];
    case 'boolean':
      return typeof v === 'boolean' ? [] : [{ pointer: at, message: '应为 true 或 false' }];
  }
}

function tableProblems(doc: RuleSetDocument): Problem[] {
  const problems: Problem[] = [];
  const params = new Map(doc.parameters.map((p) => [p.name, p]));
  const classes = new Set(doc.tables.regionClasses.map((c) => c.class));
  doc.tables.regionClasses.forEach((c, i) => {
    const p = params.get(c.quotaParameter);
    if (!p) problems.push({ pointer: pointer('tables', 'regionClasses', i, 'quotaParameter'), message: `引用了不存在的参数“${c.quotaParameter}”` });
    else if (p.type !== 'integer') problems.push({ pointer: pointer('tables', 'regionClasses', i, 'quotaParameter'), message: `参数“${c.quotaParameter}”应为整数类型` });
  });
  doc.tables.regions.forEach((r, i) => {
    if (!classes.has(r.class)) problems.push({ pointer: pointer('tables', 'regions', i, 'class'), message: `市州类别“${r.class}”未在 regionClasses 中定义` });
  });
  doc.tables.annex2Fields.forEach((f, i) => {
    if (!PROJECT_FIELD_PATHS.includes(f.path)) {
      problems.push({ pointer: pointer('tables', 'annex2Fields', i, 'path'), message: `项目没有字段“${f.path}”，可选：${PROJECT_FIELD_PATHS.join('、')}` });
    }
  });
  return problems;
}

function sampleContext(doc: RuleSetDocument, kind: SubjectKind | null): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  if (kind) for (const f of FACTS[kind]) facts[f.name] = SAMPLE_VALUES[f.type];
  for (const p of doc.parameters) facts[`param.${p.name}`] = p.value;
  return nestFacts(facts);
}

function ruleProblems(doc: RuleSetDocument): Problem[] {
  const problems: Problem[] = [];
  const params = new Set(doc.parameters.map((p) => `param.${p.name}`));
  const categories = new Set(doc.tables.categories.map((c) => c.id));
  const paramContext = sampleContext(doc, null);
  const contexts = { project: sampleContext(doc, 'project'), region: sampleContext(doc, 'region'), province: sampleContext(doc, 'province') };
  doc.rules.forEach((rule, i) => {
    const at = (...rest: (string | number)[]) => pointer('rules', i, ...rest);
    const rejected = engineRejects(rule);
    if (rejected) problems.push({ pointer: at('conditions'), message: `json-rules-engine 拒绝该规则：${rejected}` });
    if (rule.subject !== 'project' && rule.stage) problems.push({ pointer: at('stage'), message: '只有项目规则有阶段（申报/验收）' });
    if (rule.subject !== 'project' && rule.appliesTo) problems.push({ pointer: at('appliesTo'), message: '只有项目规则按项目类别适用' });
    (rule.appliesTo ?? []).forEach((c, j) => {
      if (!categories.has(c)) problems.push({ pointer: at('appliesTo', j), message: `项目类别“${c}”未在 tables.categories 中定义` });
    });
    const facts = factNames(rule.subject);
    const known = (name: string) => facts.has(name) || params.has(name);
    for (const { pointer: where, leaf } of leafConditions(rule.conditions)) {
      const condAt = at('conditions') + where;
      if (!OPERATORS.includes(leaf.operator)) {
        problems.push({ pointer: condAt + '/operator', message: `未知的运算符“${leaf.operator}”，可选：${OPERATORS.join('、')}` });
      }
      if (!known(leaf.fact)) problems.push({ pointer: condAt + '/fact', message: `未知的事实或参数“${leaf.fact}”` });
      for (const needed of FACT_PARAMETERS[leaf.fact] ?? []) {
        if (!params.has(`param.${needed}`)) problems.push({ pointer: condAt + '/fact', message: `事实“${leaf.fact}”需要参数“${needed}”，但规则集未定义` });
      }
      const value = leaf.value as Record<string, unknown> | null;
      if (value && typeof value === 'object' && !Array.isArray(value) && 'fact' in value) {
        if (typeof value.fact !== 'string' || !known(value.fact)) {
          problems.push({ pointer: condAt + '/value/fact', message: `未知的事实或参数“${String(value.fact)}”` });
        }
      }
      if (leaf.path !== undefined) problems.push({ pointer: condAt + '/path', message: '事实均为平铺名称，不支持 path' });
    }
    for (const key of ['pass', 'fail'] as const) {
      const problem = checkTemplate(rule.messages[key], contexts[rule.subject]);
      if (problem) problems.push({ pointer: at('messages', key), message: problem });
    }
    const requirementProblem = checkTemplate(rule.requirement, paramContext);
    if (requirementProblem) problems.push({ pointer: at('requirement'), message: `${requirementProblem}（要求只能引用参数 param.*）` });
  });
  return problems;
}

function fixtureProblems(doc: RuleSetDocument): Problem[] {
  const problems: Problem[] = [];
  const ruleIds = new Set(doc.rules.map((r) => r.id));
  doc.tests.forEach((t, i) => {
    if (!t.projects && !t.regions) problems.push({ pointer: pointer('tests', i), message: '测试用例需要 projects 或 regions' });
    for (const [subject, expected] of Object.entries(t.expect)) {
      for (const ruleId of Object.keys(expected)) {
        if (!ruleIds.has(ruleId)) problems.push({ pointer: pointer('tests', i, 'expect', subject, ruleId), message: `测试用例引用了不存在的规则“${ruleId}”` });
      }
    }
  });
  return problems;
}

import { toShanghaiDate } from '../common/dates';
import { InputError, Problem } from '../common/errors';
import { compileSchema, describeSchemaErrors } from '../common/json-validator';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { PROJECT_SCHEMA } from './project.schema';
import { Project } from './project.types';

const validateShape = compileSchema(PROJECT_SCHEMA);

/**
 * Checks a project body against the schema and the rule set's tables, and returns it normalised:
 * the region as its short name, dates as Shanghai calendar dates, text trimmed. Every problem is
 * reported at once with its JSON pointer (prefix locates the project inside a larger document).
 */
export function parseProject(input: unknown, index: RuleSetIndex, prefix = ''): Project {
  const problems = projectProblems(input, index);
  if (problems.length > 0) {
    throw new InputError(
      `项目数据有 ${problems.length} 处错误`,
      problems.map((p) => ({ ...p, pointer: prefix + p.pointer })),
    );
  }
  return normaliseProject(input as Project, index);
}

/**
 * Schema problems first, then the rule-set checks (unknown region, category …) on every field
 * whose type is right, so one answer lists every invalid field.
 */
export function projectProblems(input: unknown, index: RuleSetIndex): Problem[] {
  const problems = validateShape(input) ? [] : describeSchemaErrors(validateShape.errors);
  if (!input || typeof input !== 'object' || Array.isArray(input)) return problems;
  const flagged = new Set(problems.map((p) => p.pointer));
  const domain = domainProblems(input as Project, index).filter((d) => !flagged.has(d.pointer));
  return [...problems, ...domain];
}

function domainProblems(p: Project, index: RuleSetIndex): Problem[] {
  const problems: Problem[] = [];
  const isText = (v: unknown): v is string => typeof v === 'string';
  if (isText(p.region) && !index.region(p.region)) {
    problems.push({ pointer: '/region', message: `未知的市州“${p.region}”，可选：${index.regionNames().join('、')}` });
  }
  if (isText(p.category) && !index.category(p.category)) {
    const valid = index.doc.tables.categories.map((c) => `${c.id}（${c.label}）`).join('、');
    problems.push({ pointer: '/category', message: `未知的项目类别“${p.category}”，可选：${valid}` });
  }
  if (isText(p.industry) && p.industry && !index.doc.tables.industries.some((i) => i.id === p.industry)) {
    const valid = index.doc.tables.industries.map((i) => `${i.id}（${i.label}）`).join('、');
    problems.push({ pointer: '/industry', message: `未知的行业“${p.industry}”，可选：${valid}` });
  }
  for (const key of ['recommendation', 'summary'] as const) {
    const value = p.submitted && typeof p.submitted === 'object' ? p.submitted[key] : undefined;
    if (isText(value) && value && !toShanghaiDate(value)) {
      problems.push({ pointer: `/submitted/${key}`, message: `日期“${value}”无效，应为 YYYY-MM-DD 格式的真实日期` });
    }
  }
  (Array.isArray(p.deliverables) ? p.deliverables : []).forEach((id, i) => {
    if (isText(id) && !index.fiveOne(id)) {
      const valid = index.doc.tables.fiveOnes.map((f) => `${f.id}（${f.label}）`).join('、');
      problems.push({ pointer: `/deliverables/${i}`, message: `未知的“五个一”事项“${id}”，可选：${valid}` });
    }
  });
  if (isText(p.name) && !p.name.trim()) problems.push({ pointer: '/name', message: '不能为空' });
  return problems;
}

function trimAll<T>(value: T): T {
  if (typeof value === 'string') return value.trim() as T;
  if (Array.isArray(value)) return value.map(trimAll) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimAll(v)])) as T;
  }
  return value;
}

function normaliseProject(input: Project, index: RuleSetIndex): Project {
  const p = trimAll(input);
  p.region = index.region(p.region)!.name;
  if (p.submitted) {
    p.submitted = {
      ...p.submitted,
      recommendation: p.submitted.recommendation ? toShanghaiDate(p.submitted.recommendation) : p.submitted.recommendation,
      summary: p.submitted.summary ? toShanghaiDate(p.submitted.summary) : p.submitted.summary,
    };
  }
  return p;
}

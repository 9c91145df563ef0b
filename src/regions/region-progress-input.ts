import { toShanghaiDate } from '../common/dates';
import { InputError, Problem } from '../common/errors';
import { compileSchema, describeSchemaErrors } from '../common/json-validator';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { REGION_PROGRESS_SCHEMA } from './region-progress.schema';
import { RegionProgress } from './region-progress.types';

const validateShape = compileSchema(REGION_PROGRESS_SCHEMA);

/** Checks a region progress body and returns it with the region's short name and normalised dates. */
export function parseRegionProgress(input: unknown, index: RuleSetIndex, prefix = ''): RegionProgress {
  const problems = regionProgressProblems(input, index);
  if (problems.length > 0) {
    throw new InputError(
      `市州进度数据有 ${problems.length} 处错误`,
      problems.map((p) => ({ ...p, pointer: prefix + p.pointer })),
    );
  }
  const r = structuredClone(input as RegionProgress);
  r.region = index.region(r.region)!.name;
  if (r.submitted) {
    r.submitted = {
      plan: r.submitted.plan ? toShanghaiDate(r.submitted.plan) : r.submitted.plan,
      summary: r.submitted.summary ? toShanghaiDate(r.submitted.summary) : r.submitted.summary,
    };
  }
  r.counties = r.counties?.map((c) => ({ ...c, name: c.name.trim() })) ?? r.counties;
  return r;
}

/** Schema problems, then the rule-set checks on every field whose type is right. */
export function regionProgressProblems(input: unknown, index: RuleSetIndex): Problem[] {
  const problems = validateShape(input) ? [] : describeSchemaErrors(validateShape.errors);
  if (!input || typeof input !== 'object' || Array.isArray(input)) return problems;
  const flagged = new Set(problems.map((p) => p.pointer));
  return [...problems, ...domainProblems(input as RegionProgress, index).filter((d) => !flagged.has(d.pointer))];
}

function domainProblems(r: RegionProgress, index: RuleSetIndex): Problem[] {
  const problems: Problem[] = [];
  if (typeof r.region === 'string' && !index.region(r.region)) {
    problems.push({ pointer: '/region', message: `未知的市州“${r.region}”，可选：${index.regionNames().join('、')}` });
  }
  for (const key of ['plan', 'summary'] as const) {
    const value = r.submitted && typeof r.submitted === 'object' ? r.submitted[key] : undefined;
    if (typeof value === 'string' && value && !toShanghaiDate(value)) {
      problems.push({ pointer: `/submitted/${key}`, message: `日期“${value}”无效，应为 YYYY-MM-DD 格式的真实日期` });
    }
  }
  const names = new Set<string>();
  (Array.isArray(r.counties) ? r.counties : []).forEach((c, i) => {
    if (typeof c?.name !== 'string') return;
    const name = c.name.trim();
    if (names.has(name)) problems.push({ pointer: `/counties/${i}/name`, message: `县市区“${name}”重复` });
    names.add(name);
  });
  return problems;
}

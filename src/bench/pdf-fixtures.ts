import path from 'node:path';
import { Evaluator } from '../evaluation/evaluator';
import { Project } from '../projects/project.types';
import { ScorecardSource } from '../reports/report-view.types';
import { readJsonFile } from '../rule-sets/rule-set-files';
import { loadRuleSetFile } from '../rule-sets/rule-set-loader';
import { Stage } from '../rule-sets/rule-set.types';
import { setValueAt, valueAt } from '../subjects/field-values';

/** The recipe of sample projects: data about the 2022 notice, kept with the seed (see its description). */
interface SampleRecipe {
  regions: string[];
  products: string[];
  categories: string[];
  template: Record<string, unknown>;
  counters: { key: string; from: number; step: number; every?: number; categories?: string[] }[];
  byCategory: Record<string, Record<string, unknown>>;
  /** [to, from]: values that start as another's (local matching as much as the provincial funds). */
  copies: [string, string][];
  variants: { every: number; at: number; set?: Record<string, unknown>; half?: [string, string] }[];
}

const RECIPE_FILE = path.resolve(__dirname, '..', '..', 'prisma', 'seed', 'bench-projects-2022.json');
let recipe: SampleRecipe | null = null;

function fill(value: unknown, words: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\{(\w+)\}/g, (m, w: string) => words[w] ?? m);
  if (Array.isArray(value)) return value.map((v) => fill(v, words));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, words)]));
  return value;
}

/**
 * Deterministic sample projects for the benchmarks and report tests: a realistic mix of categories,
 * regions over quota, missing fields and late submissions, so scorecards show passes and failures.
 */
export function sampleProjects(count: number, year = 2022): Project[] {
  recipe ??= readJsonFile(RECIPE_FILE, '示例项目配方') as SampleRecipe;
  const r = recipe;
  return Array.from({ length: count }, (_, i) => {
    const region = r.regions[i % r.regions.length];
    const category = r.categories[i % r.categories.length];
    const product = r.products[i % r.products.length];
    const p = fill(structuredClone(r.template), { region, product, n: String(i + 1), year: String(year) }) as Record<string, unknown>;
    for (const c of r.counters) {
      if (!c.categories || c.categories.includes(category)) setValueAt(p, c.key, c.from + (c.every ? i % c.every : i) * c.step);
    }
    for (const [key, value] of Object.entries(r.byCategory[category] ?? {})) setValueAt(p, key, structuredClone(value));
    for (const [to, from] of r.copies) setValueAt(p, to, valueAt(p, from));
    for (const v of r.variants) {
      if (i % v.every !== v.at) continue;
      for (const [key, value] of Object.entries(v.set ?? {})) setValueAt(p, key, structuredClone(value));
      if (v.half) setValueAt(p, v.half[0], (valueAt(p, v.half[1]) as number) / 2);
    }
    return { ...p, id: `bench-${year}-${String(i + 1).padStart(3, '0')}`, year, region, category } as Project;
  });
}

/** Sample projects evaluated against the shipped 2022 rule set, ready to print. */
export async function sampleSources(count: number, stage: Stage = 'acceptance'): Promise<ScorecardSource[]> {
  const loaded = loadRuleSetFile('hubei-2022');
  const projects = sampleProjects(count);
  const report = await new Evaluator(loaded).evaluateProjectList(projects, stage);
  return report.evaluations.map((evaluation, i) => ({
    evaluationId: `sample-${i + 1}`,
    evaluatedAt: '2022-12-20',
    ruleSet: report.ruleSet,
    stage: report.stage,
    evaluation,
    document: loaded.document,
    project: projects[i],
  }));
}

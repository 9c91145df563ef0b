import { Project } from '../projects/project.types';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { Facts } from './fact-catalogue';

/** What a project's facts need from outside the project itself. */
export interface ProjectContext {
  /** New projects of the same region and year, this one included (API: stored; CLI: the file). */
  newProjectsInRegion: number;
}

function valueAt(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  return true;
}

/** Turns a validated project into the flat facts its rules read. Pure: same input, same facts. */
export function buildProjectFacts(p: Project, index: RuleSetIndex, ctx: ProjectContext): Facts {
  const region = index.region(p.region);
  const rating = p.predecessor ? index.rating2021(p.predecessor) : undefined;
  const missingFields = index.doc.tables.annex2Fields.filter((f) => !isFilled(valueAt(p, f.path))).map((f) => f.label);
  const delivered = new Set(p.deliverables ?? []);
  const missingItems = index.doc.tables.fiveOnes.filter((f) => !delivered.has(f.id)).map((f) => f.label);
  return {
    'project.id': p.id,
    'project.name': p.name,
    'project.year': p.year,
    'project.category': p.category,
    'project.categoryLabel': index.categoryLabel(p.category),
    'project.industry': p.industry ?? null,
    'project.industryLabel': index.doc.tables.industries.find((i) => i.id === p.industry)?.label ?? null,
    'funding.provincial': p.funding?.provincial ?? null,
    'funding.localMatching': p.funding?.localMatching ?? null,
    'funding.sourceSecured': p.funding?.sourceSecured ?? null,
    'region.name': region?.name ?? p.region,
    'region.class': region?.class ?? null,
    'region.classLabel': region ? (index.regionClass(region.class)?.label ?? region.class) : null,
    'region.newProjects': ctx.newProjectsInRegion,
    'region.quota': region ? index.quotaOf(region) : null,
    'predecessor.name': p.predecessor ?? null,
    'predecessor.rating': rating?.rating ?? null,
    'pairing.named': index.isPairingProject(p.name),
    'submitted.recommendation': p.submitted?.recommendation ?? null,
    'submitted.summary': p.submitted?.summary ?? null,
    'form.missingFields': missingFields,
    'form.missingCount': missingFields.length,
    'deliverables.missing': missingItems,
    'deliverables.missingCount': missingItems.length,
    'deliverables.deliveredCount': index.doc.tables.fiveOnes.length - missingItems.length,
    'progress.trainings': p.progress?.trainings ?? null,
    'progress.trainees': p.progress?.trainees ?? null,
    'progress.enterprisesServed': p.progress?.enterprisesServed ?? null,
    'progress.problemsSolved': p.progress?.problemsSolved ?? null,
    'progress.publicityItems': p.progress?.publicityItems ?? null,
  };
}

/** Counts new projects per region and year within a list, for the quota rule. */
export function countNewProjects(projects: Pick<Project, 'year' | 'region' | 'category'>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of projects) {
    if (p.category !== 'new') continue;
    const key = `${p.year}|${p.region}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

import { Injectable } from '@nestjs/common';
import { Evaluator } from '../evaluation/evaluator';
import { SubjectEvaluation } from '../evaluation/evaluation.types';
import { PrismaService } from '../prisma/prisma.service';
import { Project } from '../projects/project.types';
import { RegionProgress } from '../regions/region-progress.types';
import { Stage } from '../rule-sets/rule-set.types';
import { asLoaded, RuleSetDraftsService } from './rule-set-drafts.service';
import { RuleSetsService } from './rule-sets.service';

export interface SubjectImpact {
  subject: SubjectEvaluation['subject'];
  stage: string;
  before: { compliant: boolean; score: number | null; grade: string | null };
  after: { compliant: boolean; score: number | null; grade: string | null };
  rules: { ruleId: string; title: string; before: string; after: string; beforeMessage: string; afterMessage: string }[];
}

/**
 * What a draft would change: every stored project (both stages) and region of a year evaluated
 * under the draft and under the version in force, listing the subjects whose outcome, compliance,
 * score or grade moves, rule by rule. Nothing is stored.
 */
@Injectable()
export class RuleSetImpactService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly ruleSets: RuleSetsService,
    private readonly drafts: RuleSetDraftsService,
  ) {}

  async preview(id: string, yearParam?: number) {
    const draft = await this.drafts.get(id);
    const set = await this.ruleSets.requireSet(id);
    // Compare with this rule set's active version, else with what the draft was copied from.
    const againstRef = set.activeVersion ? { id, version: set.activeVersion } : draft.baseVersion ? { id: draft.baseRuleSetId ?? id, version: draft.baseVersion } : null;
    const against = againstRef ? await this.ruleSets.loadVersion(againstRef.id, againstRef.version) : null;
    const year = yearParam ?? (await this.yearWithData(draft.document.year, against?.document.year));
    const after = new Evaluator(asLoaded(draft));
    const before = against ? this.ruleSets.evaluatorFor(against) : null;

    const projects = (await this.prisma.project.findMany({ where: { year }, orderBy: { id: 'asc' } })).map((r) => JSON.parse(r.body) as Project);
    const regions = (await this.prisma.regionProgress.findMany({ where: { year }, orderBy: { id: 'asc' } })).map((r) => JSON.parse(r.body) as RegionProgress);
    const changed: SubjectImpact[] = [];
    const members = { project: projects, region: regions };
    const [ledgerBefore, ledgerAfter] = [before?.ledger(members), after.ledger(members)];
    for (const stage of ['application', 'acceptance'] as Stage[]) {
      for (const p of projects) {
        const a = before ? await before.evaluateProject(p, stage, ledgerBefore!) : null;
        const b = await after.evaluateProject(p, stage, ledgerAfter);
        const impact = this.compare(a, b, stage);
        if (impact) changed.push(impact);
      }
    }
    const beforeRegions = before && regions.length ? (await before.evaluateRegionList(regions)).evaluations : [];
    const afterRegions = regions.length ? (await after.evaluateRegionList(regions)).evaluations : [];
    afterRegions.forEach((b, i) => {
      const impact = this.compare(beforeRegions[i] ?? null, b, 'progress');
      if (impact) changed.push(impact);
    });
    return {
      year,
      draft: { id, version: draft.version, revision: draft.revision, hash: draft.hash },
      against: against ? { id: againstRef!.id, version: against.version, hash: against.hash } : null,
      evaluated: { projects: projects.length, regions: regions.length },
      changed,
    };
  }

  private async yearWithData(draftYear: number, againstYear?: number): Promise<number> {
    if (againstYear === undefined || (await this.prisma.project.count({ where: { year: draftYear } })) > 0) return draftYear;
    return againstYear;
  }

  private compare(a: SubjectEvaluation | null, b: SubjectEvaluation, stage: string): SubjectImpact | null {
    const beforeById = new Map((a?.results ?? []).map((r) => [r.ruleId, r]));
    const rules: SubjectImpact['rules'] = b.results
      .map((r) => ({ r, old: beforeById.get(r.ruleId) }))
      .filter(({ r, old }) => (old?.outcome ?? 'missing') !== r.outcome)
      .map(({ r, old }) => ({ ruleId: r.ruleId, title: r.title, before: old?.outcome ?? 'missing', after: r.outcome, beforeMessage: old?.message ?? '', afterMessage: r.message }));
    for (const old of a?.results ?? []) {
      if (!b.results.some((r) => r.ruleId === old.ruleId)) {
        rules.push({ ruleId: old.ruleId, title: old.title, before: old.outcome, after: 'removed', beforeMessage: old.message, afterMessage: '' });
      }
    }
    const summary = (e: SubjectEvaluation | null) => ({ compliant: e?.compliant ?? false, score: e?.score ?? null, grade: e?.grade ?? null });
    const moved = !a || a.compliant !== b.compliant || a.score !== b.score || a.grade !== b.grade;
    if (rules.length === 0 && !moved) return null;
    return { subject: b.subject, stage, before: summary(a), after: summary(b), rules };
  }
}

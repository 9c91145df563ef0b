import { Project } from '../projects/project.types';
import { RegionProgress } from '../regions/region-progress.types';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { EvaluationStage, LoadedRuleSet, Outcome, RuleDefinition, Stage, SubjectKind } from '../rule-sets/rule-set.types';
import { EvaluationReport, RuleOutcome, RuleSetRef, SubjectEvaluation, SubjectRef } from './evaluation.types';
import { Facts } from './fact-catalogue';
import { buildProjectFacts, countNewProjects, ProjectContext } from './project-facts';
import { buildProvinceFacts, buildRegionFacts } from './region-facts';
import { nestFacts, renderMessage } from './messages';
import { CompiledRules, ConditionResult } from './rules-engine';
import { gradeOf, isCompliant, scoreOf } from './scoring';

interface EvaluationPlan {
  scored: boolean;
  applicable: RuleDefinition[];
  applicableIds: string[];
  skipped: Map<string, RuleOutcome>;
}

const SUBJECT_LABELS: Record<SubjectKind, string> = { project: '示范项目', region: '市州进度', province: '全省汇总' };
const STAGE_LABELS: Record<Stage, string> = { application: '申报审查', acceptance: '验收评价' };

/**
 * Evaluates subjects against one loaded rule-set version. Every rule of the rule set yields a
 * result: rules that do not apply to the subject, its stage or its category are reported as
 * not_applicable with the reason, never left out.
 */
export class Evaluator {
  readonly index: RuleSetIndex;
  private readonly compiled: CompiledRules;
  private readonly paramFacts: Facts;
  private readonly paramContext: Record<string, unknown>;
  private readonly requirements = new Map<string, string>();
  private readonly plans = new Map<string, EvaluationPlan>();

  constructor(readonly ruleSet: LoadedRuleSet) {
    this.index = new RuleSetIndex(ruleSet.document);
    this.paramFacts = Object.fromEntries(Object.entries(this.index.params).map(([k, v]) => [`param.${k}`, v]));
    this.compiled = new CompiledRules(ruleSet.document.rules, this.paramFacts);
    this.paramContext = nestFacts(this.paramFacts);
    for (const rule of ruleSet.document.rules) this.requirements.set(rule.id, renderMessage(rule.requirement, this.paramContext));
  }

  get ref(): RuleSetRef {
    return { id: this.ruleSet.document.id, version: this.ruleSet.version, hash: this.ruleSet.hash };
  }

  async evaluateProject(project: Project, stage: Stage, ctx: ProjectContext): Promise<SubjectEvaluation> {
    const facts = buildProjectFacts(project, this.index, ctx);
    const subject: SubjectRef = { kind: 'project', id: project.id, name: project.name, region: project.region, year: project.year };
    const plan = this.plan(`project|${stage}|${project.category}`, stage, (rule) => this.projectInapplicability(rule, stage, project.category));
    return this.evaluate(subject, facts, stage, plan);
  }

  async evaluateRegion(record: RegionProgress): Promise<SubjectEvaluation> {
    const facts = buildRegionFacts(record, this.index);
    const subject: SubjectRef = { kind: 'region', id: record.region, name: record.region, region: record.region, year: record.year };
    return this.evaluate(subject, facts, 'progress', this.plan('region', 'progress', (rule) => this.kindInapplicability(rule, 'region')));
  }

  async evaluateProvince(year: number, records: RegionProgress[]): Promise<SubjectEvaluation> {
    const facts = buildProvinceFacts(year, records, this.index);
    const subject: SubjectRef = { kind: 'province', id: 'province', name: '全省', region: null, year };
    return this.evaluate(subject, facts, 'progress', this.plan('province', 'progress', (rule) => this.kindInapplicability(rule, 'province')));
  }

  /** Evaluates a list of projects; the quota counts new projects within the list (CLI contract). */
  async evaluateProjectList(projects: Project[], stage: Stage): Promise<EvaluationReport> {
    const counts = countNewProjects(projects);
    const evaluations: SubjectEvaluation[] = [];
    for (const p of projects) {
      evaluations.push(await this.evaluateProject(p, stage, { newProjectsInRegion: counts.get(`${p.year}|${p.region}`) ?? 0 }));
    }
    return { ruleSet: this.ref, stage, evaluations };
  }

  /** Evaluates region records, then the province aggregate of each year present. */
  async evaluateRegionList(records: RegionProgress[]): Promise<EvaluationReport> {
    const evaluations: SubjectEvaluation[] = [];
    for (const r of records) evaluations.push(await this.evaluateRegion(r));
    for (const year of [...new Set(records.map((r) => r.year))].sort()) {
      evaluations.push(await this.evaluateProvince(year, records.filter((r) => r.year === year)));
    }
    return { ruleSet: this.ref, stage: 'progress', evaluations };
  }

  private kindInapplicability(rule: RuleDefinition, kind: SubjectKind): string | null {
    return rule.subject === kind ? null : `不适用：本条适用于${SUBJECT_LABELS[rule.subject]}`;
  }

  private projectInapplicability(rule: RuleDefinition, stage: Stage, category: string): string | null {
    const byKind = this.kindInapplicability(rule, 'project');
    if (byKind) return byKind;
    if (rule.stage && rule.stage !== stage) return `不适用：本条属于${STAGE_LABELS[rule.stage]}阶段`;
    if (rule.appliesTo && !rule.appliesTo.includes(category)) {
      return `不适用：本条仅适用于${rule.appliesTo.map((c) => this.index.categoryLabel(c)).join('、')}`;
    }
    return null;
  }

  /**
   * Which rules apply, and the shared not_applicable results of the others, for one kind of
   * subject (kind, stage, category). Computed once: most of a project's rules do not apply to it,
   * and sharing those frozen results keeps a 10,000-project batch light on memory.
   */
  private plan(key: string, stage: EvaluationStage, inapplicability: (rule: RuleDefinition) => string | null): EvaluationPlan {
    let plan = this.plans.get(key);
    if (!plan) {
      const scored = this.ruleSet.document.scoring.stages.includes(stage as Stage);
      const applicable: RuleDefinition[] = [];
      const skipped = new Map<string, RuleOutcome>();
      for (const rule of this.ruleSet.document.rules) {
        const reason = inapplicability(rule);
        if (reason === null) applicable.push(rule);
        else skipped.set(rule.id, Object.freeze(this.outcome(rule, scored, 'not_applicable', reason, [])));
      }
      plan = { scored, applicable, applicableIds: applicable.map((r) => r.id), skipped };
      this.plans.set(key, plan);
    }
    return plan;
  }

  private outcome(rule: RuleDefinition, scored: boolean, outcome: Outcome, message: string, conditions: ConditionResult[]): RuleOutcome {
    const points = scored && rule.points !== undefined ? rule.points : null;
    return {
      ruleId: rule.id, title: rule.title, clause: rule.clause, category: rule.category, severity: rule.severity,
      requirement: this.requirements.get(rule.id)!, points,
      earned: points === null || outcome === 'not_applicable' ? null : outcome === 'pass' ? points : 0,
      outcome, message, conditions,
    };
  }

  private async evaluate(subject: SubjectRef, facts: Facts, stage: EvaluationStage, plan: EvaluationPlan): Promise<SubjectEvaluation> {
    const runs = await this.compiled.run(plan.applicableIds, facts);
    const context = plan.applicable.length > 0 ? nestFacts(facts, this.paramContext) : {};
    const results = this.ruleSet.document.rules.map((rule) => {
      const run = runs.get(rule.id);
      if (!run) return plan.skipped.get(rule.id)!;
      const message = renderMessage(run.passed ? rule.messages.pass : rule.messages.fail, context);
      return this.outcome(rule, plan.scored, run.passed ? 'pass' : 'fail', message, run.conditions);
    });
    const score = scoreOf(results, this.ruleSet.document.scoring, stage);
    return { subject, compliant: isCompliant(results), score, grade: gradeOf(score, this.ruleSet.document.scoring), results, facts };
  }
}

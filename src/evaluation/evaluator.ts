import { RuleSetIndex } from '../rule-sets/rule-set-index';
import {
  ConditionNode, DerivedFact, EvaluationStage, FieldDefinition, LoadedRuleSet, Outcome, RuleDefinition, Stage, SubjectKind,
} from '../rule-sets/rule-set.types';
import { yieldEvery } from '../common/event-loop';
import { isFilled } from '../subjects/field-values';
import { SUBJECT_LABELS, SubjectRecord } from '../subjects/subject-identity';
import { AggregateLedger, AggregatePrograms } from './aggregates';
import { EvaluationReport, RuleOutcome, RuleSetRef, SubjectEvaluation, SubjectRef } from './evaluation.types';
import { Facts } from './fact-catalogue';
import { formatValue } from './fact-format';
import { FactProgram } from './fact-program';
import { MessageRenderer, messageRendererFor } from './message-renderer';
import { reportFacts } from './report-facts';
import { CompiledRules, ConditionResult, leafConditions } from './rules-engine';
import { gradeOf, isCompliant, scoreOf } from './scoring';

interface EvaluationPlan {
  scored: boolean;
  applicable: RuleDefinition[];
  applicableIds: string[];
  skipped: Map<string, RuleOutcome>;
  /** The derived facts this kind of subject needs: those its rules and its reports read. */
  derived: DerivedFact[];
  /** The input fields kept as facts: those its rules and reports read. */
  inputs: FieldDefinition[];
}

const STAGE_LABELS: Record<Stage, string> = { application: '申报审查', acceptance: '验收评价' };

/** Members of a batch whose aggregates the subjects read (the quota's projects, the province's regions). */
export interface BatchMembers {
  project?: SubjectRecord[];
  region?: SubjectRecord[];
}

/** The facts a rule reads: its conditions' facts and fact-valued sides, its messages' placeholders. */
export function ruleFactNames(rule: RuleDefinition, renderer: MessageRenderer): string[] {
  const names = new Set<string>();
  for (const { leaf } of leafConditions(rule.conditions)) {
    names.add(leaf.fact);
    const value = leaf.value as { fact?: unknown } | null;
    if (value && typeof value === 'object' && typeof value.fact === 'string') names.add(value.fact);
  }
  for (const text of [rule.messages.pass, rule.messages.fail, ...(rule.messages.missing ?? []).map((m) => m.message)]) {
    for (const n of renderer.references(text)) names.add(n);
  }
  for (const m of rule.messages.missing ?? []) names.add(m.fact);
  return [...names];
}

/**
 * Evaluates subjects against one loaded rule-set version. Every rule of the rule set yields a
 * result: rules that do not apply to the subject, its stage or its category are reported as
 * not_applicable with the reason, never left out.
 */
export class Evaluator {
  readonly index: RuleSetIndex;
  readonly programs: Record<SubjectKind, FactProgram>;
  readonly aggregates: AggregatePrograms;
  readonly messages: MessageRenderer;
  private readonly compiled: CompiledRules;
  private readonly requirements = new Map<string, string>();
  private readonly plans = new Map<string, EvaluationPlan>();

  constructor(readonly ruleSet: LoadedRuleSet) {
    const doc = ruleSet.document;
    this.index = new RuleSetIndex(doc);
    this.programs = {
      project: new FactProgram(doc, this.index.facts, 'project'),
      region: new FactProgram(doc, this.index.facts, 'region'),
      province: new FactProgram(doc, this.index.facts, 'province'),
    };
    this.aggregates = new AggregatePrograms(doc);
    this.messages = messageRendererFor(this.index);
    const paramFacts = Object.fromEntries(Object.entries(this.index.params).map(([k, v]) => [`param.${k}`, v]));
    this.compiled = new CompiledRules(doc.rules, paramFacts);
    for (const rule of doc.rules) this.requirements.set(rule.id, this.messages.render(rule.requirement, 'project', {}));
  }

  get ref(): RuleSetRef {
    return { id: this.ruleSet.document.id, version: this.ruleSet.version, hash: this.ruleSet.hash };
  }

  /** The aggregates of a batch: computed once here, read by every subject evaluated with it. */
  ledger(members: BatchMembers = {}): AggregateLedger {
    return AggregateLedger.empty(this.aggregates)
      .with('project', members.project ?? [])
      .with('region', members.region ?? []);
  }

  /** One subject: its facts, then every rule. `ledger` holds the batch's aggregates. */
  async evaluate(kind: SubjectKind, record: SubjectRecord, stage: EvaluationStage, ledger: AggregateLedger): Promise<SubjectEvaluation> {
    const category = kind === 'project' ? String(record.category) : '';
    const plan = this.plan(kind, stage, category);
    const facts = this.programs[kind].compute(record, { stage, aggregate: (name) => this.aggregateValue(name, record, ledger) }, plan.derived, undefined, plan.inputs);
    return this.run(this.subjectOf(kind, record), facts, stage, plan, kind);
  }

  async evaluateProject(project: SubjectRecord, stage: Stage, ledger: AggregateLedger): Promise<SubjectEvaluation> {
    return this.evaluate('project', project, stage, ledger);
  }

  async evaluateRegion(record: SubjectRecord, ledger: AggregateLedger = this.ledger({ region: [record] })): Promise<SubjectEvaluation> {
    return this.evaluate('region', record, 'progress', ledger);
  }

  /** The province of a year: its facts aggregate the year's region records in the ledger. */
  async evaluateProvince(year: number, ledger: AggregateLedger): Promise<SubjectEvaluation> {
    return this.evaluate('province', { year }, 'progress', ledger);
  }

  /** Evaluates a list of projects; aggregates (the quota's count) run over the list (CLI contract). */
  async evaluateProjectList(projects: SubjectRecord[], stage: Stage): Promise<EvaluationReport> {
    return { ruleSet: this.ref, stage, evaluations: await collect(this.eachProject(projects, stage)) };
  }

  /** The evaluations of a list of projects one by one, so a caller can write each and let it go. */
  async *eachProject(projects: SubjectRecord[], stage: Stage): AsyncGenerator<SubjectEvaluation> {
    const ledger = this.ledger({ project: projects });
    const pause = yieldEvery();
    for (const p of projects) {
      await pause();
      yield await this.evaluateProject(p, stage, ledger);
    }
  }

  /** Evaluates region records, then the province aggregate of each year present. */
  async evaluateRegionList(records: SubjectRecord[]): Promise<EvaluationReport> {
    return { ruleSet: this.ref, stage: 'progress', evaluations: await collect(this.eachRegion(records)) };
  }

  async *eachRegion(records: SubjectRecord[]): AsyncGenerator<SubjectEvaluation> {
    const ledger = this.ledger({ region: records });
    const pause = yieldEvery();
    for (const r of records) {
      await pause();
      yield await this.evaluateRegion(r, ledger);
    }
    for (const year of [...new Set(records.map((r) => Number(r.year)))].sort()) {
      yield await this.evaluateProvince(year, this.ledger({ region: records.filter((r) => r.year === year) }));
    }
  }

  private aggregateValue(name: string, record: SubjectRecord, ledger: AggregateLedger): number | null {
    const aggregate = this.ruleSet.document.aggregates.find((a) => a.name === name);
    return aggregate ? ledger.valueFor(aggregate, record) : null;
  }

  private subjectOf(kind: SubjectKind, r: SubjectRecord): SubjectRef {
    const year = Number(r.year);
    if (kind === 'project') return { kind, id: String(r.id), name: String(r.name), region: String(r.region), year };
    if (kind === 'region') return { kind, id: String(r.region), name: String(r.region), region: String(r.region), year };
    return { kind, id: 'province', name: '全省', region: null, year };
  }

  private inapplicability(rule: RuleDefinition, kind: SubjectKind, stage: EvaluationStage, category: string): string | null {
    if (rule.subject !== kind) return `不适用：本条适用于${SUBJECT_LABELS[rule.subject]}`;
    if (kind !== 'project') return null;
    if (rule.stage && rule.stage !== stage) return `不适用：本条属于${STAGE_LABELS[rule.stage]}阶段`;
    if (rule.appliesTo && !rule.appliesTo.includes(category)) {
      return `不适用：本条仅适用于${rule.appliesTo.map((c) => this.index.categoryLabel(c)).join('、')}`;
    }
    return null;
  }

  /**
   * Which rules apply, the shared not_applicable results of the others, and the derived facts
   * to compute, for one kind of subject (kind, stage, category). Computed once: most of a
   * project's rules do not apply to it, and sharing those frozen results keeps a 10,000-project
   * batch light on memory.
   */
  private plan(kind: SubjectKind, stage: EvaluationStage, category: string): EvaluationPlan {
    const key = `${kind}|${stage}|${category}`;
    let plan = this.plans.get(key);
    if (!plan) {
      const doc = this.ruleSet.document;
      const scored = doc.scoring.stages.includes(stage as Stage);
      const applicable: RuleDefinition[] = [];
      const skipped = new Map<string, RuleOutcome>();
      for (const rule of doc.rules) {
        const reason = this.inapplicability(rule, kind, stage, category);
        if (reason === null) applicable.push(rule);
        else skipped.set(rule.id, Object.freeze(this.outcome(rule, scored, 'not_applicable', reason, [])));
      }
      const wanted = new Set([...applicable.flatMap((r) => ruleFactNames(r, this.messages)), ...reportFacts(doc, kind)]);
      const inputs = this.index.fields(kind).filter((f) => wanted.has(f.key));
      plan = { scored, applicable, applicableIds: applicable.map((r) => r.id), skipped, derived: this.programs[kind].neededFor(wanted), inputs };
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

  /** The message of a failed rule: the first declared message for a fact not filled in, else the failure's. */
  private failMessage(rule: RuleDefinition, kind: SubjectKind, facts: Facts): string {
    for (const m of rule.messages.missing ?? []) {
      if (!isFilled(facts[m.fact])) return this.messages.render(m.message, kind, facts);
    }
    if (!this.messages.wordsMissingFacts) {
      const unfilled = conditionFacts(rule.conditions).filter((f) => !f.startsWith('param.') && !isFilled(facts[f]));
      if (unfilled.length > 0) {
        return `${unfilled.map((f) => `“${this.index.facts.get(kind, f)?.label ?? f}”`).join('、')}未填写`;
      }
    }
    return this.messages.render(rule.messages.fail, kind, facts);
  }

  private async run(subject: SubjectRef, facts: Facts, stage: EvaluationStage, plan: EvaluationPlan, kind: SubjectKind): Promise<SubjectEvaluation> {
    const runs = await this.compiled.run(plan.applicableIds, facts);
    const results = this.ruleSet.document.rules.map((rule) => {
      const run = runs.get(rule.id);
      if (!run) return plan.skipped.get(rule.id)!;
      const message = run.passed ? this.messages.render(rule.messages.pass, kind, facts) : this.failMessage(rule, kind, facts);
      return this.outcome(rule, plan.scored, run.passed ? 'pass' : 'fail', message, run.conditions);
    });
    const score = scoreOf(results, this.ruleSet.document.scoring, stage);
    return { subject, compliant: isCompliant(results), score, grade: gradeOf(score, this.ruleSet.document.scoring), results, facts };
  }

  /** A fact's value as messages and reports word it. */
  word(kind: SubjectKind, name: string, value: unknown): string {
    const info = this.index.facts.get(kind, name);
    return formatValue(info?.type, value, info?.table ? (key) => this.index.rowLabel(info.table!, key) : undefined);
  }
}

async function collect<T>(items: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The facts a rule's conditions compare (left-hand sides and fact-valued right-hand sides). */
function conditionFacts(node: ConditionNode): string[] {
  return leafConditions(node).flatMap(({ leaf }) => {
    const value = leaf.value as { fact?: unknown } | null;
    return value && typeof value === 'object' && typeof value.fact === 'string' ? [leaf.fact, value.fact] : [leaf.fact];
  });
}

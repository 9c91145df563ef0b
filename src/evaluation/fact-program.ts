import { DerivedFact, EvaluationStage, FactType, FieldDefinition, RuleSetDocument, SubjectKind } from '../rule-sets/rule-set.types';
import { IDENTITY, SubjectRecord } from '../subjects/subject-identity';
import { isFilled, valueAt } from '../subjects/field-values';
import { CelEnvironment, CelProgram, CelRuntimeError, fromCel } from './cel/cel-engine';
import { CelType } from './cel/cel-types';
import { factNamespaceTypes, inputCelType, subjectVariables, valueCelType } from './cel/notice-variables';
import { FactCatalogue, Facts } from './fact-catalogue';

/** The facts an expression reads: chains of CEL member access mapped onto declared fact names. */
export function factReferences(env: CelEnvironment, expression: string, namespaces: Set<string>, known: (name: string) => boolean): string[] {
  const found = new Set<string>();
  for (const chain of env.references(expression)) {
    if (!namespaces.has(chain[0])) continue;
    for (let n = chain.length; n >= 2; n--) {
      const name = chain.slice(0, n).join('.');
      if (known(name)) {
        found.add(name);
        break;
      }
    }
  }
  return [...found];
}

/** Derived facts in an order where each comes after the facts it reads; or the cycle that forbids one. */
export function orderFacts(facts: DerivedFact[], reads: Map<string, string[]>): { order: DerivedFact[] } | { cycle: string[] } {
  const byName = new Map(facts.map((f) => [f.name, f]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: DerivedFact[] = [];
  const visit = (name: string, path: string[]): string[] | null => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    for (const dep of reads.get(name) ?? []) {
      if (!byName.has(dep)) continue;
      const cycle = visit(dep, [...path, name]);
      if (cycle) return cycle;
    }
    state.set(name, 'done');
    order.push(byName.get(name)!);
    return null;
  };
  for (const f of facts) {
    const cycle = visit(f.name, []);
    if (cycle) return { cycle };
  }
  return { order };
}

/** Labels of the required fields a subject has not filled in, for its stage and category. */
export function missingRequired(fields: FieldDefinition[], record: SubjectRecord, stage: EvaluationStage, category: string | undefined): string[] {
  const missing: string[] = [];
  for (const f of fields) {
    const when = f.required;
    if (!when) continue;
    if (when !== true) {
      if (when.stages && !when.stages.includes(stage as never)) continue;
      if (when.categories && (category === undefined || !when.categories.includes(category))) continue;
    }
    if (!isFilled(valueAt(record, f.key))) missing.push(f.label);
  }
  return missing;
}

/**
 * An input field's value as its declared type says, or null: a record stored under another year's
 * model (a text where this one declares a number) reads as not filled in, never as a crash.
 */
function inputValue(field: FieldDefinition, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'integer':
    case 'amount':
    case 'number': return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'boolean': return typeof value === 'boolean' ? value : null;
    case 'multiChoice':
    case 'rows': return Array.isArray(value) ? value : null;
    default: return typeof value === 'string' ? value : null;
  }
}

/** A derived fact's value as its declared type says, or null (not filled in). */
function coerce(type: FactType, value: unknown): unknown {
  switch (type) {
    case 'integer':
    case 'amount':
    case 'number': return typeof value === 'number' ? value : null;
    case 'boolean': return typeof value === 'boolean' ? value : null;
    case 'list': return Array.isArray(value) ? value : null;
    default: return typeof value === 'string' ? value : null;
  }
}

interface CompiledFact {
  fact: DerivedFact;
  program: CelProgram;
  type: CelType;
}

/** What a subject's derived facts see besides its record: the stage and the batch's aggregates. */
export interface FactContext {
  stage: EvaluationStage;
  /** The value of an aggregate for this subject's group. */
  aggregate: (name: string) => number | null;
}

/**
 * A rule set's facts for one subject kind, compiled: the CEL environment, the derived facts in
 * dependency order, and the computation of a subject's facts — identity, inputs, aggregates and
 * those derived facts a caller needs (only those: a project's category makes most rules, and the
 * facts they read, not apply).
 */
export class FactProgram {
  readonly env: CelEnvironment;
  readonly order: DerivedFact[];
  private readonly reads = new Map<string, string[]>();
  private readonly compiled = new Map<string, CompiledFact>();
  private readonly namespaceTypes: Record<string, CelType & { kind: 'object' }>;
  private readonly inputType: CelType;
  private readonly fields: FieldDefinition[];
  private readonly aggregates: string[];
  private readonly constants: Record<string, unknown>;

  constructor(
    readonly doc: RuleSetDocument,
    readonly catalogue: FactCatalogue,
    readonly kind: SubjectKind,
  ) {
    this.env = new CelEnvironment(subjectVariables(doc, catalogue, kind));
    this.namespaceTypes = factNamespaceTypes(catalogue, kind);
    this.inputType = inputCelType(doc, kind);
    this.fields = doc.model[kind]?.fields ?? [];
    this.aggregates = doc.aggregates.filter((a) => a.subject === kind).map((a) => a.name);
    const derived = doc.facts.filter((f) => f.subject === kind);
    const namespaces = new Set(Object.keys(this.namespaceTypes));
    for (const f of derived) {
      this.reads.set(f.name, factReferences(this.env, f.cel, namespaces, (n) => catalogue.get(kind, n)?.source !== undefined));
    }
    const ordered = orderFacts(derived, this.reads);
    if ('cycle' in ordered) throw new Error(`derived facts form a cycle: ${ordered.cycle.join(' → ')}`);
    this.order = ordered.order;
    for (const f of this.order) this.compiled.set(f.name, { fact: f, program: this.env.compile(f.cel), type: valueCelType(f.type) });
    this.constants = {
      param: Object.fromEntries(doc.parameters.map((p) => [p.name, p.value])),
      tables: this.env.toCel(subjectVariables(doc, catalogue, kind).tables, Object.fromEntries(Object.entries(doc.tables).map(([n, t]) => [n, t.rows]))),
    };
  }

  /** Facts a derived fact reads directly (derived, aggregate or identity). */
  readsOf(name: string): string[] {
    return this.reads.get(name) ?? [];
  }

  /** The derived facts to compute so that every fact in `names` is known, in evaluation order. */
  neededFor(names: Iterable<string>): DerivedFact[] {
    const wanted = new Set<string>();
    const add = (name: string) => {
      if (wanted.has(name) || !this.compiled.has(name)) return;
      wanted.add(name);
      for (const dep of this.readsOf(name)) add(dep);
    };
    for (const n of names) add(n);
    return this.order.filter((f) => wanted.has(f.name));
  }

  /**
   * The facts of one subject: identity, the aggregates, the derived facts asked for (default all)
   * and the input fields named in `inputs` (default all). An evaluation keeps the facts its rules
   * and reports read, not a copy of the whole record.
   */
  compute(record: SubjectRecord, ctx: FactContext, derived: DerivedFact[] = this.order, errors?: Map<string, string>, inputs: FieldDefinition[] = this.fields): Facts {
    const facts: Facts = {};
    const namespaces: Record<string, Record<string, unknown>> = {};
    for (const [ns, type] of Object.entries(this.namespaceTypes)) namespaces[ns] = this.env.emptyObject(type);
    const put = (name: string, value: unknown, type: CelType) => {
      facts[name] = value;
      if (value === null || value === undefined) return;
      const parts = name.split('.');
      let node = namespaces[parts[0]];
      if (!node) return;
      for (const part of parts.slice(1, -1)) node = node[part] as Record<string, unknown>;
      node[parts[parts.length - 1]] = this.env.toCel(type, value);
    };
    for (const id of IDENTITY[this.kind]) put(id.fact, record[id.key] ?? null, valueCelType(id.type));
    for (const f of inputs) facts[f.key] = inputValue(f, valueAt(record, f.key));
    for (const name of this.aggregates) put(name, ctx.aggregate(name), valueCelType('number'));
    const context: Record<string, unknown> = {
      ...namespaces,
      ...this.constants,
      input: this.env.toCel(this.inputType, record),
      stage: ctx.stage,
      missingFields: missingRequired(this.fields, record, ctx.stage, typeof record.category === 'string' ? record.category : undefined),
    };
    for (const fact of derived) {
      const compiled = this.compiled.get(fact.name)!;
      let value: unknown = null;
      try {
        const raw = fromCel(compiled.program(context));
        value = coerce(fact.type, raw);
        if (value === null && raw !== null) errors?.set(fact.name, `结果的类型与声明的类型（${fact.type}）不符`);
      } catch (err) {
        if (!(err instanceof CelRuntimeError)) throw err;
        errors?.set(fact.name, err.message);
      }
      put(fact.name, value, compiled.type);
    }
    return facts;
  }

  /** One derived fact's value, or why it has none, for the expression editor's live preview. */
  preview(record: SubjectRecord, ctx: FactContext, name: string): { value: unknown; error: string | null } {
    if (!this.compiled.has(name)) return { value: null, error: `没有派生事实“${name}”` };
    const errors = new Map<string, string>();
    const facts = this.compute(record, ctx, this.neededFor([name]), errors);
    return { value: facts[name], error: errors.get(name) ?? null };
  }
}

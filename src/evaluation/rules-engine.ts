import { Engine, Fact, Rule, RuleProperties } from 'json-rules-engine';
import { isCalendarDate } from '../common/dates';
import { ConditionNode, RuleDefinition } from '../rule-sets/rule-set.types';
import { Facts } from './fact-catalogue';

/**
 * The only module that imports json-rules-engine. It compiles a rule set's rules into engines
 * (one per set of applicable rules, reused across evaluations) and returns, for every rule run,
 * every leaf condition with its actual and expected value.
 */

export const BUILTIN_OPERATORS = [
  'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
  'in', 'notIn', 'contains', 'doesNotContain',
];

/** Our own operators: dates compare as Shanghai calendar dates, lists by emptiness. */
const CUSTOM_OPERATORS: Record<string, (fact: unknown, value: unknown) => boolean> = {
  dateOnOrBefore: (a, b) => typeof a === 'string' && typeof b === 'string' && isCalendarDate(a) && isCalendarDate(b) && a <= b,
  dateOnOrAfter: (a, b) => typeof a === 'string' && typeof b === 'string' && isCalendarDate(a) && isCalendarDate(b) && a >= b,
  isEmpty: (a) => Array.isArray(a) && a.length === 0,
  isNotEmpty: (a) => Array.isArray(a) && a.length > 0,
  isTrue: (a) => a === true,
};

export const OPERATORS = [...BUILTIN_OPERATORS, ...Object.keys(CUSTOM_OPERATORS)];

export interface ConditionResult {
  fact: string;
  operator: string;
  expected: unknown;
  actual: unknown;
  result: boolean;
}

export interface RuleRun {
  passed: boolean;
  conditions: ConditionResult[];
}

function toEngineRule(rule: RuleDefinition): RuleProperties {
  return { name: rule.id, conditions: rule.conditions as never, event: { type: rule.id } };
}

/** json-rules-engine's own structural check of one rule; returns its complaint or null. */
export function engineRejects(rule: RuleDefinition): string | null {
  try {
    new Rule(toEngineRule(rule));
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

interface RawCondition {
  all?: RawCondition[];
  any?: RawCondition[];
  not?: RawCondition;
  fact?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

function collectLeaves(node: RawCondition, out: ConditionResult[]): void {
  for (const child of node.all ?? node.any ?? []) collectLeaves(child, out);
  if (node.not) collectLeaves(node.not, out);
  if (node.fact !== undefined) {
    if (node.result === undefined) {
      // Cannot happen while conditions carry no priority (the validator refuses one): then
      // json-rules-engine evaluates every condition of an all/any together, without short-circuit.
      throw new Error(`condition on ${node.fact} was not evaluated`);
    }
    out.push({
      fact: node.fact,
      operator: node.operator!,
      expected: node.valueResult !== undefined ? node.valueResult : node.value,
      actual: node.factResult ?? null,
      result: node.result,
    });
  }
}

/**
 * Our facts are plain values, never computed, so json-rules-engine's fact cache has nothing to
 * save; by default it still hashes every fact (hash-it) on every run to key that cache, which was
 * a tenth of an evaluation's allocations.
 */
const UNCACHED = { cache: false };

export class CompiledRules {
  private readonly engines = new Map<string, Engine>();
  private readonly byId: Map<string, RuleDefinition>;

  constructor(
    rules: RuleDefinition[],
    private readonly constants: Facts,
  ) {
    this.byId = new Map(rules.map((r) => [r.id, r]));
  }

  private engineFor(ruleIds: string[]): Engine {
    const key = ruleIds.join('\n');
    let engine = this.engines.get(key);
    if (!engine) {
      engine = new Engine([], { allowUndefinedFacts: true });
      for (const [name, fn] of Object.entries(CUSTOM_OPERATORS)) engine.addOperator(name, fn as never);
      for (const [name, value] of Object.entries(this.constants)) engine.addFact(name, value as never, UNCACHED);
      for (const id of ruleIds) engine.addRule(toEngineRule(this.byId.get(id)!));
      this.engines.set(key, engine);
    }
    return engine;
  }

  /** Runs the given rules on the facts; every rule named gets a result. */
  async run(ruleIds: string[], facts: Facts): Promise<Map<string, RuleRun>> {
    const runs = new Map<string, RuleRun>();
    if (ruleIds.length === 0) return runs;
    const runtime: Record<string, Fact> = {};
    for (const [name, value] of Object.entries(facts)) runtime[name] = new Fact(name, value, UNCACHED);
    const { results, failureResults } = await this.engineFor(ruleIds).run(runtime);
    for (const r of [...results, ...failureResults]) {
      const conditions: ConditionResult[] = [];
      collectLeaves(r.conditions as unknown as RawCondition, conditions);
      runs.set(r.name as string, { passed: r.result === true, conditions });
    }
    for (const id of ruleIds) {
      if (!runs.has(id)) throw new Error(`rule ${id} produced no result`);
    }
    return runs;
  }
}

/** Leaf conditions of a condition tree, with their JSON pointers relative to the tree. */
export function leafConditions(node: ConditionNode, at = ''): { pointer: string; leaf: Extract<ConditionNode, { fact: string }> }[] {
  if ('all' in node) return node.all.flatMap((c, i) => leafConditions(c, `${at}/all/${i}`));
  if ('any' in node) return node.any.flatMap((c, i) => leafConditions(c, `${at}/any/${i}`));
  if ('not' in node) return leafConditions(node.not, `${at}/not`);
  return [{ pointer: at, leaf: node }];
}

/**
 * The straightforward use of json-rules-engine — a fresh Engine per subject built from the same
 * rule JSON, every rule added — kept only as the baseline that bench:evaluate compares against.
 */
export async function runWithFreshEngine(rules: RuleDefinition[], constants: Facts, facts: Facts): Promise<number> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const [name, fn] of Object.entries(CUSTOM_OPERATORS)) engine.addOperator(name, fn as never);
  for (const [name, value] of Object.entries(constants)) engine.addFact(name, value as never);
  for (const rule of rules) engine.addRule(toEngineRule(rule));
  const { results, failureResults } = await engine.run(facts as Record<string, unknown>);
  return results.length + failureResults.length;
}

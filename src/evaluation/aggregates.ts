import { AggregateFact, RuleSetDocument } from '../rule-sets/rule-set.types';
import { SubjectRecord } from '../subjects/subject-identity';
import { CelEnvironment, CelProgram, CelRuntimeError, fromCel } from './cel/cel-engine';
import { CelType } from './cel/cel-types';
import { memberVariables } from './cel/notice-variables';

/** One member's part of one aggregate: the group it falls in and what it adds there. */
interface Contribution {
  group: string;
  value: number;
}

type MemberKind = AggregateFact['over'];

function memberId(kind: MemberKind, record: SubjectRecord): string {
  return kind === 'project' ? String(record.id) : `${record.year}|${record.region}`;
}

function groupOf(aggregate: AggregateFact, record: SubjectRecord): string {
  return aggregate.groupBy.map((k) => String(record[k] ?? '')).join('|');
}

interface MemberEnvironment {
  env: CelEnvironment;
  input: CelType;
  tables: unknown;
}

interface CompiledAggregate {
  aggregate: AggregateFact;
  where: CelProgram | null;
  sum: CelProgram | null;
}

/**
 * A rule set's aggregates, compiled: each member of a batch is run through every aggregate over
 * its kind once, and each reader then looks up its own group. A batch of 10,000 projects costs
 * 10,000 small evaluations, never 10,000 scans of the batch.
 */
export class AggregatePrograms {
  private readonly byKind = new Map<MemberKind, CompiledAggregate[]>();
  private readonly envs = new Map<MemberKind, MemberEnvironment>();
  private readonly param: Record<string, unknown>;

  constructor(readonly doc: RuleSetDocument) {
    this.param = Object.fromEntries(doc.parameters.map((p) => [p.name, p.value]));
    for (const a of doc.aggregates) {
      const { env } = this.envFor(a.over);
      const list = this.byKind.get(a.over) ?? [];
      list.push({ aggregate: a, where: a.where ? env.compile(a.where) : null, sum: a.sum ? env.compile(a.sum) : null });
      this.byKind.set(a.over, list);
    }
  }

  /** The environment of `where` and `sum` over members of one kind, with the tables converted once. */
  envFor(kind: MemberKind): MemberEnvironment {
    let member = this.envs.get(kind);
    if (!member) {
      const variables = memberVariables(this.doc, kind);
      const env = new CelEnvironment(variables);
      const tables = env.toCel(variables.tables, Object.fromEntries(Object.entries(this.doc.tables).map(([n, t]) => [n, t.rows])));
      member = { env, input: variables.s, tables };
      this.envs.set(kind, member);
    }
    return member;
  }

  get isEmpty(): boolean {
    return this.byKind.size === 0;
  }

  /** What one member adds to each aggregate over its kind. */
  contributions(kind: MemberKind, record: SubjectRecord): Map<string, Contribution> {
    const out = new Map<string, Contribution>();
    const list = this.byKind.get(kind);
    if (!list) return out;
    const { env, input, tables } = this.envFor(kind);
    const context = { s: env.toCel(input, record), param: this.param, tables };
    for (const { aggregate, where, sum } of list) {
      let value = 0;
      try {
        if (where === null || fromCel(where(context)) === true) {
          const raw = sum ? fromCel(sum(context)) : 1;
          value = typeof raw === 'number' ? raw : 0;
        }
      } catch (err) {
        // A member whose values cannot be read adds nothing (a missing number counts as none).
        if (!(err instanceof CelRuntimeError)) throw err;
      }
      out.set(aggregate.name, { group: groupOf(aggregate, record), value });
    }
    return out;
  }
}

/**
 * The aggregates of one batch: every member's contribution, by member, so that a dry run can put
 * posted subjects in place of stored ones without counting anything twice.
 */
export class AggregateLedger {
  private totals: Map<string, Map<string, number>> | null = null;

  private constructor(
    private readonly programs: AggregatePrograms,
    private readonly members: Map<string, Map<string, Contribution>>,
  ) {}

  static empty(programs: AggregatePrograms): AggregateLedger {
    return new AggregateLedger(programs, new Map());
  }

  /**
   * A ledger with these members added, replacing members of the same id (a dry run's posted
   * project in place of its stored self). `keyOf` names members that have no id yet.
   */
  with(kind: MemberKind, records: SubjectRecord[], keyOf: (record: SubjectRecord, i: number) => string = (r) => memberId(kind, r)): AggregateLedger {
    if (this.programs.isEmpty || records.length === 0) return this;
    const members = new Map(this.members);
    records.forEach((record, i) => members.set(`${kind}|${keyOf(record, i)}`, this.programs.contributions(kind, record)));
    return new AggregateLedger(this.programs, members);
  }

  /** The aggregate's value for a reader: the total of the reader's own group (0 when empty). */
  valueFor(aggregate: AggregateFact, reader: SubjectRecord): number {
    if (!this.totals) this.totals = this.sumUp();
    return this.totals.get(aggregate.name)?.get(groupOf(aggregate, reader)) ?? 0;
  }

  private sumUp(): Map<string, Map<string, number>> {
    const totals = new Map<string, Map<string, number>>();
    for (const contributions of this.members.values()) {
      for (const [name, { group, value }] of contributions) {
        let groups = totals.get(name);
        if (!groups) totals.set(name, (groups = new Map()));
        groups.set(group, (groups.get(group) ?? 0) + value);
      }
    }
    return totals;
  }
}

import { CelEnvironment, CelProgram, CelRuntimeError } from '../evaluation/cel/cel-engine';
import { CelType } from '../evaluation/cel/cel-types';
import { rowVariables } from '../evaluation/cel/notice-variables';
import { FieldDefinition, RowCheck, RuleSetDocument } from '../rule-sets/rule-set.types';

// Kept with the document: loaded documents are never edited in place.
const cache = new WeakMap<RuleSetDocument, RowChecks | null>();

/**
 * The checks a report runs on each row of a rows field (a county trained enough people, has a
 * service station), in CEL over `row` and `param`. Compiled once per rule-set document and kept
 * with it: a batch of scorecards, or every request for one, reuses the same programs.
 */
export class RowChecks {
  private readonly env: CelEnvironment;
  private readonly rowType: CelType;
  private readonly programs: (CelProgram | null)[];
  private readonly param: Record<string, unknown>;

  private constructor(
    readonly field: FieldDefinition,
    readonly checks: RowCheck[],
    variables: Record<string, CelType>,
    doc: RuleSetDocument,
  ) {
    this.env = new CelEnvironment(variables);
    this.rowType = variables.row;
    // The validator refuses a check that does not compile; an old version's bad check shows "—".
    this.programs = checks.map((c) => {
      try {
        return this.env.compile(c.cel);
      } catch (err) {
        if (err instanceof CelRuntimeError) return null;
        throw err;
      }
    });
    this.param = Object.fromEntries(doc.parameters.map((p) => [p.name, p.value]));
  }

  /** The region scorecard's row checks; null when its layout has no rows section or names no rows field. */
  static of(doc: RuleSetDocument): RowChecks | null {
    if (cache.has(doc)) return cache.get(doc)!;
    const layout = doc.reports.region.rows;
    const variables = layout ? rowVariables(doc, 'region', layout.field) : null;
    const field = layout ? doc.model.region?.fields.find((f) => f.key === layout.field) : undefined;
    const checks = layout && variables && field ? new RowChecks(field, layout.checks ?? [], variables, doc) : null;
    cache.set(doc, checks);
    return checks;
  }

  /** Each check's verdict on one row: true, false, or null when it cannot be told (a value of the wrong kind). */
  run(row: unknown): (boolean | null)[] {
    const context = { row: this.env.toCel(this.rowType, row ?? {}), param: this.param };
    return this.programs.map((program) => {
      if (!program) return null;
      try {
        const result = program(context);
        return typeof result === 'boolean' ? result : null;
      } catch (err) {
        if (err instanceof CelRuntimeError) return null;
        throw err;
      }
    });
  }
}

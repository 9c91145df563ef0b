import { FieldDefinition, RuleSetDocument, SubjectKind } from '../rule-sets/rule-set.types';
import { IDENTITY, SUBJECT_KINDS } from '../subjects/subject-identity';

export type FactValueType = 'text' | 'integer' | 'amount' | 'number' | 'date' | 'boolean' | 'list' | 'choice' | 'multiChoice' | 'rows';
export type FactSource = 'identity' | 'input' | 'derived' | 'aggregate' | 'parameter';

export interface FactInfo {
  name: string;
  label: string;
  type: FactValueType;
  unit?: string;
  source: FactSource;
  /** choice / multiChoice: the table whose rows name the values. */
  table?: string;
}

export type Facts = Record<string, unknown>;

/** Built-in CEL names that facts may not take as their first segment. */
export const RESERVED_NAMESPACES = ['input', 'param', 'tables', 'stage', 'missingFields', 's', 'row'];

function inputFacts(fields: FieldDefinition[]): FactInfo[] {
  return fields.map((f) => ({ name: f.key, label: f.label, type: f.type, unit: f.unit, source: 'input' as const, table: f.table }));
}

/**
 * Every fact a rule of one rule set can read, per subject kind: the subject's identity, its
 * declared input fields (by key), the derived facts and aggregates of the rule set, and the
 * parameters (param.<name>). Rules, messages and reports are checked and formatted against it.
 */
export class FactCatalogue {
  private readonly byKind = new Map<SubjectKind, Map<string, FactInfo>>();
  private readonly params = new Map<string, FactInfo>();

  constructor(doc: RuleSetDocument) {
    for (const p of doc.parameters) {
      this.params.set(`param.${p.name}`, { name: `param.${p.name}`, label: p.label, type: p.type, unit: p.unit, source: 'parameter' });
    }
    for (const kind of SUBJECT_KINDS) {
      const list: FactInfo[] = [
        ...IDENTITY[kind].map((f) => ({ name: f.fact, label: f.label, type: f.type, source: 'identity' as const })),
        ...inputFacts(doc.model[kind]?.fields ?? []),
        ...doc.facts.filter((f) => f.subject === kind).map((f) => ({ name: f.name, label: f.label, type: f.type, unit: f.unit, source: 'derived' as const })),
        ...doc.aggregates.filter((a) => a.subject === kind).map((a) => ({ name: a.name, label: a.label, type: a.type, unit: a.unit, source: 'aggregate' as const })),
      ];
      // The first declaration of a name wins here; the validator reports the duplicate.
      const map = new Map<string, FactInfo>();
      for (const f of list) if (!map.has(f.name)) map.set(f.name, f);
      this.byKind.set(kind, map);
    }
  }

  /** The subject's facts (parameters aside), in declaration order. */
  of(kind: SubjectKind): FactInfo[] {
    return [...this.byKind.get(kind)!.values()];
  }

  parameters(): FactInfo[] {
    return [...this.params.values()];
  }

  /** A fact of the subject, or a parameter. */
  get(kind: SubjectKind, name: string): FactInfo | undefined {
    return this.byKind.get(kind)!.get(name) ?? this.params.get(name);
  }

  has(kind: SubjectKind, name: string): boolean {
    return this.get(kind, name) !== undefined;
  }

  /** A fact of any kind (for formatting a value when the subject kind is not at hand). */
  anyKind(name: string): FactInfo | undefined {
    for (const kind of SUBJECT_KINDS) {
      const found = this.byKind.get(kind)!.get(name);
      if (found) return found;
    }
    return this.params.get(name);
  }
}

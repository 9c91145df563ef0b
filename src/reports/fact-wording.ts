import { FactInfo, Facts } from '../evaluation/fact-catalogue';
import { formatValue } from '../evaluation/fact-format';
import { renderText } from '../evaluation/message-text';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { FieldDefinition, RuleSetDocument, SubjectKind } from '../rule-sets/rule-set.types';
import { valueAt } from '../subjects/field-values';
import { IDENTITY } from '../subjects/subject-identity';

// Loaded documents are never edited in place (published versions are cached and shared), so a
// document's wording can be kept with it.
const cache = new WeakMap<RuleSetDocument, FactWording>();

/**
 * How the reports read and word the facts of one rule set: labels, types and units from its
 * catalogue, choices by their table label, amounts in 万元, dates in Chinese (formatValue, as
 * messages do). Built once per rule-set document: a batch of a hundred scorecards shares one.
 * Without the document (a version that can no longer be read) values are worded by what they are.
 */
export class FactWording {
  private static readonly withoutDocument = new FactWording(null);

  private constructor(readonly index: RuleSetIndex | null) {}

  static of(document: RuleSetDocument | null | undefined): FactWording {
    if (!document) return FactWording.withoutDocument;
    let wording = cache.get(document);
    if (!wording) {
      wording = new FactWording(new RuleSetIndex(document));
      cache.set(document, wording);
    }
    return wording;
  }

  info(kind: SubjectKind, name: string): FactInfo | undefined {
    return this.index ? (this.index.facts.get(kind, name) ?? this.index.facts.anyKind(name)) : undefined;
  }

  label(kind: SubjectKind, name: string): string {
    return this.info(kind, name)?.label ?? name;
  }

  /**
   * A fact's value for a report: the evaluation's own (what was evaluated), else the subject's
   * record at that key (evaluations under older versions stored fewer facts), else null. A
   * parameter ("param.x") is the rule set's value.
   */
  value(kind: SubjectKind, name: string, facts: Facts, record?: Record<string, unknown> | null): unknown {
    if (name.startsWith('param.')) return this.index?.params[name.slice(6)] ?? null;
    if (Object.prototype.hasOwnProperty.call(facts, name)) return facts[name];
    if (!record) return null;
    const identity = IDENTITY[kind].find((f) => f.fact === name);
    const value = identity ? record[identity.key] : valueAt(record, name);
    return value === undefined ? null : value;
  }

  /** A value worded by the fact's type; `unit` appends the unit of a whole or decimal number (家, 人). */
  word(kind: SubjectKind, name: string, value: unknown, opts: { unit?: boolean } = {}): string {
    const info = this.info(kind, name);
    const table = info?.table;
    const text = formatValue(info?.type, value, table && this.index ? (key) => this.index!.rowLabel(table, key) : undefined);
    const counted = info?.type === 'integer' || info?.type === 'number';
    return opts.unit && counted && info?.unit && typeof value === 'number' ? `${text}${info.unit}` : text;
  }

  /** A value of a declared field that is no fact of its own (a column of a county row). */
  wordField(field: FieldDefinition, value: unknown): string {
    const table = field.table;
    return formatValue(field.type, value, table && this.index ? (key) => this.index!.rowLabel(table, key) : undefined);
  }

  /**
   * The rule table's actual value: a choice by its table label. Facts that hold an id without
   * declaring its table (format 1's project.industry) have their label beside them as a fact
   * (project.industryLabel): readers get that label, not the id.
   */
  actual(kind: SubjectKind, name: string, value: unknown, facts: Facts): string {
    if (!this.info(kind, name)?.table) {
      const labelled = facts[`${name}Label`];
      if (typeof labelled === 'string' && labelled && value !== null && value !== undefined && value !== '') return labelled;
    }
    return this.word(kind, name, value);
  }

  /** A report text with placeholders ({{counties.count}}, {{param.x}}), worded as messages are. */
  text(kind: SubjectKind, template: string, facts: Facts, record?: Record<string, unknown> | null): string {
    return renderText(template, (name) => this.word(kind, name, this.value(kind, name, facts, record)));
  }
}

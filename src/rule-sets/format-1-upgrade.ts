import fs from 'node:fs';
import path from 'node:path';
import { RULES_DIR } from './rule-set-files';
import { CURRENT_FORMAT, RuleSetDocument, TableDefinition } from './rule-set.types';

/**
 * Format 1 documents (published before the notice's model moved into the rule set) carried only
 * parameters, tables, rules, scoring and tests; what they asked for and computed was the code of
 * that time. rules/formats/format-1.json holds that model as data, and this grafts it onto a
 * format 1 document when one is loaded, so an old version evaluates, diffs and prints as it did.
 * The stored document, and so its hash, is never touched.
 */
interface Format1Pack {
  /** Rule-set id → hash of the format 1 document this product shipped. */
  shipped: Record<string, string>;
  tables: Record<string, Omit<TableDefinition, 'rows'>>;
  model: RuleSetDocument['model'];
  facts: RuleSetDocument['facts'];
  aggregates: RuleSetDocument['aggregates'];
  reports: RuleSetDocument['reports'];
}

export const FORMAT_1_PACK_PATH = path.join(RULES_DIR, 'formats', 'format-1.json');
export const FORMAT_1_SCHEMA_PATH = path.join(RULES_DIR, 'formats', 'format-1.schema.json');

let pack: Format1Pack | null = null;

function format1Pack(): Format1Pack {
  pack ??= JSON.parse(fs.readFileSync(FORMAT_1_PACK_PATH, 'utf8')) as Format1Pack;
  return pack;
}

/** The format a document says it is in (format 1 documents carry no formatVersion). */
export function formatOf(doc: unknown): number | null {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const v = (doc as Record<string, unknown>).formatVersion;
  if (v === undefined) return 1;
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

export function upgradeFormat1(stored: Record<string, unknown>): RuleSetDocument {
  const p = format1Pack();
  const rows = (stored.tables ?? {}) as Record<string, unknown[]>;
  const tables = Object.fromEntries(
    Object.entries(p.tables).map(([name, def]) => [name, { ...structuredClone(def), rows: structuredClone(rows[name] ?? []) } as TableDefinition]),
  );
  const { $schema: _schema, tables: _tables, ...rest } = structuredClone(stored);
  return {
    ...(rest as unknown as RuleSetDocument),
    formatVersion: CURRENT_FORMAT,
    tables,
    model: structuredClone(p.model),
    facts: structuredClone(p.facts),
    aggregates: structuredClone(p.aggregates),
    reports: structuredClone(p.reports),
    messageSyntax: 'handlebars',
  };
}

/** Whether `hash` is the format 1 document this product shipped for that rule set (not a bureau's edit). */
export function isShippedFormat1(id: string, hash: string): boolean {
  return format1Pack().shipped[id] === hash;
}

/** A stored document in the current format: format 1 upgraded, format 2 as it is. */
export function currentFormat(stored: unknown): RuleSetDocument {
  return formatOf(stored) === 1 ? upgradeFormat1(stored as Record<string, unknown>) : (stored as RuleSetDocument);
}

import { FieldDefinition, RuleSetDocument, SubjectKind, TableDefinition, TableRow } from './rule-set.types';
import { FactCatalogue } from '../evaluation/fact-catalogue';

function normaliseRegionName(name: string): string {
  return name.normalize('NFKC').replace(/\s/g, '');
}

export interface RegionIdentity {
  name: string;
  fullName: string;
  code?: string;
  aliases?: string[];
}

function columnValue(row: TableRow, column: string): unknown {
  let node: unknown = row;
  for (const part of column.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * Lookups over one rule-set document, built once per loaded version: the regions and categories
 * (the identity of every subject), the rows of any table by key, the parameters, the declared
 * fields of each subject kind and the catalogue of every fact a rule may read.
 */
export class RuleSetIndex {
  readonly params: Record<string, number | string | boolean>;
  readonly facts: FactCatalogue;
  private readonly regionsByName = new Map<string, RegionIdentity>();
  private readonly rowsByKey = new Map<string, Map<string, TableRow>>();
  private readonly fieldsByKey = new Map<string, FieldDefinition>();

  constructor(readonly doc: RuleSetDocument) {
    this.params = Object.fromEntries(doc.parameters.map((p) => [p.name, p.value]));
    for (const r of this.tableRows('regions') as unknown as RegionIdentity[]) {
      for (const n of [r.name, r.fullName, ...(Array.isArray(r.aliases) ? r.aliases : [])]) {
        if (typeof n === 'string') this.regionsByName.set(normaliseRegionName(n), r);
      }
    }
    for (const [name, table] of Object.entries(doc.tables)) {
      this.rowsByKey.set(name, new Map(table.rows.map((row) => [String(columnValue(row, table.key)), row])));
    }
    for (const kind of Object.keys(doc.model) as SubjectKind[]) {
      for (const f of doc.model[kind].fields) this.fieldsByKey.set(`${kind}|${f.key}`, f);
    }
    this.facts = new FactCatalogue(doc);
  }

  /** A region by short name (武汉), full name (武汉市) or alias; undefined when unknown. */
  region(name: string): RegionIdentity | undefined {
    return this.regionsByName.get(normaliseRegionName(name));
  }

  regionNames(): string[] {
    return this.tableRows('regions').map((r) => String(r.name));
  }

  table(name: string): TableDefinition | undefined {
    return Object.prototype.hasOwnProperty.call(this.doc.tables, name) ? this.doc.tables[name] : undefined;
  }

  tableRows(name: string): TableRow[] {
    return this.table(name)?.rows ?? [];
  }

  /** The row of a table whose key column is `key`. */
  row(table: string, key: unknown): TableRow | undefined {
    return this.rowsByKey.get(table)?.get(String(key));
  }

  /** What people read for a row: its display column (label by default), else the key itself. */
  rowLabel(table: string, key: unknown): string {
    const def = this.table(table);
    const row = this.row(table, key);
    if (!def || !row) return String(key);
    const shown = columnValue(row, def.display ?? 'label');
    return typeof shown === 'string' && shown ? shown : String(key);
  }

  /** "new（2022年度新项目）、continued（…）": the choices of a table, for error messages. */
  describeChoices(table: string): string {
    const def = this.table(table);
    if (!def) return '';
    return def.rows.map((r) => {
      const key = String(columnValue(r, def.key));
      const label = this.rowLabel(table, key);
      return label === key ? key : `${key}（${label}）`;
    }).join('、');
  }

  category(id: string): TableRow | undefined {
    return this.row('categories', id);
  }

  categoryLabel(id: string): string {
    return this.rowLabel('categories', id);
  }

  categoryIds(): string[] {
    return this.tableRows('categories').map((c) => String(c.id));
  }

  field(kind: SubjectKind, key: string): FieldDefinition | undefined {
    return this.fieldsByKey.get(`${kind}|${key}`);
  }

  fields(kind: SubjectKind): FieldDefinition[] {
    return this.doc.model[kind].fields;
  }
}

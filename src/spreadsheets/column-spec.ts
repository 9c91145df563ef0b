/** How a column's cells are read and written. */
export type ColumnKind =
  | 'id' | 'year' | 'region' | 'category'
  | 'text' | 'integer' | 'number' | 'wan' | 'date' | 'boolean'
  /** A value from a rule-set table (its key or its label). */
  | 'choice'
  /** One 是/否 column per row of a multiChoice field's table; the ticked ones make the list. */
  | 'tick'
  /** Shown for reference (a region's targets) and skipped on import. */
  | 'reference';

/** One column of a template sheet, and how an uploaded column with that header maps to a body. */
export interface ColumnSpec {
  /** Body path, dot-separated ("funding.provincial"); also accepted as a header. */
  key: string;
  /** Header written in the template. */
  header: string;
  /** Other headers people write for the same column. */
  aliases: string[];
  kind: ColumnKind;
  /** The column must be present and its cells filled (identity: 市州, 项目名称, a row's key). */
  required?: boolean;
  /** The column may be left out (updates keep the stored value) but its cells may not be empty. */
  notBlank?: boolean;
  /** The rule set requires the field (at some stage): marked * in the template, checked by the rules, not the import. */
  marked?: boolean;
  /** Shown as the header cell's note in the template. */
  note?: string;
  width?: number;
  /** choice and tick: the rule-set table of the values. */
  table?: string;
  /** tick: the key of the table row the column ticks. */
  itemId?: string;
  /** integer and number: the smallest value (negative integers are read only when it allows them). */
  min?: number;
  max?: number;
  /** reference: the fact whose value the template shows. */
  fact?: string;
}

/**
 * Headers are matched loosely, as people retype them: full-width/half-width, spaces, required
 * marks (*) and trailing units in brackets — "申请省级资金（万元）" matches "申请省级资金".
 */
export function normaliseHeader(text: string): string {
  let s = text.normalize('NFKC').replace(/[\s*＊:：]/g, '');
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(/\([^()]*\)$/, '');
  }
  return s.toLowerCase();
}

export function pathOf(spec: ColumnSpec): string[] {
  return spec.key.split('.');
}

export function pointerOf(spec: ColumnSpec): string {
  return keyPointer(spec.key);
}

/** "/funding/provincial" for "funding.provincial". */
export function keyPointer(key: string): string {
  return '/' + key.split('.').join('/');
}

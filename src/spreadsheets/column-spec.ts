/** How a column's cells are read and written. */
export type ColumnKind =
  | 'id' | 'year' | 'text' | 'integer' | 'wan' | 'date' | 'boolean'
  | 'region' | 'category' | 'industry' | 'deliverable'
  /** Shown for reference (e.g. targets) and skipped on import. */
  | 'ignored';

/** One column of a template sheet, and how an uploaded column with that header maps to a body. */
export interface ColumnSpec {
  /** Body path, dot-separated ("funding.provincial"); also accepted as a header. */
  key: string;
  /** Header written in the template. */
  header: string;
  /** Other headers people write for the same column. */
  aliases: string[];
  kind: ColumnKind;
  /** The column must be present and its cells filled. */
  required?: boolean;
  /** The column may be left out (updates keep the stored value) but its cells may not be empty. */
  notBlank?: boolean;
  /** Shown as the header cell's note in the template. */
  note?: string;
  width?: number;
  /** For a 五个一 column: the item id it ticks. */
  itemId?: string;
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
  return '/' + pathOf(spec).join('/');
}

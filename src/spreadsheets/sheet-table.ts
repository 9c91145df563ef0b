import { CellValue, isBlank } from './cell-values';
import { ColumnSpec, normaliseHeader } from './column-spec';
import { columnLetter, SheetProblem } from './sheet-problem';
import { RawRow, RawSheet } from './workbook-reader';

export interface MappedColumn {
  spec: ColumnSpec;
  col: number;
  letter: string;
}

/** A sheet whose header row was recognised: which column holds which field, and the data rows. */
export interface MappedSheet {
  sheet: string;
  headerRow: number;
  columns: MappedColumn[];
  rows: RawRow[];
  problems: SheetProblem[];
  /** Headers nobody knows: ignored, but reported so a misspelt header does not lose data silently. */
  warnings: SheetProblem[];
}

/** Title rows above the header are common ("2022年度…推荐表"); the header is looked for this far down. */
const HEADER_SEARCH_ROWS = 10;

function headerText(cell: CellValue): string {
  return cell === null ? '' : String(cell instanceof Date ? '' : cell).trim();
}

/**
 * Header text → column. Headers win over aliases, aliases over field keys, so a header typed as
 * in the template always means that column; reference columns come last, so a target shown
 * beside its field can never take the field's data.
 */
function matcher(specs: ColumnSpec[]): (text: string) => ColumnSpec | undefined {
  const byHeader = new Map<string, ColumnSpec>();
  const add = (text: string, spec: ColumnSpec) => {
    const n = normaliseHeader(text);
    if (n && !byHeader.has(n)) byHeader.set(n, spec);
  };
  const data = specs.filter((s) => s.kind !== 'reference');
  for (const spec of data) add(spec.header, spec);
  for (const spec of data) spec.aliases.forEach((a) => add(a, spec));
  // The choices of a multi-choice field share its key; only their headers identify them.
  for (const spec of data) if (spec.kind !== 'tick') add(spec.key, spec);
  for (const spec of specs.filter((s) => s.kind === 'reference')) [spec.header, ...spec.aliases].forEach((h) => add(h, spec));
  return (text) => byHeader.get(normaliseHeader(text));
}

/**
 * Finds the header row (the first of the top rows naming at least `minColumns` known columns) and
 * maps headers in any order to column specs. Returns null when the sheet is not this kind of table.
 */
export function mapSheet(raw: RawSheet, specs: ColumnSpec[], minColumns = 2): MappedSheet | null {
  const match = matcher(specs);
  const candidates = raw.rows.slice(0, HEADER_SEARCH_ROWS);
  const header = candidates.find((r) => r.cells.filter((c) => match(headerText(c))).length >= minColumns);
  if (!header) return null;

  const columns: MappedColumn[] = [];
  const problems: SheetProblem[] = [];
  const warnings: SheetProblem[] = [];
  header.cells.forEach((cell, col) => {
    const text = headerText(cell);
    if (!text) return;
    const letter = columnLetter(col);
    const spec = match(text);
    if (!spec) {
      warnings.push({ sheet: raw.name, row: header.rowNumber, column: letter, header: text, message: '无法识别的列，已忽略' });
      return;
    }
    const twin = columns.find((m) => m.spec === spec);
    if (twin) {
      problems.push({
        sheet: raw.name, row: header.rowNumber, column: letter, header: text,
        message: `与${twin.letter}列重复（都表示“${spec.header}”），请删除其中一列`,
      });
      return;
    }
    columns.push({ spec, col, letter });
  });
  for (const spec of specs.filter((s) => s.required)) {
    if (!columns.some((m) => m.spec === spec)) {
      problems.push({ sheet: raw.name, row: header.rowNumber, column: null, header: spec.header, message: '缺少必填列' });
    }
  }
  // Rows the template prefilled (year, region, reference columns) but nobody filled in are not data.
  const dataColumns = columns.filter((m) => !['year', 'region', 'reference'].includes(m.spec.kind)).map((m) => m.col);
  const rows = raw.rows.filter(
    (r) => r.rowNumber > header.rowNumber && dataColumns.some((col) => !isBlank(r.cells[col] ?? null)),
  );
  return { sheet: raw.name, headerRow: header.rowNumber, columns, rows, problems, warnings };
}

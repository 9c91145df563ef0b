import { Problem } from '../common/errors';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import {
  CellValue, isBlank, Parsed, parseBooleanCell, parseChoice, parseDateCell, parseInteger, parseText, parseWanCell, parseYearCell,
} from './cell-values';
import { ColumnSpec, pathOf, pointerOf } from './column-spec';
import { MappedSheet } from './sheet-table';
import { SheetProblem } from './sheet-problem';
import { RawRow } from './workbook-reader';

export interface CellLocation {
  sheet: string;
  row: number | null;
  column: string | null;
  header?: string;
}

/**
 * A body built from one or more rows, with where each field came from, so that a problem the
 * domain validator reports by JSON pointer can be shown on the cell the user has to fix.
 */
export interface RowDraft {
  sheet: string;
  row: number;
  /** Only the fields of the columns present: absent columns leave stored values alone. */
  body: Record<string, unknown>;
  cells: Map<string, CellLocation>;
  problems: SheetProblem[];
  /** Pointers of cells already reported as unreadable: the validator's view of them is noise. */
  invalid: Set<string>;
}

function parseCell(spec: ColumnSpec, cell: CellValue, index: RuleSetIndex): Parsed<unknown> {
  switch (spec.kind) {
    case 'year': return parseYearCell(cell);
    case 'integer': return parseInteger(cell);
    case 'wan': return parseWanCell(cell);
    case 'date': return parseDateCell(cell);
    case 'boolean':
    case 'deliverable': return parseBooleanCell(cell);
    case 'category': return parseChoice(cell, index.doc.tables.categories);
    case 'industry': return parseChoice(cell, index.doc.tables.industries);
    default: return parseText(cell);
  }
}

export function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** Reads one data row of a mapped sheet into a partial body. */
export function convertRow(mapped: MappedSheet, row: RawRow, index: RuleSetIndex): RowDraft {
  const draft: RowDraft = { sheet: mapped.sheet, row: row.rowNumber, body: {}, cells: new Map(), problems: [], invalid: new Set() };
  const delivered: { id: string; location: CellLocation }[] = [];
  let deliverableColumns = 0;
  let deliverablesFilled = false;
  for (const { spec, letter, col } of mapped.columns) {
    if (spec.kind === 'ignored') continue;
    const cell = row.cells[col] ?? null;
    const location: CellLocation = { sheet: mapped.sheet, row: row.rowNumber, column: letter, header: spec.header };
    const parsed = parseCell(spec, cell, index);
    if (!parsed.ok) {
      draft.problems.push({ ...location, row: row.rowNumber, message: parsed.message });
      draft.invalid.add(pointerOf(spec));
      continue;
    }
    if (spec.kind === 'deliverable') {
      deliverableColumns++;
      if (!isBlank(cell)) deliverablesFilled = true;
      if (parsed.value === true) delivered.push({ id: spec.itemId!, location });
      if (!draft.cells.has('/deliverables')) draft.cells.set('/deliverables', location);
      continue;
    }
    draft.cells.set(pointerOf(spec), location);
    if ((spec.required || spec.notBlank) && parsed.value === null) {
      draft.problems.push({ ...location, row: row.rowNumber, message: '必填，不能为空' });
      draft.invalid.add(pointerOf(spec));
      continue;
    }
    setPath(draft.body, pathOf(spec), parsed.value);
  }
  if (deliverableColumns > 0) {
    draft.body.deliverables = deliverablesFilled ? delivered.map((d) => d.id) : null;
    delivered.forEach((d, i) => draft.cells.set(`/deliverables/${i}`, d.location));
  }
  return draft;
}

/**
 * Places a validator problem ({pointer, message}) on the cell its field came from: the longest
 * pointer prefix with a known cell wins; otherwise the row, naming the header the field would have.
 */
export function locateProblem(
  problem: Problem,
  cells: Map<string, CellLocation>,
  fallback: CellLocation,
  specs: ColumnSpec[],
): SheetProblem {
  const segments = problem.pointer.split('/').slice(1);
  for (let n = segments.length; n > 0; n--) {
    const location = cells.get('/' + segments.slice(0, n).join('/'));
    if (location) return { ...location, message: problem.message };
  }
  const spec = specs.find((s) => problem.pointer === pointerOf(s) || problem.pointer.startsWith(pointerOf(s) + '/'));
  return { ...fallback, column: null, header: spec?.header ?? fallback.header, message: problem.message };
}

/** Drops validator problems on cells that were already reported as unreadable. */
export function isShadowed(pointer: string, invalid: Set<string>): boolean {
  for (const p of invalid) if (pointer === p || pointer.startsWith(p + '/')) return true;
  return false;
}

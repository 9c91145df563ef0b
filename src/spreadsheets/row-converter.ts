import { Problem } from '../common/errors';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import {
  CellValue, isBlank, Parsed, parseBooleanCell, parseChoice, parseDateCell, parseInteger, parseNumberCell, parseText, parseWanCell,
  parseYearCell,
} from './cell-values';
import { setValueAt } from '../subjects/field-values';
import { ColumnSpec, keyPointer, pointerOf } from './column-spec';
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

type Choices = { id: string; label: string }[];
const choiceCache = new WeakMap<RuleSetIndex, Map<string, Choices>>();

/** The choices of a rule-set table as parseChoice reads them: each row's key and label. */
function choicesOf(index: RuleSetIndex, table: string): Choices {
  let byTable = choiceCache.get(index);
  if (!byTable) choiceCache.set(index, (byTable = new Map()));
  let choices = byTable.get(table);
  if (!choices) {
    const def = index.table(table);
    choices = (def?.rows ?? []).map((row) => {
      const id = String(row[def!.key]);
      return { id, label: index.rowLabel(table, id) };
    });
    byTable.set(table, choices);
  }
  return choices;
}

function parseCell(spec: ColumnSpec, cell: CellValue, index: RuleSetIndex): Parsed<unknown> {
  switch (spec.kind) {
    case 'year': return parseYearCell(cell);
    case 'integer': return parseInteger(cell, spec.min !== undefined && spec.min < 0);
    case 'number': return parseNumberCell(cell);
    case 'wan': return parseWanCell(cell);
    case 'date': return parseDateCell(cell);
    case 'boolean':
    case 'tick': return parseBooleanCell(cell);
    case 'category':
    case 'choice': return parseChoice(cell, choicesOf(index, spec.table ?? ''));
    default: return parseText(cell);
  }
}

/** Reads one data row of a mapped sheet into a partial body. */
export function convertRow(mapped: MappedSheet, row: RawRow, index: RuleSetIndex): RowDraft {
  const draft: RowDraft = { sheet: mapped.sheet, row: row.rowNumber, body: {}, cells: new Map(), problems: [], invalid: new Set() };
  // A multi-choice field's 是/否 columns, by field: the ticked keys in column order.
  const ticks = new Map<string, { filled: boolean; ticked: { id: string; location: CellLocation }[] }>();
  for (const { spec, letter, col } of mapped.columns) {
    if (spec.kind === 'reference') continue;
    const cell = row.cells[col] ?? null;
    const location: CellLocation = { sheet: mapped.sheet, row: row.rowNumber, column: letter, header: spec.header };
    const parsed = parseCell(spec, cell, index);
    if (!parsed.ok) {
      draft.problems.push({ ...location, row: row.rowNumber, message: parsed.message });
      draft.invalid.add(pointerOf(spec));
      continue;
    }
    if (spec.kind === 'tick') {
      const field = ticks.get(spec.key) ?? { filled: false, ticked: [] };
      ticks.set(spec.key, field);
      if (!isBlank(cell)) field.filled = true;
      if (parsed.value === true) field.ticked.push({ id: spec.itemId!, location });
      if (!draft.cells.has(pointerOf(spec))) draft.cells.set(pointerOf(spec), location);
      continue;
    }
    draft.cells.set(pointerOf(spec), location);
    if ((spec.required || spec.notBlank) && parsed.value === null) {
      draft.problems.push({ ...location, row: row.rowNumber, message: '必填，不能为空' });
      draft.invalid.add(pointerOf(spec));
      continue;
    }
    setValueAt(draft.body, spec.key, parsed.value);
  }
  for (const [key, field] of ticks) {
    // No cell filled: the list is not answered yet, rather than answered as empty.
    setValueAt(draft.body, key, field.filled ? field.ticked.map((t) => t.id) : null);
    field.ticked.forEach((t, i) => draft.cells.set(`${keyPointer(key)}/${i}`, t.location));
  }
  return draft;
}

/** A pointer without its list positions: "/counties/2/trainees" → "/counties/trainees". */
function withoutPositions(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, '');
}

/**
 * Places a validator problem ({pointer, message}) on the cell its field came from: the longest
 * pointer prefix with a known cell wins; otherwise the row, naming the header the field would have.
 */
export function locateProblem(
  problem: Problem,
  cells: Map<string, CellLocation>,
  fallback: CellLocation,
  headers: { pointer: string; header: string }[],
): SheetProblem {
  const segments = problem.pointer.split('/').slice(1);
  for (let n = segments.length; n > 0; n--) {
    const location = cells.get('/' + segments.slice(0, n).join('/'));
    if (location) return { ...location, message: problem.message };
  }
  const bare = withoutPositions(problem.pointer);
  const known = headers.find((h) => bare === h.pointer || bare.startsWith(h.pointer + '/'));
  return { ...fallback, column: null, header: known?.header ?? fallback.header, message: problem.message };
}

/** Drops validator problems on cells that were already reported as unreadable. */
export function isShadowed(pointer: string, invalid: Set<string>): boolean {
  for (const p of invalid) if (pointer === p || pointer.startsWith(p + '/')) return true;
  return false;
}

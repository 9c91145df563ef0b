import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { FieldDefinition } from '../rule-sets/rule-set.types';
import { setValueAt } from '../subjects/field-values';
import { IDENTITY } from '../subjects/subject-identity';
import { keyPointer, normaliseHeader } from './column-spec';
import { ROW_IDENTITY } from './identity-columns';
import { CellLocation, convertRow, RowDraft } from './row-converter';
import { SheetLayout, SubjectLayout } from './sheet-layout';
import { MappedSheet, mapSheet } from './sheet-table';
import { SheetProblem } from './sheet-problem';
import { RawSheet, RawWorkbook } from './workbook-reader';

/** The rows of an uploaded workbook, read sheet by sheet into drafts of the subject or of its lists. */
export interface SubjectSheets {
  /** Drafts of the subject's own sheet(s), one subject per row. */
  subjects: RowDraft[];
  /** Drafts of each list sheet (a region's counties), one list row per row. */
  lists: { layout: SheetLayout; drafts: RowDraft[] }[];
  problems: SheetProblem[];
  warnings: SheetProblem[];
  /** How many sheets were recognised as the subject's or a list's. */
  recognised: number;
}

/**
 * Which of the layout's sheets an uploaded sheet is: the one whose own columns (identity aside)
 * it has most of — a county list shares 年度 and 市州 with the progress sheet but nothing else —
 * then the one named like it, then the subject's own. Null when it is none of them.
 */
function recognise(raw: RawSheet, layout: SubjectLayout): { layout: SheetLayout; mapped: MappedSheet } | null {
  const identity = new Set(IDENTITY[layout.kind].map((f) => f.key));
  const isIdentity = (l: SheetLayout, key: string) => key.startsWith(ROW_IDENTITY) || (l === layout.main && identity.has(key));
  const own = (l: SheetLayout, m: MappedSheet) => m.columns.filter((c) => c.spec.kind !== 'reference' && !isIdentity(l, c.spec.key)).length;
  const named = (l: SheetLayout) => (normaliseHeader(l.sheet) === normaliseHeader(raw.name) ? 1 : 0);
  let best: { layout: SheetLayout; mapped: MappedSheet; own: number } | null = null;
  for (const l of [layout.main, ...layout.lists]) {
    const mapped = mapSheet(raw, l.columns);
    if (!mapped) continue;
    const score = own(l, mapped);
    if (!best || score > best.own || (score === best.own && named(l) > named(best.layout))) best = { layout: l, mapped, own: score };
  }
  return best;
}

export function readSubjectSheets(workbook: RawWorkbook, layout: SubjectLayout, index: RuleSetIndex): SubjectSheets {
  const out: SubjectSheets = { subjects: [], lists: layout.lists.map((l) => ({ layout: l, drafts: [] })), problems: [], warnings: [], recognised: 0 };
  for (const raw of workbook.sheets) {
    const hit = recognise(raw, layout);
    if (!hit) continue;
    out.recognised++;
    out.problems.push(...hit.mapped.problems);
    out.warnings.push(...hit.mapped.warnings);
    if (hit.mapped.problems.length > 0) continue;
    const drafts = hit.mapped.rows.map((row) => convertRow(hit.mapped, row, index));
    for (const d of drafts) out.problems.push(...d.problems);
    if (hit.layout === layout.main) out.subjects.push(...drafts);
    else out.lists.find((l) => l.layout === hit.layout)!.drafts.push(...drafts);
  }
  return out;
}

/** What a subject's body is assembled into: the patch, where each value came from, and the unreadable cells. */
export interface Assembly {
  patch: Record<string, unknown>;
  cells: Map<string, CellLocation>;
  invalid: Set<string>;
}

/**
 * Puts the rows of a list sheet into the subject's body as its rows field, replacing the stored
 * list (a region's county rows are its county table), and records where each value came from so
 * a problem of "/counties/1/trainees" lands on its cell in the county sheet.
 */
export function attachRows(into: Assembly, field: FieldDefinition, drafts: RowDraft[]): void {
  const base = keyPointer(field.key);
  const own = (pointer: string) => !pointer.startsWith('/' + ROW_IDENTITY);
  const rows = drafts.map((d, i) => {
    for (const [pointer, location] of d.cells) if (own(pointer)) into.cells.set(`${base}/${i}${pointer}`, location);
    into.cells.set(`${base}/${i}`, { sheet: d.sheet, row: d.row, column: null });
    for (const pointer of d.invalid) if (own(pointer)) into.invalid.add(`${base}/${i}${pointer}`);
    return Object.fromEntries(Object.entries(d.body).filter(([k]) => !k.startsWith(ROW_IDENTITY)));
  });
  setValueAt(into.patch, field.key, rows);
}

/** Where a list row's identity cells are, under the pointers the subject's validator uses ("/region"). */
export function identityCells(draft: RowDraft): Map<string, CellLocation> {
  const cells = new Map<string, CellLocation>();
  for (const [pointer, location] of draft.cells) {
    if (pointer.startsWith('/' + ROW_IDENTITY)) cells.set('/' + pointer.slice(2), location);
  }
  return cells;
}

/** The cell of an identity value in a draft of the subject's sheet ("/region") or of a list ("/@region"). */
export function identityCell(draft: RowDraft, key: string): CellLocation {
  return draft.cells.get('/' + key) ?? draft.cells.get('/' + ROW_IDENTITY + key) ?? { sheet: draft.sheet, row: draft.row, column: null };
}

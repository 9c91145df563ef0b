import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { FieldDefinition, SubjectKind } from '../rule-sets/rule-set.types';
import { SUBJECT_LABELS } from '../subjects/subject-identity';
import { ColumnSpec, keyPointer, pointerOf } from './column-spec';
import { fieldColumns } from './field-columns';
import { identityColumns, rowIdentityColumns } from './identity-columns';
import { measureColumns } from './measure-columns';

/** One sheet of a template: its name and columns; a list sheet also names the rows field it fills. */
export interface SheetLayout {
  sheet: string;
  columns: ColumnSpec[];
  /** A list sheet (a region's counties): the rows field whose rows it holds. */
  field?: FieldDefinition;
}

/** The sheets of one subject kind: its own sheet (one subject per row) and one sheet per rows field. */
export interface SubjectLayout {
  kind: SubjectKind;
  main: SheetLayout;
  lists: SheetLayout[];
}

/** Sheet names the workbooks use for themselves. */
export const RESERVED_SHEETS = ['选项', '填写说明'];

/** Excel refuses []:*?/\ in sheet names and more than 31 characters. */
function sheetName(label: string, taken: Set<string>): string {
  const base = label.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || '明细';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base.slice(0, 31 - String(n).length)}${n}`;
  taken.add(name);
  return name;
}

/** A kind's fields in the order of its form: section by section, then fields of no known section. */
export function orderedFields(index: RuleSetIndex, kind: SubjectKind): FieldDefinition[] {
  const model = index.doc.model[kind];
  if (!model) return [];
  const sections = model.sections.map((s) => s.id);
  const rank = (f: FieldDefinition) => {
    const i = f.section === undefined ? -1 : sections.indexOf(f.section);
    return i < 0 ? sections.length : i;
  };
  return model.fields.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
}

/**
 * The template of a subject kind, from its rule set: identity columns first (the only ones the
 * code knows), a region's targets for reference, then the declared fields in form order. A list
 * of rows gets a sheet of its own, named after the field, whose rows name their subject by its
 * identity.
 */
export function subjectLayout(index: RuleSetIndex, kind: SubjectKind, year: number = index.doc.year): SubjectLayout {
  const fields = orderedFields(index, kind);
  const taken = new Set([SUBJECT_LABELS[kind], ...RESERVED_SHEETS]);
  const main: SheetLayout = {
    sheet: SUBJECT_LABELS[kind],
    columns: [
      ...identityColumns(kind, year),
      ...(kind === 'region' ? measureColumns(index) : []),
      ...fields.filter((f) => f.type !== 'rows').flatMap((f) => fieldColumns(f, index)),
    ],
  };
  const lists = fields.filter((f) => f.type === 'rows').map((field): SheetLayout => ({
    sheet: sheetName(field.label, taken),
    field,
    columns: [
      ...rowIdentityColumns(kind, year),
      ...(field.fields ?? []).flatMap((f) => fieldColumns(f, index).map((c) => (f.key === field.rowKey ? { ...c, required: true } : c))),
    ],
  }));
  return { kind, main, lists };
}

/** Every column of a layout with the JSON pointer its values land on in the subject's body. */
export function columnPointers(layout: SubjectLayout): { pointer: string; header: string }[] {
  return [
    ...layout.main.columns.map((c) => ({ pointer: pointerOf(c), header: c.header })),
    ...layout.lists.flatMap((l) => l.columns.map((c) => ({ pointer: keyPointer(l.field!.key) + pointerOf(c), header: c.header }))),
  ];
}

import { SubjectKind } from '../rule-sets/rule-set.types';
import { IDENTITY } from '../subjects/subject-identity';
import { ColumnSpec } from './column-spec';

/**
 * How the identity of a subject — the only fields the code knows — is laid out in a sheet: the
 * headers people also write for them, and how strictly each is read. Labels come from
 * subject-identity, so the sheet and the pages name them alike.
 */
const LAYOUT: Record<string, Partial<ColumnSpec>> = {
  id: {
    kind: 'id', aliases: ['编号', '项目ID'], width: 16,
    note: '新项目可留空，系统自动编号；更新已有项目时填写其编号，或保持年度、市州、项目名称不变',
  },
  year: { kind: 'year', aliases: ['年份', '项目年度'], width: 8 },
  region: { kind: 'region', aliases: ['所属市州', '推荐市州', '地区'], required: true, width: 10 },
  name: { kind: 'text', required: true, width: 36 },
  category: { kind: 'category', aliases: ['类别'], notBlank: true, width: 22, table: 'categories' },
};

/** The identity columns of a subject kind's main sheet, labelled as in subject-identity. */
/** The order people read a subject's identity in: where it is before what it is called. */
const ORDER = ['id', 'year', 'region', 'name', 'category'];

/** The identity of a kind in reading order. */
export function identityFields(kind: SubjectKind) {
  const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);
  return [...IDENTITY[kind]].sort((a, b) => rank(a.key) - rank(b.key));
}

export function identityColumns(kind: SubjectKind, year: number): ColumnSpec[] {
  return identityFields(kind).map((f) => {
    const layout = LAYOUT[f.key] ?? { kind: 'text' };
    const spec: ColumnSpec = { key: f.key, header: f.label, kind: 'text', ...layout, aliases: [...(layout.aliases ?? [])] };
    if (f.key === 'year') spec.note = `留空则为${year}年度`;
    return spec;
  });
}

/**
 * The columns that tie a row of a list sheet (a region's counties) to its subject: the identity
 * without the project category, which names a kind of project, not one project. Where an id
 * exists, either it or the name identifies the subject, so neither column is required.
 */
export function rowIdentityColumns(kind: SubjectKind, year: number): ColumnSpec[] {
  const columns = identityColumns(kind, year).filter((c) => c.kind !== 'category');
  const anyId = columns.some((c) => c.kind === 'id');
  // Kept apart from the row's own fields, which may well be called "name" too.
  return columns.map((c) => ({
    ...c, key: ROW_IDENTITY + c.key, aliases: [...c.aliases, c.key],
    ...(anyId ? { required: false } : {}),
    ...(c.kind === 'id' ? { note: '填写项目编号，或填写年度、市州、项目名称，以对应到项目' } : {}),
  }));
}

/** Prefix of the identity values of a list row ("@region"): they say whose row it is, they are not part of it. */
export const ROW_IDENTITY = '@';

/** A subject's identity value from a draft of its own sheet, or of one of its list sheets (`list`). */
export function identityValue(body: Record<string, unknown>, key: string, list: boolean): unknown {
  return list ? body[ROW_IDENTITY + key] : body[key];
}

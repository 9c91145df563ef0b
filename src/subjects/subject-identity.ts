import { SubjectKind } from '../rule-sets/rule-set.types';

/**
 * What the code knows of a subject: its identity. Everything else a subject holds is a field the
 * rule set declares. A project is one notice's funded project; a region record is one region's
 * progress in one year; the province is the aggregate of a year's region records.
 */
export interface IdentityField {
  key: string;
  label: string;
  type: 'text' | 'integer';
  /** Values come from this identity table (regions, categories). */
  table?: 'regions' | 'categories';
  /** The fact rules read it as. */
  fact: string;
}

export const IDENTITY: Record<SubjectKind, IdentityField[]> = {
  project: [
    { key: 'id', label: '项目编号', type: 'text', fact: 'project.id' },
    { key: 'year', label: '年度', type: 'integer', fact: 'project.year' },
    { key: 'name', label: '项目名称', type: 'text', fact: 'project.name' },
    { key: 'region', label: '市州', type: 'text', table: 'regions', fact: 'project.region' },
    { key: 'category', label: '项目类别', type: 'text', table: 'categories', fact: 'project.category' },
  ],
  region: [
    { key: 'year', label: '年度', type: 'integer', fact: 'region.year' },
    { key: 'region', label: '市州', type: 'text', table: 'regions', fact: 'region.name' },
  ],
  province: [{ key: 'year', label: '年度', type: 'integer', fact: 'province.year' }],
};

export const SUBJECT_KINDS: SubjectKind[] = ['project', 'region', 'province'];

export const SUBJECT_LABELS: Record<SubjectKind, string> = { project: '示范项目', region: '市州进度', province: '全省汇总' };

/** Keys of identity fields: a rule set may not declare fields of these names. */
export function identityKeys(kind: SubjectKind): Set<string> {
  return new Set(IDENTITY[kind].map((f) => f.key));
}

/** A project, a region record or a province: identity plus the declared fields. */
export type SubjectRecord = Record<string, unknown>;

/** The subject's id as results name it: a project's id, a region's name, "province". */
export function subjectId(kind: SubjectKind, record: SubjectRecord): string {
  if (kind === 'project') return String(record.id);
  if (kind === 'region') return String(record.region);
  return 'province';
}

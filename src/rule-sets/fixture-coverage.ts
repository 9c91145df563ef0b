import { SUBJECT_KINDS, SUBJECT_LABELS } from '../subjects/subject-identity';
import { FixtureTest, RuleSetDocument, SubjectKind } from './rule-set.types';

export interface UncoveredKind {
  kind: SubjectKind;
  message: string;
}

/** Where each kind's test subjects go: region and province rules are both evaluated over regions. */
const SUBJECTS_OF: Record<SubjectKind, { key: 'projects' | 'regions'; label: string }> = {
  project: { key: 'projects', label: '项目（projects）' },
  region: { key: 'regions', label: '市州进度（regions）' },
  province: { key: 'regions', label: '市州进度（regions）' },
};

/** The kind of subject an expectation names: "province", a project's id, else a region. */
function subjectKindOf(test: FixtureTest, key: string): SubjectKind {
  if (key === 'province') return 'province';
  return (test.projects ?? []).some((p) => (p as { id?: unknown } | null)?.id === key) ? 'project' : 'region';
}

/**
 * The subject kinds whose rules no fixture test exercises. "All tests pass" proves nothing of a
 * kind no test evaluates (an empty `tests` passes everything), so a kind with rules needs a test
 * that has subjects of it and expects, of a subject of that kind, the outcome of one of its rules.
 */
export function uncoveredKinds(doc: RuleSetDocument): UncoveredKind[] {
  const kindOfRule = new Map(doc.rules.map((r) => [r.id, r.subject]));
  const covers = (test: FixtureTest, kind: SubjectKind) =>
    (test[SUBJECTS_OF[kind].key]?.length ?? 0) > 0 &&
    Object.entries(test.expect ?? {}).some(
      ([subject, outcomes]) => subjectKindOf(test, subject) === kind && Object.keys(outcomes ?? {}).some((id) => kindOfRule.get(id) === kind),
    );
  return SUBJECT_KINDS.filter((kind) => doc.rules.some((r) => r.subject === kind) && !(doc.tests ?? []).some((t) => covers(t, kind))).map((kind) => ({
    kind,
    message: `没有检验${SUBJECT_LABELS[kind]}规则的测试用例：请至少添加一个含${SUBJECTS_OF[kind].label}、并写明${SUBJECT_LABELS[kind]}规则预期结果的测试用例`,
  }));
}

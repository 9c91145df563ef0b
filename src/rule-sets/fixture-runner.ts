import { InputError } from '../common/errors';
import { Evaluator } from '../evaluation/evaluator';
import { parseProject } from '../projects/project-input';
import { parseRegionProgress } from '../regions/region-progress-input';
import { uncoveredKinds, UncoveredKind } from './fixture-coverage';
import { LoadedRuleSet, Outcome } from './rule-set.types';

export interface FixtureMismatch {
  subject: string;
  ruleId: string;
  expected: Outcome;
  actual: Outcome | 'missing';
  message: string;
}

export interface FixtureResult {
  name: string;
  passed: boolean;
  mismatches: FixtureMismatch[];
  error?: string;
}

export interface FixtureRun {
  ruleSet: { id: string; version: number | null; hash: string };
  /** Every test passed and every subject kind with rules has a test: the publishing gate. */
  passed: boolean;
  total: number;
  failed: number;
  tests: FixtureResult[];
  /** Subject kinds whose rules no test exercises. */
  uncovered: UncoveredKind[];
}

/** Runs a rule set's fixture tests exactly as the CLI would evaluate their subjects. */
export async function runFixtures(ruleSet: LoadedRuleSet): Promise<FixtureRun> {
  const evaluator = new Evaluator(ruleSet);
  const tests: FixtureResult[] = [];
  for (const [i, t] of ruleSet.document.tests.entries()) {
    try {
      const outcomes = new Map<string, Map<string, { outcome: Outcome; message: string }>>();
      const record = (subject: string, results: { ruleId: string; outcome: Outcome; message: string }[]) =>
        outcomes.set(subject, new Map(results.map((r) => [r.ruleId, { outcome: r.outcome, message: r.message }])));
      if (t.projects) {
        const projects = t.projects.map((p, j) => parseProject(p, evaluator.index, `/tests/${i}/projects/${j}`));
        const report = await evaluator.evaluateProjectList(projects, t.stage ?? 'application');
        for (const e of report.evaluations) record(e.subject.id, e.results);
      }
      if (t.regions) {
        const regions = t.regions.map((r, j) => parseRegionProgress(r, evaluator.index, `/tests/${i}/regions/${j}`));
        const report = await evaluator.evaluateRegionList(regions);
        for (const e of report.evaluations) record(e.subject.id, e.results);
      }
      const mismatches: FixtureMismatch[] = [];
      for (const [subject, expected] of Object.entries(t.expect)) {
        for (const [ruleId, outcome] of Object.entries(expected)) {
          const actual = outcomes.get(subject)?.get(ruleId);
          if (actual?.outcome !== outcome) {
            mismatches.push({ subject, ruleId, expected: outcome, actual: actual?.outcome ?? 'missing', message: actual?.message ?? `没有对象“${subject}”的结果` });
          }
        }
      }
      tests.push({ name: t.name, passed: mismatches.length === 0, mismatches });
    } catch (err) {
      const detail = err instanceof InputError ? `${err.message}：${err.details.map((d) => `${d.pointer} ${d.message}`).join('；')}` : (err as Error).message;
      tests.push({ name: t.name, passed: false, mismatches: [], error: detail });
    }
  }
  const failed = tests.filter((t) => !t.passed).length;
  const uncovered = uncoveredKinds(ruleSet.document);
  return {
    ruleSet: { id: ruleSet.document.id, version: ruleSet.version, hash: ruleSet.hash },
    passed: failed === 0 && uncovered.length === 0,
    total: tests.length,
    failed,
    tests,
    uncovered,
  };
}

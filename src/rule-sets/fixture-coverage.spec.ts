import fs from 'node:fs';
import path from 'node:path';
import { uncoveredKinds } from './fixture-coverage';
import { runFixtures } from './fixture-runner';
import { RULES_DIR } from './rule-set-files';
import { loadRuleSetDocument } from './rule-set-loader';
import { RuleSetDocument } from './rule-set.types';

const SHIPPED = JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'hubei-2022.json'), 'utf8')) as RuleSetDocument;

function run(edit: (doc: RuleSetDocument) => void) {
  const doc = structuredClone(SHIPPED);
  edit(doc);
  return runFixtures(loadRuleSetDocument(doc, null));
}

const PROJECT = '没有检验示范项目规则的测试用例：请至少添加一个含项目（projects）、并写明示范项目规则预期结果的测试用例';
const REGION = '没有检验市州进度规则的测试用例：请至少添加一个含市州进度（regions）、并写明市州进度规则预期结果的测试用例';
const PROVINCE = '没有检验全省汇总规则的测试用例：请至少添加一个含市州进度（regions）、并写明全省汇总规则预期结果的测试用例';

/** "All tests pass" must mean something: every subject kind that has rules has a test. */
describe('fixture coverage', () => {
  it('passes the shipped rule set: each kind with rules has a test', async () => {
    const result = await run(() => {});
    expect(result).toMatchObject({ passed: true, failed: 0, uncovered: [] });
  });

  it('does not pass a rule set without tests, naming every kind', async () => {
    const result = await run((doc) => {
      doc.tests = [];
    });
    expect(result).toMatchObject({ passed: false, total: 0, failed: 0 });
    expect(result.uncovered).toEqual([
      { kind: 'project', message: PROJECT },
      { kind: 'region', message: REGION },
      { kind: 'province', message: PROVINCE },
    ]);
  });

  it('does not count a test whose subjects are of another kind, or that expects nothing of the kind', async () => {
    const result = await run((doc) => {
      // Only the project tests stay; one of them claims a region rule but has no regions.
      doc.tests = doc.tests.filter((t) => t.projects?.length);
      doc.tests[0].expect['t-new-ok']['targets.wan'] = 'not_applicable';
      doc.tests.push({ name: '只有市州，没有预期', regions: [{ year: 2022, region: '神农架' }], expect: {} });
    });
    expect(result.uncovered.map((u) => u.kind)).toEqual(['region', 'province']);
    expect(result.passed).toBe(false);
  });

  it('asks nothing of a kind without rules', () => {
    const doc = structuredClone(SHIPPED);
    doc.rules = doc.rules.filter((r) => r.subject === 'project');
    doc.tests = doc.tests.filter((t) => t.projects?.length);
    expect(uncoveredKinds(doc)).toEqual([]);
  });
});

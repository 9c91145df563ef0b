import path from 'node:path';
import { Evaluator } from '../evaluation/evaluator';
import { parseProject } from '../projects/project-input';
import { parseRegionProgress } from '../regions/region-progress-input';
import { runFixtures } from './fixture-runner';
import { readJsonFile, shippedRuleSetFiles } from './rule-set-files';
import { loadRuleSetFile } from './rule-set-loader';
import { validateRuleSet } from './rule-set-validator';
import { Outcome } from './rule-set.types';

const FILES = shippedRuleSetFiles();

/** Every outcome each rule reaches across a rule set's own fixtures. */
async function outcomesSeen(file: string): Promise<Map<string, Set<Outcome>>> {
  const ruleSet = loadRuleSetFile(file);
  const evaluator = new Evaluator(ruleSet);
  const seen = new Map(ruleSet.document.rules.map((r) => [r.id, new Set<Outcome>()]));
  for (const t of ruleSet.document.tests) {
    const reports = [];
    if (t.projects) reports.push(await evaluator.evaluateProjectList(t.projects.map((p) => parseProject(p, evaluator.index)), t.stage ?? 'application'));
    if (t.regions) reports.push(await evaluator.evaluateRegionList(t.regions.map((r) => parseRegionProgress(r, evaluator.index))));
    for (const e of reports.flatMap((r) => r.evaluations)) for (const r of e.results) seen.get(r.ruleId)!.add(r.outcome);
  }
  return seen;
}

describe('rule sets shipped in rules/', () => {
  it('includes the 2022 Hubei rule set', () => {
    expect(FILES.map((f) => path.basename(f))).toContain('hubei-2022.json');
  });

  describe.each(FILES.map((f) => [path.basename(f), f]))('%s', (_name, file) => {
    it('validates without a single problem', () => {
      expect(validateRuleSet(readJsonFile(file, '规则集文件'))).toEqual([]);
    });

    it('references the JSON Schema so editors can check it', () => {
      expect((readJsonFile(file, '规则集文件') as { $schema?: string }).$schema).toBe('./rule-set.schema.json');
    });

    it('passes all its fixture tests', async () => {
      const run = await runFixtures(loadRuleSetFile(file));
      const failures = run.tests.filter((t) => !t.passed);
      expect(failures).toEqual([]);
      expect(run.failed).toBe(0);
      expect(run.total).toBeGreaterThan(0);
    });

    it('shows every rule pass, fail and not_applicable across its fixtures', async () => {
      const seen = await outcomesSeen(file);
      const gaps = [...seen].filter(([, outcomes]) => outcomes.size < 3).map(([id, outcomes]) => `${id}: ${[...outcomes].join(',')}`);
      expect(gaps).toEqual([]);
    });
  });

  describe('hubei-2022 contents', () => {
    const doc = loadRuleSetFile('hubei-2022').document;

    it('has every rule id of the domain.md catalogue, and no other', () => {
      expect(doc.rules.map((r) => r.id).sort()).toEqual(
        [
          'funding.cap.new', 'funding.cap.continued', 'funding.cap.pairing', 'funding.self-funded', 'funding.matching',
          'funding.source-secured', 'eligibility.continued-excellent', 'eligibility.pairing-project', 'quota.region',
          'deadline.recommendation', 'form.complete', 'focus.manufacturing', 'deliverables.five-ones', 'deadline.summary',
          'publicity.reported', 'targets.wan', 'targets.qian', 'targets.bai', 'coverage.training', 'coverage.station',
          'deadline.plan', 'deadline.region-summary', 'coverage.stations-total',
        ].sort(),
      );
    });

    it('has the 17 regions of Annex 3 with targets summing to 10000 / 1000 / 100', () => {
      const regions = doc.tables.regions.rows as { name: string; class: string; targets: Record<string, number> }[];
      expect(regions).toHaveLength(17);
      const sum = (k: 'wan' | 'qian' | 'bai') => regions.reduce((s, r) => s + r.targets[k], 0);
      expect([sum('wan'), sum('qian'), sum('bai')]).toEqual([10000, 1000, 100]);
      const byClass = (c: string) => regions.filter((r) => r.class === c).map((r) => r.name);
      expect(byClass('direct')).toEqual(['仙桃', '天门', '潜江']);
      expect(byClass('forestry')).toEqual(['神农架']);
    });

    it('has the 26 ratings of Annex 1', () => {
      expect(doc.tables.ratings2021.rows).toHaveLength(26);
      expect(doc.tables.ratings2021.rows.filter((r) => r.rating === '优秀')).toHaveLength(7);
    });

    it('writes each amount, quota and date once, as a parameter', () => {
      const text = JSON.stringify([doc.rules, doc.facts, doc.aggregates]);
      for (const literal of ['250000', '200000', '100000', '2022-03-25', '2022-12-15', '"value":150', '"value":50']) {
        expect(text).not.toContain(literal);
      }
    });
  });
});

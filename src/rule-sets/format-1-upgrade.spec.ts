import path from 'node:path';
import { Evaluator } from '../evaluation/evaluator';
import { SubjectEvaluation } from '../evaluation/evaluation.types';
import { parseProject } from '../projects/project-input';
import { parseRegionProgress } from '../regions/region-progress-input';
import { formatOf } from './format-1-upgrade';
import { readJsonFile } from './rule-set-files';
import { ruleSetHash } from './rule-set-hash';
import { loadRuleSetDocument, loadRuleSetFile } from './rule-set-loader';
import { Stage } from './rule-set.types';

const ROOT = path.resolve(__dirname, '..', '..');
const stored1 = readJsonFile(path.join(ROOT, 'test', 'fixtures', 'format-1', 'hubei-2022.json'), 'rule set');
const format1 = loadRuleSetDocument(stored1, 3);
const format2 = loadRuleSetFile('hubei-2022');
const before = new Evaluator(format1);
const after = new Evaluator(format2);

/** What a user reads of an evaluation: every rule's outcome, message, requirement and conditions. */
function readable(e: SubjectEvaluation) {
  return {
    subject: e.subject, compliant: e.compliant, score: e.score, grade: e.grade,
    results: e.results.map((r) => ({ ruleId: r.ruleId, outcome: r.outcome, message: r.message, requirement: r.requirement, conditions: r.conditions, points: r.points, earned: r.earned })),
  };
}

async function projects(evaluator: Evaluator, items: unknown[], stage: Stage) {
  const parsed = items.map((p, i) => parseProject(p, evaluator.index, `/${i}`));
  return (await evaluator.evaluateProjectList(parsed, stage)).evaluations.map(readable);
}

async function regions(evaluator: Evaluator, items: unknown[]) {
  return (await evaluator.evaluateRegionList(items.map((r) => parseRegionProgress(r, evaluator.index)))).evaluations.map(readable);
}

describe('the 2022 rule set in format 1 (as published) and in format 2 (the notice as data)', () => {
  it('keeps the stored document and its hash: an upgrade happens in memory only', () => {
    expect(formatOf(stored1)).toBe(1);
    expect(format1.storedFormat).toBe(1);
    expect(format1.hash).toBe(ruleSetHash(stored1 as object));
    expect(format1.document.formatVersion).toBe(2);
    expect(format2.hash).not.toBe(format1.hash);
  });

  it.each(format2.document.tests.map((t) => [t.name, t] as const))('fixture “%s”: the same outcome and message for every rule', async (_name, t) => {
    if (t.projects) expect(await projects(after, t.projects, t.stage ?? 'application')).toEqual(await projects(before, t.projects, t.stage ?? 'application'));
    if (t.regions) expect(await regions(after, t.regions)).toEqual(await regions(before, t.regions));
  });

  it.each(['application', 'acceptance'] as Stage[])('the sample projects at %s: the same results', async (stage) => {
    const sample = readJsonFile(path.join(ROOT, 'prisma', 'seed', 'projects-2022.json'), 'samples') as unknown[];
    expect(await projects(after, sample, stage)).toEqual(await projects(before, sample, stage));
  });

  it('the sample region progress and the province: the same results', async () => {
    const sample = readJsonFile(path.join(ROOT, 'prisma', 'seed', 'region-progress-2022.json'), 'samples') as unknown[];
    expect(await regions(after, sample)).toEqual(await regions(before, sample));
  });

  it('missing values: a bare project of every category, at both stages', async () => {
    const bare = ['new', 'continued', 'pairing', 'self_funded', 'pilot'].map((category, i) => ({ id: `bare-${i}`, year: 2022, name: `空白项目${i}`, region: '武汉', category }));
    for (const stage of ['application', 'acceptance'] as Stage[]) expect(await projects(after, bare, stage)).toEqual(await projects(before, bare, stage));
    expect(await regions(after, [{ year: 2022, region: '天门' }])).toEqual(await regions(before, [{ year: 2022, region: '天门' }]));
  });
});

import path from 'node:path';
import { seedCommand } from '../src/cli/seed.command';
import { readJsonFile } from '../src/rule-sets/rule-set-files';
import { RuleSetsService } from '../src/rule-sets/rule-sets.service';
import { newProject, ROOT, startTestApp, TestApp } from './support/test-app';

const FORMAT_1 = path.join(ROOT, 'test', 'fixtures', 'format-1', 'hubei-2022.json');

/**
 * An installation from before format 2: hubei-2022 published in format 1, projects evaluated under
 * it. The seed (run by set-up when the shipped rule set changes) publishes the format 2 document as
 * a new version beside it; nothing stored changes, and old evaluations still read as issued.
 */
describe('upgrading a stored format 1 rule set to format 2', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp({ publishRules: false });
    await t.app.get(RuleSetsService).publishDocument(readJsonFile(FORMAT_1, 'rule set'), 'test', 'format 1 as published');
  });
  afterEach(() => t.close());

  it('publishes format 2 as a new active version; stored data and old evaluations are untouched', async () => {
    const created = await t.http.post('/api/projects').send(newProject({ funding: { provincial: 260000, localMatching: 260000, sourceSecured: true } })).expect(201);
    const id = created.body.id as string;
    const before = await t.http.post(`/api/projects/${id}/evaluations`).send({ stage: 'application' }).expect(201);
    expect(before.body.ruleSet).toMatchObject({ id: 'hubei-2022', version: 1 });
    const bodyBefore = (await t.prisma.project.findUnique({ where: { id } }))!.body;
    const v1Row = await t.prisma.ruleSetVersion.findUnique({ where: { ruleSetId_version: { ruleSetId: 'hubei-2022', version: 1 } } });

    expect(await seedCommand()).toBe(0);

    const set = await t.prisma.ruleSet.findUnique({ where: { id: 'hubei-2022' }, include: { versions: true } });
    expect(set!.activeVersion).toBe(2);
    expect(JSON.parse(set!.versions.find((v) => v.version === 2)!.content).formatVersion).toBe(2);
    // Published versions never change.
    const v1After = set!.versions.find((v) => v.version === 1)!;
    expect([v1After.content, v1After.hash]).toEqual([v1Row!.content, v1Row!.hash]);
    expect((await t.prisma.project.findUnique({ where: { id } }))!.body).toBe(bodyBefore);

    // The old evaluation still shows its version and its message as issued.
    const old = await t.http.get(`/api/evaluations/${before.body.id}`).expect(200);
    expect(old.body.ruleSet).toEqual(before.body.ruleSet);
    const cap = (e: { results: { ruleId: string; outcome: string; message: string }[] }) => e.results.find((r) => r.ruleId === 'funding.cap.new');
    expect(cap(old.body)).toMatchObject({ outcome: 'fail', message: '申请省级资金26万元，超过上限25万元' });

    // A new evaluation uses format 2 and says the same.
    const after = await t.http.post(`/api/projects/${id}/evaluations`).send({ stage: 'application' }).expect(201);
    expect(after.body.ruleSet.version).toBe(2);
    expect(after.body.results.map((r: { ruleId: string; outcome: string; message: string }) => [r.ruleId, r.outcome, r.message]))
      .toEqual(before.body.results.map((r: { ruleId: string; outcome: string; message: string }) => [r.ruleId, r.outcome, r.message]));

    // The diff across the formats names what moved into the rule set.
    const diff = await t.http.get('/api/rule-sets/hubei-2022/diff?from=1&to=2').expect(200);
    const texts = diff.body.changes.map((c: { text: string }) => c.text);
    expect(texts).toContain('删除表格「推荐表（附件2）必填字段」');
    expect(texts).toContain('规则 funding.cap.new「新项目省级资金上限」的不符合时提示：{{#if funding.provincial}}申请省级资金{{wan funding.provincial}}，超过上限{{wan param.capNew}}{{else}}未填写申请的省级资金{{/if}} → 申请省级资金{{funding.provincial}}，超过上限{{param.capNew}}');

    // Seeding again changes nothing.
    expect(await seedCommand()).toBe(0);
    expect(await t.prisma.ruleSetVersion.count({ where: { ruleSetId: 'hubei-2022' } })).toBe(2);
  });

  it('leaves a version the bureau edited in force, publishing format 2 beside it', async () => {
    const edited = readJsonFile(FORMAT_1, 'rule set') as { parameters: { name: string; value: unknown }[] };
    edited.parameters.find((p) => p.name === 'capNew')!.value = 300000;
    await t.app.get(RuleSetsService).publishDocument(edited, 'test', '本局修改：上限30万元');
    expect(await seedCommand()).toBe(0);
    const set = await t.prisma.ruleSet.findUnique({ where: { id: 'hubei-2022' } });
    expect(set!.activeVersion).toBe(2);
    expect(await t.prisma.ruleSetVersion.count({ where: { ruleSetId: 'hubei-2022', status: 'published' } })).toBe(3);
  });
});

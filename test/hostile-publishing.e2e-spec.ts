import path from 'node:path';
import { readJsonFile } from '../src/rule-sets/rule-set-files';
import { RuleSetsService } from '../src/rule-sets/rule-sets.service';
import { ROOT, startTestApp, TestApp } from './support/test-app';

const FORMAT_1 = path.join(ROOT, 'test', 'fixtures', 'format-1', 'hubei-2022.json');

/**
 * Publishing gaps: "all tests pass" is no gate when there are no tests, and a Handlebars message
 * (format 1 rule sets) may use only the documented helpers. Each refusal leaves the stored draft,
 * the published versions and the active one exactly as they were.
 */
describe('publishing gate and message helpers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const versions = () => t.prisma.ruleSetVersion.findMany({ orderBy: [{ ruleSetId: 'asc' }, { version: 'asc' }] });

  it('refuses to publish a draft without tests, naming every subject kind without one; nothing changes', async () => {
    await t.http.post('/api/rule-sets/hubei-2022/clone').send({ id: 'hubei-2024', year: 2024, title: '2024年度（无测试）' }).expect(201);
    const draft = (await t.http.get('/api/rule-sets/hubei-2024/draft').expect(200)).body;
    const doc = { ...draft.document, tests: [] };
    await t.http.put('/api/rule-sets/hubei-2024/draft').set('If-Match', `"${draft.revision}"`).send(doc).expect(200);
    const run = await t.http.post('/api/rule-sets/hubei-2024/draft/test').send({}).expect(200);
    expect(run.body).toMatchObject({ passed: false, total: 0, failed: 0 });
    expect(run.body.uncovered.map((u: { kind: string }) => u.kind)).toEqual(['project', 'region', 'province']);

    const before = await versions();
    const sets = await t.prisma.ruleSet.findMany();
    const res = await t.http.post('/api/rule-sets/hubei-2024/draft/publish').set('If-Match', `"${draft.revision + 1}"`).send({ comment: '发布' }).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: '示范项目、市州进度、全省汇总规则没有测试用例，不能发布',
      details: [
        { pointer: '/tests', message: '没有检验示范项目规则的测试用例：请至少添加一个含项目（projects）、并写明示范项目规则预期结果的测试用例' },
        { pointer: '/tests', message: '没有检验市州进度规则的测试用例：请至少添加一个含市州进度（regions）、并写明市州进度规则预期结果的测试用例' },
        { pointer: '/tests', message: '没有检验全省汇总规则的测试用例：请至少添加一个含市州进度（regions）、并写明全省汇总规则预期结果的测试用例' },
      ],
    });
    expect(await versions()).toEqual(before);
    expect(await t.prisma.ruleSet.findMany()).toEqual(sets);
  });

  it('refuses to publish while one kind (the province) has no test, and publishes once it has', async () => {
    const draft = (await t.http.get('/api/rule-sets/hubei-2024/draft').expect(200)).body;
    const shipped = (await t.http.get('/api/rule-sets/hubei-2022/versions/1').expect(200)).body.document;
    const year2024 = (tests: { projects?: { year: number }[]; regions?: { year: number }[] }[]) =>
      JSON.parse(JSON.stringify(tests).replace(/"year":2022/g, '"year":2024'));
    // Every test, without its expectations of the province.
    const withoutProvince = shipped.tests.map((x: { expect: Record<string, unknown> }) => ({ ...x, expect: { ...x.expect, province: undefined } }));
    await t.http.put('/api/rule-sets/hubei-2024/draft').set('If-Match', `"${draft.revision}"`).send({ ...draft.document, tests: year2024(withoutProvince) }).expect(200);
    const refused = await t.http.post('/api/rule-sets/hubei-2024/draft/publish').set('If-Match', `"${draft.revision + 1}"`).send({ comment: '发布' }).expect(400);
    expect(refused.body.message).toBe('全省汇总规则没有测试用例，不能发布');
    expect((await t.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: 'hubei-2024' } }))!.status).toBe('draft');

    await t.http.put('/api/rule-sets/hubei-2024/draft').set('If-Match', `"${draft.revision + 1}"`).send({ ...draft.document, tests: year2024(shipped.tests) }).expect(200);
    const published = await t.http.post('/api/rule-sets/hubei-2024/draft/publish').set('If-Match', `"${draft.revision + 2}"`).send({ comment: '发布' }).expect(200);
    expect(published.body).toMatchObject({ ruleSetId: 'hubei-2024', version: 1, tests: { failed: 0 } });
  });

  it('refuses {{log}}, {{lookup}}, #each, #with, partials and decorators in a Handlebars message on save; the draft is unchanged', async () => {
    await t.app.get(RuleSetsService).publishDocument({ ...(readJsonFile(FORMAT_1, 'rule set') as object), id: 'hubei-2022-f1', year: 2098 }, 'test', '格式1');
    const draft = (await t.http.post('/api/rule-sets/hubei-2022-f1/draft').send({}).expect(201)).body;
    expect(draft.document.messageSyntax).toBe('handlebars');
    const rule = draft.document.rules.find((r: { id: string }) => r.id === 'funding.cap.new');
    const index = draft.document.rules.indexOf(rule);
    const stored = await t.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: 'hubei-2022-f1', status: 'draft' } });
    for (const [template, what] of [
      ['{{log "申请"}}{{wan funding.provincial}}', '“log”'],
      ['{{#log "x"}}申请{{/log}}', '“#log”'],
      ['{{lookup param "capNew"}}', '“lookup”'],
      ['{{#each param}}{{this}}{{/each}}', '“#each”'],
      ['{{#with funding}}{{provincial}}{{/with}}', '“#with”'],
      ['{{#> header}}申请{{/header}}', '局部模板（{{> …}}）'],
      ['{{#* inline "p"}}x{{/inline}}申请', '装饰器（{{* …}}）'],
    ]) {
      const res = await t.http.put('/api/rule-sets/hubei-2022-f1/draft/rules/funding.cap.new').set('If-Match', `"${draft.revision}"`)
        .send({ ...rule, messages: { ...rule.messages, fail: template } }).expect(400);
      expect(res.body.details).toEqual([
        { pointer: `/rules/${index}/messages/fail`, message: `模板不能使用${what}，只能使用 wan、date、join、count、orNone、yesNo 和 #if、#unless 块` },
      ]);
    }
    expect(await t.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: 'hubei-2022-f1', status: 'draft' } })).toEqual(stored);
    // The documented helpers still save.
    await t.http.put('/api/rule-sets/hubei-2022-f1/draft/rules/funding.cap.new').set('If-Match', `"${draft.revision}"`)
      .send({ ...rule, messages: { ...rule.messages, fail: '{{#if funding.provincial}}申请{{wan funding.provincial}}{{else}}未填写{{/if}}' } }).expect(200);
  });
});

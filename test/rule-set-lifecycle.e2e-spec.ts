import { newProject, startTestApp, TestApp } from './support/test-app';

/**
 * A policy officer's spring: clone 2022 into 2023, raise the new-project cap and shrink the
 * prefecture quota, preview the impact, publish, evaluate, roll back — through the API.
 */
describe('rule-set lifecycle (drafts, validation, publish, diff, impact, rollback, audit)', () => {
  let t: TestApp;
  const draftRow = () => t.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: 'hubei-2023', status: 'draft' } });
  const outcome = (results: { ruleId: string; outcome: string }[], id: string) => results.find((r) => r.ruleId === id)!.outcome;

  beforeAll(async () => {
    t = await startTestApp();
    // 2022 projects: A is over the 25万 cap but under 30万; 武汉 and 黄石 each have two new projects.
    await t.http.post('/api/projects').send(newProject({ id: 'wuhan-a', name: '武汉甲', funding: { provincial: 280000, localMatching: 280000, sourceSecured: true } })).expect(201);
    await t.http.post('/api/projects').send(newProject({ id: 'wuhan-b', name: '武汉乙' })).expect(201);
    await t.http.post('/api/projects').send(newProject({ id: 'huangshi-a', name: '黄石甲', region: '黄石' })).expect(201);
    await t.http.post('/api/projects').send(newProject({ id: 'huangshi-b', name: '黄石乙', region: '黄石' })).expect(201);
    await t.http.post('/api/projects').send(newProject({ id: 'xiantao-a', name: '仙桃甲', region: '仙桃' })).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('clones 2022 into a 2023 draft with the same rule ids', async () => {
    const res = await t.http.post('/api/rule-sets/hubei-2022/clone').send({ id: 'hubei-2023', year: 2023, title: '2023年度“万千百十一”质量提升活动' }).expect(201);
    expect(res.body).toMatchObject({ ruleSetId: 'hubei-2023', version: 1, revision: 1, baseRuleSetId: 'hubei-2022', baseVersion: 1 });
    expect(res.body.document.rules.map((r: { id: string }) => r.id)).toContain('funding.cap.new');
    await t.http.post('/api/rule-sets/hubei-2022/clone').send({ id: 'hubei-2023', year: 2023, title: 'x' }).expect(409);
  });

  it('refuses an invalid value with its JSON pointer and leaves the draft byte-for-byte unchanged', async () => {
    const before = await draftRow();
    const res = await t.http.patch('/api/rule-sets/hubei-2023/draft/parameters/capNew').set('If-Match', '"1"').send({ value: '30万' }).expect(400);
    expect(res.body.details).toEqual([{ pointer: '/parameters/0/value', message: '金额应为以元为单位的非负整数' }]);
    await t.http.patch('/api/rule-sets/hubei-2023/draft/parameters/recommendationDeadline').set('If-Match', '"1"').send({ value: '2023-02-30' }).expect(400);
    await t.http.patch('/api/rule-sets/hubei-2023/draft/parameters/capNew').send({ value: 300000 }).expect(400); // no If-Match
    await t.http.put('/api/rule-sets/hubei-2023/draft/rules/funding.cap.new').set('If-Match', '"1"')
      .send({ ...(await t.http.get('/api/rule-sets/hubei-2023/draft')).body.document.rules[0], conditions: { all: [{ fact: 'funding.provincal', operator: 'lessThanInclusive', value: 1 }] } })
      .expect(400);
    expect(await draftRow()).toEqual(before);
  });

  it('lets one of two concurrent edits on the same revision win; the other gets 409 and loses nothing', async () => {
    const [a, b] = await Promise.all([
      t.http.patch('/api/rule-sets/hubei-2023/draft/parameters/capNew').set('If-Match', '"1"').send({ value: 300000 }),
      t.http.patch('/api/rule-sets/hubei-2023/draft/parameters/quotaPrefecture').set('If-Match', '"1"').send({ value: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const draft = (await t.http.get('/api/rule-sets/hubei-2023/draft').expect(200)).body;
    expect(draft.revision).toBe(2);
    // The loser reloads and applies its edit on top of the winner's.
    const loser = a.status === 409 ? ['capNew', 300000] : ['quotaPrefecture', 1];
    const res = await t.http.patch(`/api/rule-sets/hubei-2023/draft/parameters/${loser[0]}`).set('If-Match', '"2"').send({ value: loser[1] }).expect(200);
    expect(res.headers.etag).toBe('"3"');
    const params = Object.fromEntries(res.body.document.parameters.map((p: { name: string; value: unknown }) => [p.name, p.value]));
    expect(params).toMatchObject({ capNew: 300000, quotaPrefecture: 1 });
  });

  it('shows the diff in the terms staff use', async () => {
    const res = await t.http.get('/api/rule-sets/hubei-2023/diff').expect(200);
    expect(res.body.from).toEqual({ id: 'hubei-2022', version: 1, status: 'published' });
    const texts = res.body.changes.map((c: { text: string }) => c.text);
    expect(texts).toEqual(expect.arrayContaining(['新项目省级资金上限：25万元 → 30万元', '市、州推荐新项目上限：2个 → 1个', '年度：2022 → 2023']));
  });

  it('previews the impact: exactly the flipped projects, rule by rule', async () => {
    const res = await t.http.get('/api/rule-sets/hubei-2023/draft/impact').expect(200);
    expect(res.body).toMatchObject({ year: 2022, against: { id: 'hubei-2022', version: 1 }, evaluated: { projects: 5 } });
    const flipped = Object.fromEntries(res.body.changed.map((c: { subject: { id: string }; rules: { ruleId: string; before: string; after: string }[] }) =>
      [c.subject.id, c.rules.map((r) => `${r.ruleId}:${r.before}→${r.after}`).sort()]));
    expect(flipped).toEqual({
      'wuhan-a': ['funding.cap.new:fail→pass', 'quota.region:pass→fail'],
      'wuhan-b': ['quota.region:pass→fail'],
      'huangshi-a': ['quota.region:pass→fail'],
      'huangshi-b': ['quota.region:pass→fail'],
    });
  });

  it('refuses to publish while a fixture fails, and says which', async () => {
    const tests = await t.http.post('/api/rule-sets/hubei-2023/draft/test').expect(200);
    expect(tests.body.passed).toBe(false);
    const res = await t.http.post('/api/rule-sets/hubei-2023/draft/publish').set('If-Match', '"3"').send({ comment: '2023年调整' }).expect(400);
    expect(res.body.details.some((d: { message: string }) => d.message.includes('funding.cap.new 应为 fail'))).toBe(true);
    await t.http.post('/api/rule-sets/hubei-2023/draft/publish').set('If-Match', '"3"').send({}).expect(400); // a comment is required
    expect((await draftRow())!.status).toBe('draft');
  });

  it('publishes once the fixtures are updated, and evaluates existing projects with the new rule set', async () => {
    const draft = (await t.http.get('/api/rule-sets/hubei-2023/draft')).body;
    const doc = JSON.parse(JSON.stringify(draft.document).replace(/250001/g, '300001'));
    doc.tests = doc.tests.filter((x: { name: string }) => !x.name.startsWith('推荐名额'));
    await t.http.put('/api/rule-sets/hubei-2023/draft').set('If-Match', `"${draft.revision}"`).send(doc).expect(200);
    const published = await t.http.post('/api/rule-sets/hubei-2023/draft/publish').set('If-Match', `"${draft.revision + 1}"`).send({ comment: '提高新项目资金上限，压减市州名额' }).expect(200);
    expect(published.body).toMatchObject({ ruleSetId: 'hubei-2023', version: 1, activated: true });
    const evaluation = await t.http.post('/api/projects/wuhan-a/evaluations').send({ ruleSet: { id: 'hubei-2023' } }).expect(201);
    expect(evaluation.body.ruleSet).toMatchObject({ id: 'hubei-2023', version: 1 });
    expect(outcome(evaluation.body.results, 'funding.cap.new')).toBe('pass');
    await t.http.put('/api/rule-sets/hubei-2023/versions/1').send({}).expect(409);
    await t.http.patch('/api/rule-sets/hubei-2023/draft/parameters/capNew').set('If-Match', '"1"').send({ value: 1 }).expect(404);
  });

  it('publishes a new 2022 version, then rolls back by activating the old one', async () => {
    const started = await t.http.post('/api/rule-sets/hubei-2022/draft').send({}).expect(201);
    expect(started.body).toMatchObject({ version: 2, baseVersion: 1 });
    const edited = await t.http.patch('/api/rule-sets/hubei-2022/draft/parameters/capNew').set('If-Match', '"1"').send({ value: 280000 }).expect(200);
    const doc = JSON.parse(JSON.stringify(edited.body.document).replace(/250001/g, '280001'));
    await t.http.put('/api/rule-sets/hubei-2022/draft').set('If-Match', '"2"').send(doc).expect(200);
    await t.http.post('/api/rule-sets/hubei-2022/draft/publish').set('If-Match', '"3"').send({ comment: '上限调整为28万元' }).expect(200);
    const v2 = await t.http.post('/api/projects/wuhan-a/evaluations').send({}).expect(201);
    expect(v2.body.ruleSet.version).toBe(2);
    expect(outcome(v2.body.results, 'funding.cap.new')).toBe('pass');

    await t.http.post('/api/rule-sets/hubei-2022/activate').send({ version: 1, comment: '回滚' }).expect(200);
    const v1 = await t.http.post('/api/projects/wuhan-a/evaluations').send({}).expect(201);
    expect(v1.body.ruleSet.version).toBe(1);
    expect(outcome(v1.body.results, 'funding.cap.new')).toBe('fail');
    expect(v1.body.results.find((r: { ruleId: string }) => r.ruleId === 'funding.cap.new').message).toBe('申请省级资金28万元，超过上限25万元');
    // The v2 evaluation still points at v2 and reads as it did.
    expect((await t.http.get(`/api/evaluations/${v2.body.id}`)).body).toEqual(v2.body);
  });

  it('exports a version as the rules/ file format and imports files only when valid', async () => {
    const exported = await t.http.get('/api/rule-sets/hubei-2022/versions/1/export').expect(200);
    expect(exported.body.$schema).toBe('./rule-set.schema.json');
    const versionsBefore = await t.prisma.ruleSetVersion.count();
    const bad = { ...exported.body, id: 'hubei-2024', rules: [{ ...exported.body.rules[0], conditions: { all: [{ fact: 'funding.provincial', operator: 'between', value: 1 }] } }] };
    const refused = await t.http.post('/api/rule-sets/import').send(bad).expect(400);
    expect(refused.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/rules/0/conditions/all/0/operator' })]));
    expect(await t.prisma.ruleSetVersion.count()).toBe(versionsBefore);
    expect(await t.prisma.ruleSet.findUnique({ where: { id: 'hubei-2024' } })).toBeNull();
    const ok = await t.http.post('/api/rule-sets/import').send({ ...exported.body, id: 'hubei-2024', year: 2024 }).expect(201);
    expect(ok.body).toMatchObject({ ruleSetId: 'hubei-2024', version: 1, revision: 1 });
  });

  it('audits every write with who, when, what and why', async () => {
    const res = await t.http.get('/api/audit?ruleSet=hubei-2023').expect(200);
    const actions = res.body.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['clone', 'draft.parameter', 'draft.replace', 'publish', 'activate']));
    const publish = res.body.find((e: { action: string }) => e.action === 'publish');
    expect(publish).toMatchObject({ comment: '提高新项目资金上限，压减市州名额', user: expect.any(String) });
    expect(publish.diff.map((c: { text: string }) => c.text)).toContain('新项目省级资金上限：25万元 → 30万元');
    const edit = res.body.find((e: { action: string; diff: { key: string }[] }) => e.action === 'draft.parameter' && e.diff[0].key === 'capNew');
    expect(edit.diff[0]).toMatchObject({ kind: 'parameter', from: 250000, to: 300000 });
    const rollback = (await t.http.get('/api/audit?ruleSet=hubei-2022').expect(200)).body.find((e: { action: string; comment: string }) => e.action === 'activate' && e.comment === '回滚');
    expect(rollback.diff).toEqual({ from: 2, to: 1 });
  });

  it('adds a field, a derived fact and a rule reading them without the JSON tab; published, the evaluations follow', async () => {
    const url = (suffix: string) => `/api/rule-sets/hubei-2023/draft${suffix}`;
    await t.http.post(url('')).send({}).expect(201);
    await t.http.post(url('/model/project/fields')).set('If-Match', '"1"')
      .send({ key: 'chain.partners', label: '带动上下游企业数', type: 'integer', unit: '家', section: 'cluster', min: 0 }).expect(201);
    await t.http.post(url('/facts')).set('If-Match', '"2"')
      .send({ name: 'chain.partnersShare', subject: 'project', label: '带动企业占集群企业的比例', type: 'number', cel: 'input.chain.partners / input.cluster.enterprises' }).expect(201);
    await t.http.post(url('/rules')).set('If-Match', '"3"').send({
      id: 'chain.partners', title: '带动上下游企业', clause: '三', category: 'eligibility', subject: 'project', stage: 'application', severity: 'warning',
      requirement: '带动上下游企业数不少于集群企业数的四分之一', conditions: { all: [{ fact: 'chain.partnersShare', operator: 'greaterThanInclusive', value: 0.25 }] },
      messages: { pass: '带动企业占比{{chain.partnersShare}}', fail: '带动企业占比{{chain.partnersShare}}，不足0.25', missing: [{ fact: 'chain.partners', message: '未填写带动上下游企业数' }] },
    }).expect(201);
    await t.http.post(url('/publish')).set('If-Match', '"4"').send({ comment: '新增带动上下游企业要求' }).expect(200);

    const filled = await t.http.post('/api/projects').send(newProject({ id: 'wuhan-2023-a', year: 2023, name: '武汉链主甲', chain: { partners: 40 } })).expect(201);
    expect(filled.body.chain).toEqual({ partners: 40 });
    await t.http.post('/api/projects').send(newProject({ id: 'wuhan-2023-b', year: 2023, name: '武汉链主乙' })).expect(201);
    const result = async (id: string) => (await t.http.post(`/api/projects/${id}/evaluations`).send({}).expect(201)).body.results.find((r: { ruleId: string }) => r.ruleId === 'chain.partners');
    expect(await result('wuhan-2023-a')).toMatchObject({ outcome: 'pass', message: '带动企业占比0.3333' });
    expect(await result('wuhan-2023-b')).toMatchObject({ outcome: 'fail', message: '未填写带动上下游企业数' });
  });
});

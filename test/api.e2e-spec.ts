import { newProject, startTestApp, TestApp } from './support/test-app';

describe('REST API: projects, region progress and evaluations (real SQLite file)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const byRule = (results: { ruleId: string }[], id: string) => results.find((r) => r.ruleId === id) as Record<string, unknown>;

  it('lists the seeded 2022 rule set with its active version and hash', async () => {
    const res = await t.http.get('/api/rule-sets').expect(200);
    expect(res.body).toEqual([expect.objectContaining({ id: 'hubei-2022', year: 2022, activeVersion: 1 })]);
    const one = await t.http.get('/api/rule-sets/hubei-2022').expect(200);
    expect(one.body.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(one.body.document.parameters.find((p: { name: string }) => p.name === 'capNew').value).toBe(250000);
    expect(one.body.document.rules).toHaveLength(23);
  });

  it('creates a project with a readable id and the region normalised to its short name', async () => {
    const res = await t.http.post('/api/projects').send(newProject({ region: '武汉市' })).expect(201);
    expect(res.body).toMatchObject({ id: 'wuhan-2022-01', region: '武汉', revision: 1 });
    const stored = await t.prisma.project.findUnique({ where: { id: 'wuhan-2022-01' } });
    expect(JSON.parse(stored!.body).region).toBe('武汉');
  });

  it('refuses an invalid project with one entry per field and writes nothing', async () => {
    const before = await t.prisma.project.count();
    const res = await t.http
      .post('/api/projects')
      .send(newProject({ name: '坏项目', region: '火星', funding: { provincial: '25万', localMatching: 1 }, submitted: { recommendation: '2022-02-30' }, extra: 1 }))
      .expect(400);
    const pointers = res.body.details.map((d: { pointer: string }) => d.pointer).sort();
    expect(pointers).toEqual(['/extra', '/funding/provincial', '/region', '/submitted/recommendation']);
    expect(res.body.details.find((d: { pointer: string }) => d.pointer === '/region').message).toContain('神农架');
    expect(await t.prisma.project.count()).toBe(before);
  });

  it('answers malformed JSON with a 400 that says so', async () => {
    const res = await t.http.post('/api/projects').set('content-type', 'application/json').send('{"year": 2022,').expect(400);
    expect(res.body.message).toContain('不是有效的 JSON');
  });

  it('refuses a duplicate name in the same region and year with 409', async () => {
    const res = await t.http.post('/api/projects').send(newProject()).expect(409);
    expect(res.body.message).toContain('同名项目');
  });

  it('refuses a stale update with 409 and leaves the stored row as it was', async () => {
    const before = await t.prisma.project.findUnique({ where: { id: 'wuhan-2022-01' } });
    await t.http.put('/api/projects/wuhan-2022-01').set('If-Match', '"7"').send(newProject({ name: '改名' })).expect(409);
    const after = await t.prisma.project.findUnique({ where: { id: 'wuhan-2022-01' } });
    expect(after).toEqual(before);
    const ok = await t.http.put('/api/projects/wuhan-2022-01').set('If-Match', '"1"').send(newProject({ leadingProduct: '光纤激光器' })).expect(200);
    expect(ok.body).toMatchObject({ revision: 2, leadingProduct: '光纤激光器' });
  });

  it('stores an evaluation with the exact rule-set version, hash, facts and every rule', async () => {
    const res = await t.http.post('/api/projects/wuhan-2022-01/evaluations').send({ stage: 'application' }).expect(201);
    const ruleSet = await t.http.get('/api/rule-sets/hubei-2022');
    expect(res.body.ruleSet).toEqual({ id: 'hubei-2022', version: 1, hash: ruleSet.body.hash });
    expect(res.body.results).toHaveLength(23);
    expect(res.body.compliant).toBe(true);
    expect(byRule(res.body.results, 'funding.cap.new')).toMatchObject({
      outcome: 'pass',
      message: '申请省级资金25万元，未超过上限25万元',
      conditions: [{ fact: 'funding.provincial', operator: 'lessThanInclusive', expected: 250000, actual: 250000, result: true }],
    });
    expect(res.body.facts['funding.provincial']).toBe(250000);
    const again = await t.http.get(`/api/evaluations/${res.body.id}`).expect(200);
    expect(again.body).toEqual(res.body);
    const list = await t.http.get('/api/projects/wuhan-2022-01/evaluations').expect(200);
    expect(list.body.map((e: { id: string }) => e.id)).toContain(res.body.id);
  });

  it('counts the stored new projects of a region for the quota, and fails every one over it', async () => {
    for (const name of ['襄阳甲', '襄阳乙', '襄阳丙']) await t.http.post('/api/projects').send(newProject({ name, region: '襄阳' })).expect(201);
    const projects = (await t.http.get('/api/projects?year=2022&region=襄阳').expect(200)).body as { id: string }[];
    expect(projects).toHaveLength(3);
    for (const p of projects) {
      const res = await t.http.post(`/api/projects/${p.id}/evaluations`).send({}).expect(201);
      expect(byRule(res.body.results, 'quota.region')).toMatchObject({
        outcome: 'fail',
        message: '襄阳（市、州）2022年度推荐新项目3个，超过限额2个',
      });
      expect(res.body.compliant).toBe(false);
    }
  });

  it('evaluates a posted project as a dry run without storing anything', async () => {
    const before = await t.prisma.evaluation.count();
    const res = await t.http
      .post('/api/evaluate')
      .send({ stage: 'application', project: newProject({ name: '试评估', region: '仙桃', funding: { provincial: 250001, localMatching: 250001, sourceSecured: true } }) })
      .expect(200);
    expect(res.body.ruleSet.id).toBe('hubei-2022');
    expect(byRule(res.body.evaluations[0].results, 'funding.cap.new')).toMatchObject({ outcome: 'fail', message: '申请省级资金25.0001万元，超过上限25万元' });
    expect(await t.prisma.evaluation.count()).toBe(before);
    expect(await t.prisma.project.count({ where: { name: '试评估' } })).toBe(0);
    const bad = await t.http.post('/api/evaluate').send({ project: newProject({ category: 'unknown' }) }).expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ pointer: '/project/category' })]);
  });

  it('answers unknown ids with 404', async () => {
    await t.http.get('/api/projects/nope').expect(404);
    await t.http.post('/api/projects/nope/evaluations').send({}).expect(404);
    await t.http.get('/api/evaluations/nope').expect(404);
    await t.http.get('/api/rule-sets/nope').expect(404);
  });

  it('stores region progress and evaluates it and the province', async () => {
    await t.http
      .put('/api/regions/神农架林区/progress/2022')
      .send({ achieved: { wan: 50, qian: 3, bai: 0 }, counties: [{ name: '松柏镇', trainings: 1, trainees: 49, stations: 1 }], submitted: { plan: '2022-03-25' } })
      .expect(200);
    const res = await t.http.post(`/api/regions/${encodeURIComponent('神农架')}/evaluations`).send({ year: 2022 }).expect(201);
    expect(res.body.subject).toMatchObject({ kind: 'region', id: '神农架' });
    expect(byRule(res.body.results, 'targets.bai')).toMatchObject({ outcome: 'fail', message: '神农架已培育0家标杆企业，未完成任务数1家' });
    expect(byRule(res.body.results, 'coverage.training')).toMatchObject({ outcome: 'fail', message: '1个县市区培训未达标：松柏镇' });
    expect(byRule(res.body.results, 'deadline.plan').outcome).toBe('pass');
    const province = await t.http.post('/api/province/evaluations').send({ year: 2022 }).expect(201);
    expect(byRule(province.body.results, 'coverage.stations-total')).toMatchObject({ outcome: 'fail', message: '全省已建成“一站式”服务站1个，未达到150个' });
    const bad = await t.http.put('/api/regions/神农架/progress/2022').send({ achieved: { wan: -1 } }).expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ pointer: '/achieved/wan' })]);
    const stored = await t.http.get('/api/regions/神农架/progress/2022').expect(200);
    expect(stored.body.achieved.wan).toBe(50);
  });

  it('publishes the OpenAPI document', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/projects', '/api/evaluate', '/api/projects/{id}/evaluations']));
  });
});

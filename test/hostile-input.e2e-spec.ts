import { newProject, startTestApp, TestApp } from './support/test-app';

/** Hostile bodies: too big, unknown fields, prototype keys, absurd nesting; no internals in any answer. */
describe('hostile input', () => {
  let t: TestApp;
  let projectId: string;

  beforeAll(async () => {
    t = await startTestApp();
    projectId = (await t.http.post('/api/projects').send(newProject()).expect(201)).body.id;
    await t.http.post('/api/rule-sets/hubei-2022/clone').send({ id: 'hubei-2099', year: 2099, title: '测试' }).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  const noInternals = (text: string) => {
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|SELECT |INSERT |prisma|sqlite|\/work\//i);
  };

  it('answers 413 with the usual JSON error for a body over 2 MB', async () => {
    const res = await t.http.post('/api/evaluate').set('content-type', 'application/json').send(JSON.stringify({ project: { name: 'x'.repeat(2.5 * 1024 * 1024) } })).expect(413);
    expect(res.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: '请求内容过大' });
  });

  it.each([
    ['post', () => `/api/projects/${projectId}/evaluations`, { stage: 'application', extra: 1 }],
    ['put', () => `/api/projects/${projectId}`, { ...newProject(), extra: 1 }],
    ['post', () => '/api/regions/progress', { year: 2022, region: '武汉', extra: 1 }],
    ['post', () => `/api/regions/${encodeURIComponent('武汉')}/evaluations`, { year: 2022, extra: 1 }],
    ['post', () => '/api/province/evaluations', { year: 2022, extra: 1 }],
    ['post', () => '/api/evaluate', { project: newProject(), extra: 1 }],
    ['post', () => '/api/rule-sets/hubei-2022/activate', { version: 1, comment: '回滚', extra: 1 }],
    ['post', () => '/api/rule-sets/hubei-2022/clone', { id: 'hubei-2098', year: 2098, title: 'x', extra: 1 }],
    ['post', () => '/api/rule-sets/hubei-2099/draft/publish', { comment: '发布', extra: 1 }],
    ['patch', () => '/api/rule-sets/hubei-2099/draft/parameters/capNew', { value: 1, extra: 1 }],
    ['post', () => '/api/users', { name: 'n1', role: 'viewer', extra: 1 }],
    ['patch', () => '/api/users/test-admin', { extra: 1 }],
    ['post', () => '/api/users/test-admin/tokens', { extra: 1 }],
  ] as const)('refuses an unknown field: %s %s', async (method, url, body) => {
    const res = await t.http[method](url()).set('If-Match', '"1"').send(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.details)).toContain('/extra');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a "%s" key anywhere in a body, naming where', async (key) => {
    const body = `{"project":{"year":2022,"contact":{"${key}":{"isAdmin":true}}}}`;
    const res = await t.http.post('/api/evaluate').set('content-type', 'application/json').send(body).expect(400);
    expect(res.body.details).toEqual([{ pointer: `/project/contact/${key}`, message: `不允许使用字段名“${key}”` }]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses absurdly deep nesting with a clear reason, quickly', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const started = Date.now();
    const res = await t.http.post('/api/evaluate').set('content-type', 'application/json').send(deep).expect(400);
    expect(res.body.details[0].message).toContain('嵌套层级超过');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses prototype keys in a rule-set draft edit and leaves the draft unchanged', async () => {
    const before = await t.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: 'hubei-2099', status: 'draft' } });
    await t.http.patch('/api/rule-sets/hubei-2099/draft/parameters/capNew').set('If-Match', '"1"').set('content-type', 'application/json').send('{"value":1,"__proto__":{"x":1}}').expect(400);
    expect(await t.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: 'hubei-2099', status: 'draft' } })).toEqual(before);
  });

  it('sends security headers and never a stack trace, SQL or path in an error', async () => {
    const res = await t.http.get('/api/projects/%E0%A4%A').send();
    expect(res.status).toBeLessThan(500);
    const health = await t.anonymous.get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', database: 'ok', renderer: { state: expect.stringMatching(/^(idle|running)$/) } });
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['content-security-policy']).toContain("default-src 'self'");
    expect(health.headers['x-powered-by']).toBeUndefined();
    for (const r of [
      await t.http.post('/api/projects').set('content-type', 'application/json').send('{"year": 2022,'),
      await t.http.get('/api/evaluations/no-such'),
      await t.http.get('/api/rule-sets/x/versions/abc'),
      await t.http.post('/api/projects/import').set('Content-Type', 'text/csv').send(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02])),
      await t.http.post('/api/evaluate').send({ project: { year: 'DROP TABLE Project' } }),
    ]) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      noInternals(JSON.stringify(r.body));
    }
  });

  const draftRow = () => t.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: 'hubei-2099', status: 'draft' } });

  it.each([
    ['get', '/api/projects?category=new&category=pairing', 'category'],
    ['get', `/api/projects?region=${encodeURIComponent('武汉')}&region=${encodeURIComponent('黄石')}`, 'region'],
    ['get', '/api/projects?year=2022&year=2023', 'year'],
    ['get', '/api/regions?year=2022&year=2023', 'year'],
    ['get', '/api/regions/progress?year=2022&year=2023', 'year'],
    ['get', '/api/audit?ruleSet=a&ruleSet=b', 'ruleSet'],
    ['get', '/api/rule-sets/hubei-2022/diff?from=1&from=2', 'from'],
    ['get', '/api/reports/summary.pdf?year=2022&region=a&region=b', 'region'],
    ['get', '/api/reports/projects.zip?year=2022&region=a&region=b', 'region'],
    ['get', '/api/templates/region-progress.xlsx?region=a&region=b', 'region'],
    ['get', '/api/exports/evaluations.csv?year=2022&year=2023', 'year'],
    ['delete', () => `/api/projects/${projectId}?force=1&force=2`, 'force'],
  ] as const)('refuses a repeated query parameter: %s %s', async (method, url, name) => {
    const res = await t.http[method](typeof url === 'function' ? url() : url);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: `查询参数 ${name} 只能出现一次`, details: [{ pointer: `?${name}`, message: '出现了 2 次，请只保留一个' }] });
    expect(await t.prisma.project.findUnique({ where: { id: projectId } })).not.toBeNull();
  });

  it('refuses tables, fields, columns and parameters named like the properties of every object, and finds no table by such a name', async () => {
    const before = await draftRow();
    const table = (name: string) => ({ name, label: `表${name}`, key: 'id', columns: [{ key: 'id', label: '标识', type: 'text' }], rows: [] });
    for (const name of ['toString', 'valueOf', 'hasOwnProperty', 'constructor']) {
      const res = await t.http.post('/api/rule-sets/hubei-2099/draft/tables').set('If-Match', `"${before!.revision}"`).send(table(name));
      expect(res.status).toBe(400);
      expect(res.body.details).toContainEqual({ pointer: `/tables/${name}`, message: expect.stringMatching(new RegExp(`^(“${name}”是系统保留的名称，不能用作标识，请另取一个|不允许使用字段名“${name}”)$`)) });
    }
    const field = await t.http.post('/api/rule-sets/hubei-2099/draft/model/project/fields').set('If-Match', `"${before!.revision}"`).send({ key: 'toString', label: '测试', type: 'text' });
    expect(field.status).toBe(400);
    expect(field.body.details).toEqual([{ pointer: expect.stringMatching(/^\/model\/project\/fields\/\d+\/key$/), message: '“toString”是系统保留的名称，不能用作标识，请另取一个' }]);
    const column = await t.http.post('/api/rule-sets/hubei-2099/draft/tables/regions/columns').set('If-Match', `"${before!.revision}"`).send({ key: 'targets.valueOf', label: '测试', type: 'integer' });
    expect(column.body.details).toEqual([{ pointer: expect.stringMatching(/^\/tables\/regions\/columns\/\d+\/key$/), message: '“valueOf”是系统保留的名称，不能用作标识，请另取一个' }]);
    const parameter = await t.http.post('/api/rule-sets/hubei-2099/draft/parameters').set('If-Match', `"${before!.revision}"`).send({ name: 'valueOf', label: '测试', type: 'integer', value: 1 });
    expect(parameter.status).toBe(400);
    expect(JSON.stringify(parameter.body.details)).toContain('“valueOf”是系统保留的名称，不能用作标识，请另取一个');
    for (const name of ['constructor', '__proto__', 'toString']) {
      for (const [method, url] of [['post', `tables/${name}`], ['put', `tables/${name}/x`], ['delete', `tables/${name}/x`], ['delete', `tables/${name}`], ['delete', `tables/${name}/columns/id`]] as const) {
        const res = await t.http[method](`/api/rule-sets/hubei-2099/draft/${url}`).set('If-Match', `"${before!.revision}"`).send({ id: 'x' });
        expect(res.status).toBe(404);
        expect(res.body.message).toMatch(new RegExp(`^表格“${name}”不存在`));
      }
    }
    expect(await draftRow()).toEqual(before);
  });

  it('encodes user text in Content-Disposition and answers 404, not 500, for a rule-set id with CR/LF or Chinese', async () => {
    const res = await t.http.get('/api/rule-sets/hubei-2022/versions/1/export').expect(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="hubei-2022-v1.json"; filename*=UTF-8''hubei-2022-v1.json`);
    for (const id of ['hubei\r\nX-Evil: 1', '湖北-2022', 'a"; filename=evil.exe']) {
      for (const url of [`/api/rule-sets/${encodeURIComponent(id)}/versions/1/export`, `/api/rule-sets/${encodeURIComponent(id)}/draft/export`]) {
        const refused = await t.http.get(url);
        expect(refused.status).toBe(404);
        expect(refused.body.message).toContain(`规则集“${id}”`);
        expect(refused.headers['x-evil']).toBeUndefined();
        expect(refused.headers['content-disposition']).toBeUndefined();
      }
    }
  });
});

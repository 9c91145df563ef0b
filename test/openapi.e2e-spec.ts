import SwaggerParser from '@apidevtools/swagger-parser';
import { Response } from 'supertest';
import { operationRoutes } from '../src/common/openapi/operation-routes';
import { VerificationService } from '../src/verification/verification.service';
import { OpenApiContract } from './support/openapi-contract';
import { newProject, startTestApp, TestApp } from './support/test-app';

type Schema = Record<string, any>;
type Operation = { operationId: string; security?: Record<string, string[]>[]; requestBody?: Schema; responses: Record<string, Schema>; parameters?: Schema[] };
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Schema> } };

const UNSAFE = ['post', 'put', 'patch', 'delete'];
const ERROR_BODY = { $ref: '#/components/schemas/ErrorBody' };

function operations(doc: Doc): { path: string; method: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
}

describe('OpenAPI document at /docs-json: what integrators generate clients from', () => {
  let t: TestApp;
  let doc: Doc;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.anonymous.get('/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await t.close();
  });

  it('is a valid OpenAPI 3.0 document (swagger-parser), with 3.0 nullables and no 3.1 type lists', async () => {
    expect(doc.openapi).toBe('3.0.0');
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    expect(JSON.stringify(doc)).not.toMatch(/"type":\[/);
    // The user-management bodies come from the validators' JSON Schemas ({"type":["string","null"]}).
    const region = doc.paths['/api/users'].post.requestBody!.content['application/json'].schema.properties.region;
    expect(region).toEqual({ type: 'string', maxLength: 32, nullable: true });
    // Swagger UI at /docs shows the same document, record schemas included.
    const ui = await t.anonymous.get('/docs/swagger-ui-init.js').expect(200);
    expect(ui.text).toContain('本文档按规则集 hubei-2022 第 1 版');
  });

  it('documents the real GET of a rule-set version; the @All refusal of writes is no operation (no "search" method)', () => {
    const item = doc.paths['/api/rule-sets/{id}/versions/{version}'];
    expect(Object.keys(item)).toEqual(['get']);
    expect(item.get.operationId).toBe('RuleSetsController_version');
    expect(item.get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/RuleSetVersion' });
    expect(operations(doc).map((o) => o.method).filter((m) => !['get', 'post', 'put', 'patch', 'delete'].includes(m))).toEqual([]);
  });

  it('declares the bearer token and the session cookie with its CSRF header', () => {
    expect(doc.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', description: expect.stringContaining('Authorization: Bearer nct_') }),
      session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'nc_session' }),
      csrf: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' }),
    });
  });

  it('every operation: the success status Nest answers with its body, the security the guard applies, the error body on every refusal', () => {
    const routes = operationRoutes(t.app);
    const problems: string[] = [];
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(70);
    for (const { path, method, op } of ops) {
      const at = `${method.toUpperCase()} ${path}`;
      const route = routes.get(op.operationId);
      if (!route) {
        problems.push(`${at}: no route ${op.operationId}`);
        continue;
      }
      const success = Object.keys(op.responses).filter((c) => c.startsWith('2'));
      if (success.join() !== String(route.status)) problems.push(`${at}: documents ${success.join()} but answers ${route.status}`);
      const body = op.responses[String(route.status)];
      if (route.status !== 204) {
        const schemas = Object.values(body?.content ?? {}).map((m: Schema) => m.schema);
        if (schemas.length === 0 || schemas.some((s) => !s || (!s.$ref && !s.type && !s.items))) problems.push(`${at}: no schema for ${route.status}`);
      }
      for (const [code, response] of Object.entries(op.responses)) {
        if (Number(code) >= 400 && JSON.stringify(response.content) !== JSON.stringify({ 'application/json': { schema: ERROR_BODY } })) problems.push(`${at}: ${code} without the error body`);
      }
      if (route.decision.kind === 'public') {
        if (op.security?.length !== 0) problems.push(`${at}: public, but security ${JSON.stringify(op.security)}`);
      } else {
        const session = UNSAFE.includes(method) ? { session: [], csrf: [] } : { session: [] };
        if (JSON.stringify(op.security) !== JSON.stringify([{ bearer: [] }, session])) problems.push(`${at}: security ${JSON.stringify(op.security)}`);
        if (!op.responses['401'] || !op.responses['403']) problems.push(`${at}: no 401/403`);
      }
      if (UNSAFE.includes(method) && !op.responses['503']?.headers?.['Retry-After']) problems.push(`${at}: a write without 503 and Retry-After`);
    }
    expect(problems).toEqual([]);
    // Public: health, sign-in and the verification of printed reports; everything else names the roles that may call it.
    expect(ops.filter((o) => o.op.security?.length === 0).map((o) => `${o.method} ${o.path}`).sort()).toEqual(['get /api/verify/{evaluationId}', 'get /health', 'post /api/auth/login']);
    expect(doc.paths['/api/audit'].get).toMatchObject({ description: '可调用的角色：admin、policy' });
  });

  it('describes files with their media types, and 503 with Retry-After where the print queue may refuse', () => {
    const content = (path: string) => Object.keys(doc.paths[path].get.responses['200'].content);
    expect(content('/api/evaluations/{id}/report.pdf')).toEqual(['application/pdf']);
    expect(content('/api/reports/summary.pdf')).toEqual(['application/pdf']);
    expect(content('/api/reports/projects.zip')).toEqual(['application/zip']);
    expect(content('/api/templates/projects.xlsx')).toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(content('/api/exports/evaluations.csv')).toEqual(['text/csv; charset=utf-8', 'text/csv; charset=gbk']);
    expect(doc.paths['/api/evaluations/{id}/report.pdf'].get.responses['200'].content['application/pdf'].schema).toEqual({ type: 'string', format: 'binary' });
    for (const path of ['/api/evaluations/{id}/report.pdf', '/api/regions/{region}/report.pdf', '/api/reports/summary.pdf', '/api/reports/projects.zip']) {
      expect(doc.paths[path].get.responses['503']).toMatchObject({ headers: { 'Retry-After': { schema: { type: 'integer' } } }, content: { 'application/json': { schema: ERROR_BODY } } });
    }
    expect(doc.paths['/api/auth/login'].post.responses['429'].headers['Retry-After']).toBeDefined();
  });

  it('documents the body of every draft write and of both imports', () => {
    const missing = operations(doc)
      .filter(({ path, method }) => path.startsWith('/api/rule-sets/{id}/draft') && ['post', 'put', 'patch'].includes(method))
      .filter(({ path }) => !/\/(validate|test)$/.test(path))
      .filter(({ op }) => !op.requestBody?.content['application/json']?.schema?.$ref)
      .map(({ path, method }) => `${method} ${path}`);
    expect(missing).toEqual([]);
    expect(doc.paths['/api/rule-sets/{id}/draft/model/{kind}/fields'].post.requestBody!.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/NewField' });
    expect(doc.components.schemas.NewField.properties.before).toMatchObject({ type: 'string' });
    expect(doc.components.schemas.FieldChange.required).toEqual(['label', 'type']);
    for (const path of ['/api/projects/import', '/api/regions/progress/import']) {
      const body = doc.paths[path].post.requestBody!.content;
      expect(body['multipart/form-data'].schema).toEqual({ type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } });
      expect(body['text/csv'].schema).toEqual({ type: 'string', format: 'binary' });
    }
  });

  it('types projects and region records by the active rule set’s model, and /api/evaluate’s project, projects and regions with them', () => {
    const { schemas } = doc.components;
    expect(schemas.Project.description).toContain('hubei-2022 第 1 版');
    expect(schemas.Project.description).toContain('GET /api/rule-sets/{id}/versions/{version}/schema/project');
    expect(schemas.Project.properties.funding.properties.provincial).toMatchObject({ type: 'integer', title: '省级资金', 'x-unit': '元', nullable: true });
    expect(schemas.Project.properties.region.enum).toContain('神农架');
    expect(schemas.StoredProject.required).toEqual(['id', 'revision', 'year', 'name', 'region', 'category']);
    expect(schemas.ProjectWithRevision.properties.revision).toMatchObject({ type: 'integer' });
    expect(schemas.RegionProgress.properties.counties.items.properties.stations).toMatchObject({ type: 'integer', nullable: true });
    const dryRun = schemas.DryRunRequest.properties;
    expect(dryRun.project).toEqual({ $ref: '#/components/schemas/ProjectWithRevision' });
    expect(dryRun.projects.items).toEqual({ $ref: '#/components/schemas/ProjectWithRevision' });
    expect(dryRun.regions.items).toEqual({ $ref: '#/components/schemas/RegionProgressWithRevision' });
    expect(doc.paths['/api/evaluate'].post.requestBody!.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/DryRunRequest' });
    expect(doc.paths['/api/projects/{id}'].put.requestBody!.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ProjectWithRevision' });
    // A region record's PUT names it in the path: the body may leave out year and region.
    expect(doc.paths['/api/regions/{region}/progress/{year}'].put.requestBody!.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/RegionProgressChange' });
    expect(schemas.RegionProgressChange.required).toBeUndefined();
    expect(schemas.RegionProgress.required).toEqual(['year', 'region']);
  });

  it('answers as it documents: bodies of successes and refusals validate against their schemas', async () => {
    const contract = new OpenApiContract(doc as never);
    const problems: string[] = [];
    /** One call: its status as expected, and its body as the document says for that status. */
    const check = async (method: string, path: string, status: number, call: Promise<Response>): Promise<Response> => {
      const res = await call;
      if (res.status !== status) problems.push(`${method.toUpperCase()} ${path}: ${res.status} instead of ${status} ${JSON.stringify(res.body).slice(0, 300)}`);
      problems.push(...contract.problems(method, path, res));
      // What the service took (superagent keeps the JSON it sent), the document must allow.
      const sent = (res as unknown as { request: { _data?: unknown } }).request._data;
      if (status < 300 && sent !== undefined && typeof sent === 'object' && !Buffer.isBuffer(sent)) problems.push(...contract.requestProblems(method, path, sent));
      return res;
    };
    const http = t.http;
    await check('get', '/health', 200, t.anonymous.get('/health'));
    await check('get', '/api/auth/me', 200, http.get('/api/auth/me'));
    await check('get', '/api/cel-functions', 200, http.get('/api/cel-functions'));
    await check('get', '/api/rule-sets', 200, http.get('/api/rule-sets'));
    await check('get', '/api/rule-sets/{id}', 200, http.get('/api/rule-sets/hubei-2022'));
    await check('get', '/api/rule-sets/{id}/versions', 200, http.get('/api/rule-sets/hubei-2022/versions'));
    await check('get', '/api/rule-sets/{id}/versions/{version}', 200, http.get('/api/rule-sets/hubei-2022/versions/1'));
    await check('get', '/api/rule-sets/{id}/versions/{version}/schema/{kind}', 200, http.get('/api/rule-sets/hubei-2022/versions/1/schema/project'));
    await check('get', '/api/rule-sets/{id}/versions/{version}/export', 200, http.get('/api/rule-sets/hubei-2022/versions/1/export'));
    await check('get', '/api/regions', 200, http.get('/api/regions?year=2022'));

    const created = await check('post', '/api/projects', 201, http.post('/api/projects').send(newProject()));
    const id = created.body.id as string;
    await check('get', '/api/projects', 200, http.get('/api/projects?year=2022'));
    const fetched = await check('get', '/api/projects/{id}', 200, http.get(`/api/projects/${id}`));
    await check('put', '/api/projects/{id}', 200, http.put(`/api/projects/${id}`).send({ ...fetched.body, name: '测试激光产业集群质量提升（修订）' }));
    await check('put', '/api/projects/{id}', 409, http.put(`/api/projects/${id}`).send(fetched.body)); // its revision is stale now
    await check('post', '/api/evaluate', 200, http.post('/api/evaluate').send({ project: fetched.body }));
    const stored = await check('post', '/api/projects/{id}/evaluations', 201, http.post(`/api/projects/${id}/evaluations`).send({ stage: 'application' }));
    await check('get', '/api/projects/{id}/evaluations', 200, http.get(`/api/projects/${id}/evaluations`));
    await check('get', '/api/evaluations/{id}', 200, http.get(`/api/evaluations/${stored.body.id}`));

    const region = { achieved: { wan: 50, qian: 3, bai: 0 }, counties: [{ name: '松柏镇', trainings: 1, trainees: 49, stations: 1 }], submitted: { plan: '2022-03-25' } };
    await check('put', '/api/regions/{region}/progress/{year}', 200, http.put(`/api/regions/${encodeURIComponent('神农架')}/progress/2022`).send(region));
    await check('get', '/api/regions/{region}/progress/{year}', 200, http.get(`/api/regions/${encodeURIComponent('神农架')}/progress/2022`));
    await check('get', '/api/regions/progress', 200, http.get('/api/regions/progress?year=2022'));
    await check('post', '/api/regions/{region}/evaluations', 201, http.post(`/api/regions/${encodeURIComponent('神农架')}/evaluations`).send({ year: 2022 }));
    await check('post', '/api/province/evaluations', 201, http.post('/api/province/evaluations').send({ year: 2022 }));

    const draft = await check('post', '/api/rule-sets/{id}/draft', 201, http.post('/api/rule-sets/hubei-2022/draft').send({}));
    await check('get', '/api/rule-sets/{id}/draft', 200, http.get('/api/rule-sets/hubei-2022/draft'));
    const patched = await check('patch', '/api/rule-sets/{id}/draft/parameters/{name}', 200,
      http.patch('/api/rule-sets/hubei-2022/draft/parameters/capNew').set('If-Match', `"${draft.body.revision}"`).send({ note: '契约测试' }));
    await check('patch', '/api/rule-sets/{id}/draft/parameters/{name}', 409,
      http.patch('/api/rule-sets/hubei-2022/draft/parameters/capNew').set('If-Match', `"${draft.body.revision}"`).send({ note: '过期的修改' }));
    await check('post', '/api/rule-sets/{id}/draft/validate', 200, http.post('/api/rule-sets/hubei-2022/draft/validate'));
    await check('post', '/api/rule-sets/{id}/draft/test', 200, http.post('/api/rule-sets/hubei-2022/draft/test'));
    await check('get', '/api/rule-sets/{id}/draft/impact', 200, http.get('/api/rule-sets/hubei-2022/draft/impact'));
    await check('get', '/api/rule-sets/{id}/diff', 200, http.get('/api/rule-sets/hubei-2022/diff'));
    await check('post', '/api/rule-sets/{id}/draft/facts/check', 200, http.post('/api/rule-sets/hubei-2022/draft/facts/check').send({ subject: 'project', cel: 'input.cluster.enterprises +' }));
    await check('post', '/api/rule-sets/{id}/draft/facts/preview', 200,
      http.post('/api/rule-sets/hubei-2022/draft/facts/preview').send({ subject: 'project', cel: 'input.funding.provincial * 2', type: 'amount', projectId: id }));
    await check('get', '/api/rule-sets/{id}/draft/export', 200, http.get('/api/rule-sets/hubei-2022/draft/export'));
    await check('post', '/api/rule-sets/{id}/draft/publish', 200,
      http.post('/api/rule-sets/hubei-2022/draft/publish').set('If-Match', `"${patched.body.revision}"`).send({ comment: '参数说明' }));
    await check('post', '/api/rule-sets/{id}/activate', 200, http.post('/api/rule-sets/hubei-2022/activate').send({ version: 1, comment: '回滚' }));

    await check('get', '/api/users', 200, http.get('/api/users'));
    await check('post', '/api/users', 201, http.post('/api/users').send({ name: '契约测试', role: 'viewer', token: true }));
    await check('post', '/api/users', 409, http.post('/api/users').send({ name: '契约测试', role: 'viewer' }));
    await check('get', '/api/users/{name}/tokens', 200, http.get(`/api/users/${encodeURIComponent('契约测试')}/tokens`));
    await check('post', '/api/users/{name}/tokens', 201, http.post(`/api/users/${encodeURIComponent('契约测试')}/tokens`).send({ label: '脚本', expiresInDays: 30 }));
    await check('get', '/api/audit', 200, http.get('/api/audit?limit=20'));

    const template = await check('get', '/api/templates/projects.xlsx', 200, http.get('/api/templates/projects.xlsx').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }));
    await check('post', '/api/projects/import', 200, http.post('/api/projects/import?dryRun=true').attach('file', template.body as Buffer, '推荐表.xlsx'));
    await check('get', '/api/exports/evaluations.csv', 200, http.get('/api/exports/evaluations.csv?year=2022&encoding=gbk'));
    await check('get', '/api/verify/{evaluationId}', 200, t.anonymous.get(`/api/verify/${stored.body.id}?c=0000-0000-0000-0000`));
    const code = (await t.app.get(VerificationService).stored(stored.body.id))!.evidence.code;
    const verified = await check('get', '/api/verify/{evaluationId}', 200, t.anonymous.get(`/api/verify/${stored.body.id}?c=${code}`));
    expect(verified.body).toMatchObject({ match: true, scorecard: { year: 2022 } });
    await check('get', '/api/verify/{evaluationId}', 400, t.anonymous.get(`/api/verify/${stored.body.id}?c=xyz`));

    // Refusals: the one error body, with pointers where the input was wrong.
    const bad = await check('post', '/api/projects', 400, http.post('/api/projects').send(newProject({ funding: { provincial: '25万' } })));
    expect(bad.body.details).toEqual([expect.objectContaining({ pointer: '/funding/provincial' })]);
    await check('get', '/api/projects', 401, t.anonymous.get('/api/projects'));
    await check('post', '/api/projects', 403, (await t.as('viewer')).post('/api/projects').send(newProject()));
    await check('get', '/api/projects/{id}', 404, http.get('/api/projects/nope'));
    await check('get', '/api/exports/evaluations.xlsx', 400, http.get('/api/exports/evaluations.xlsx'));
    expect(problems).toEqual([]);
  });

  it('follows the active rule set: a published field appears in the project schema of the next /docs-json', async () => {
    const draft = (await t.http.post('/api/rule-sets/hubei-2022/draft').send({}).expect(201)).body;
    await t.http.post('/api/rule-sets/hubei-2022/draft/model/project/fields').set('If-Match', `"${draft.revision}"`)
      .send({ key: 'chainLeader', label: '链主企业', type: 'text' }).expect(201);
    await t.http.post('/api/rule-sets/hubei-2022/draft/publish').set('If-Match', `"${draft.revision + 1}"`).send({ comment: '新增字段' }).expect(200);
    const next = (await t.anonymous.get('/docs-json').expect(200)).body as Doc;
    expect(next.components.schemas.Project.properties.chainLeader).toEqual({ type: 'string', maxLength: 2000, title: '链主企业', nullable: true });
    expect(next.components.schemas.Project.description).toMatch(/hubei-2022 第 \d 版/);
    expect(doc.components.schemas.Project.properties.chainLeader).toBeUndefined();
  });
});

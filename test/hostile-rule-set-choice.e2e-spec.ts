import fs from 'node:fs';
import path from 'node:path';
import { Agent, newProject, ROOT, startTestApp, TestApp } from './support/test-app';
import JSZip from 'jszip';
import { pdfText } from './support/pdf-tools';

/**
 * A region chooses its own rule set: only policy and admin may evaluate or print under a version
 * other than the year's active one. hubei-2022 version 1 is active; version 2, published but not
 * active, raises the new-project cap to 30万元, so a project asking 26万元 passes under it.
 */
describe('only policy and admin choose a rule set other than the active one', () => {
  let t: TestApp;
  let wuhan: Agent;
  let evaluator: Agent;
  let viewer: Agent;
  let policy: Agent;
  let projectId: string;
  const enc = encodeURIComponent;
  const ACTIVE = '只有政策处和管理员可以按其他规则集评估或出具报表；2022 年度的有效规则集是“hubei-2022”第 1 版';
  const refusal = (pointer: string) => ({
    statusCode: 403, error: 'Forbidden', message: ACTIVE,
    details: [{ pointer, message: '可使用“hubei-2022”第 1 版（不指定规则集即按该版本）' }],
  });
  const capNew = (e: { results: { ruleId: string; outcome: string }[] }) => e.results.find((r) => r.ruleId === 'funding.cap.new')!.outcome;

  beforeAll(async () => {
    t = await startTestApp();
    const draft = (await t.http.post('/api/rule-sets/hubei-2022/draft').send({}).expect(201)).body;
    // The fixture just over the cap moves with it.
    const doc = JSON.parse(JSON.stringify(draft.document).replace(/250001/g, '300001'));
    doc.parameters.find((p: { name: string }) => p.name === 'capNew').value = 300000;
    await t.http.put('/api/rule-sets/hubei-2022/draft').set('If-Match', '"1"').send(doc).expect(200);
    await t.http.post('/api/rule-sets/hubei-2022/draft/publish').set('If-Match', '"2"').send({ comment: '上限30万元（未生效）', activate: false }).expect(200);
    expect((await t.prisma.ruleSet.findUnique({ where: { id: 'hubei-2022' } }))!.activeVersion).toBe(1);
    const funding = { provincial: 260000, localMatching: 260000, sourceSecured: true };
    projectId = (await t.http.post('/api/projects').send(newProject({ name: '武汉超上限项目', funding })).expect(201)).body.id;
    const progress = JSON.parse(fs.readFileSync(path.join(ROOT, 'prisma', 'seed', 'region-progress-2022.json'), 'utf8')) as { region: string }[];
    await t.http.post('/api/regions/progress').send({ ...progress.find((r) => r.region === '武汉') }).expect(201);
    wuhan = await t.as('region', '武汉');
    evaluator = await t.as('evaluator');
    viewer = await t.as('viewer');
    policy = await t.as('policy');
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a region user storing an evaluation under another published version; nothing is stored', async () => {
    const before = await t.prisma.evaluation.findMany();
    for (const [agent, url, body] of [
      [wuhan, `/api/projects/${projectId}/evaluations`, { ruleSet: { id: 'hubei-2022', version: 2 } }],
      [evaluator, `/api/projects/${projectId}/evaluations`, { stage: 'application', ruleSet: { id: 'hubei-2022', version: 2 } }],
      [wuhan, `/api/regions/${enc('武汉')}/evaluations`, { year: 2022, ruleSet: { id: 'hubei-2022', version: 2 } }],
      [evaluator, '/api/province/evaluations', { year: 2022, ruleSet: { id: 'hubei-2022', version: 2 } }],
    ] as [Agent, string, object][]) {
      const res = await agent.post(url).send(body);
      expect([url, res.status, res.body]).toEqual([url, 403, refusal('/ruleSet')]);
    }
    // Another rule set altogether is refused the same way, whether it exists or not.
    const other = await wuhan.post(`/api/projects/${projectId}/evaluations`).send({ ruleSet: { id: 'hubei-2099' } }).expect(403);
    expect(other.body).toEqual(refusal('/ruleSet'));
    expect(await t.prisma.evaluation.findMany()).toEqual(before);
  });

  it('refuses a dry run under another version to region and evaluator users', async () => {
    for (const agent of [wuhan, evaluator]) {
      const res = await agent.post('/api/evaluate').send({ ruleSet: { id: 'hubei-2022', version: 2 }, project: newProject() }).expect(403);
      expect(res.body).toEqual(refusal('/ruleSet'));
    }
  });

  it('lets them name the active version, and evaluates under it', async () => {
    for (const ruleSet of [{ id: 'hubei-2022' }, { id: 'hubei-2022', version: 1 }, undefined]) {
      const res = await wuhan.post(`/api/projects/${projectId}/evaluations`).send({ ruleSet }).expect(201);
      expect(res.body.ruleSet).toMatchObject({ id: 'hubei-2022', version: 1 });
      expect(capNew(res.body)).toBe('fail');
    }
    const dry = await evaluator.post('/api/evaluate').send({ ruleSet: { id: 'hubei-2022', version: 1 }, project: newProject() }).expect(200);
    expect(dry.body.ruleSet.version).toBe(1);
  });

  it('lets policy (dry run) and admin (stored) evaluate under another version', async () => {
    const dry = await policy.post('/api/evaluate').send({ ruleSet: { id: 'hubei-2022', version: 2 }, project: newProject({ funding: { provincial: 260000, localMatching: 260000, sourceSecured: true } }) }).expect(200);
    expect(dry.body.ruleSet.version).toBe(2);
    expect(capNew(dry.body.evaluations[0])).toBe('pass');
    const stored = await t.http.post(`/api/projects/${projectId}/evaluations`).send({ ruleSet: { id: 'hubei-2022', version: 2 } }).expect(201);
    expect(stored.body.ruleSet.version).toBe(2);
    expect(capNew(stored.body)).toBe('pass');
  });

  it('prints the year summary from evaluations under the active version only, though a newer one is stored under version 2', async () => {
    // The newest stored evaluation of the project is the admin's, under version 2 (26万元 passes).
    const newest = await t.prisma.evaluation.findFirst({ where: { projectId }, orderBy: { createdAt: 'desc' } });
    expect(newest!.ruleSetVersion).toBe(2);
    const text = await pdfText((await viewer.get('/api/reports/summary.pdf?year=2022').buffer(true).expect(200)).body);
    expect(text).toContain('武汉超上限项目');
    expect(text).toMatch(/依据规则集：hubei-2022 v1（/);
    expect(text).not.toContain('hubei-2022 v2');
    expect(text).toMatch(/武汉超上限项目[\s\S]*不符合/);
  });

  it('prints the projects ZIP from evaluations under the active version only', async () => {
    const res = await wuhan.get('/api/reports/projects.zip?year=2022').buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const pdfs = Object.keys(zip.files).filter((name) => name.endsWith('.pdf') && name.includes('武汉超上限项目'));
    expect(pdfs).toHaveLength(1);
    const text = pdfText(await zip.files[pdfs[0]].async('uint8array'));
    expect(text).toMatch(/规则集：hubei-2022 v1/);
    expect(text).not.toContain('hubei-2022 v2');
    expect(text).toContain('申请省级资金26万元，超过上限25万元');
  });

  it('prints under another version only for policy, who asks with ?ruleSet=', async () => {
    const refused = await viewer.get('/api/reports/summary.pdf?year=2022&ruleSet=hubei-2022@2').expect(403);
    expect(refused.body).toEqual(refusal('?ruleSet'));
    await wuhan.get('/api/reports/projects.zip?year=2022&ruleSet=hubei-2022@2').expect(403);
    await evaluator.get('/api/exports/evaluations.csv?year=2022&ruleSet=hubei-2022@2').expect(403);
    await wuhan.get(`/api/regions/${enc('武汉')}/report.pdf?year=2022&ruleSet=hubei-2022@2`).expect(403);
    await viewer.get('/api/exports/region-progress.csv?year=2022&ruleSet=hubei-2022@2').expect(403);
    const bad = await policy.get('/api/reports/summary.pdf?year=2022&ruleSet=hubei%0D%0A2022').expect(400);
    expect(bad.body.details[0].pointer).toBe('?ruleSet');

    const text = await pdfText((await policy.get('/api/reports/summary.pdf?year=2022&ruleSet=hubei-2022@2').buffer(true).expect(200)).body);
    expect(text).toMatch(/依据规则集：hubei-2022 v2（/);
    expect(text).not.toContain('hubei-2022 v1');
    const row = (csv: string) => csv.split('\n').find((line) => line.includes('武汉超上限项目'))!;
    const csv = (await policy.get('/api/exports/evaluations.csv?year=2022&ruleSet=hubei-2022@2').buffer(true).expect(200)).text;
    expect(row(csv)).not.toContain('超过上限');
    // The active version stays the default for everyone, policy included.
    const activeCsv = (await policy.get('/api/exports/evaluations.csv?year=2022').buffer(true).expect(200)).text;
    expect(row(activeCsv)).toContain('申请省级资金26万元，超过上限25万元');
  });
});

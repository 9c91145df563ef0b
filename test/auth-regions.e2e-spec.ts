import fs from 'node:fs';
import path from 'node:path';
import { Agent, newProject, ROOT, startTestApp, TestApp } from './support/test-app';

/** A region user works inside one 市州: other regions' data is "not found", other regions' writes forbidden. */
describe('region users are confined to their 市州', () => {
  let t: TestApp;
  let wuhan: Agent;
  let evaluator: Agent;
  let own: string;
  let other: string;
  let otherEvaluation: string;

  beforeAll(async () => {
    t = await startTestApp();
    own = (await t.http.post('/api/projects').send(newProject({ name: '武汉光谷激光质量提升' })).expect(201)).body.id;
    other = (await t.http.post('/api/projects').send(newProject({ name: '黄石模具产业质量提升', region: '黄石', county: '大冶市' })).expect(201)).body.id;
    otherEvaluation = (await t.http.post(`/api/projects/${other}/evaluations`).send({}).expect(201)).body.id;
    const progress = JSON.parse(fs.readFileSync(path.join(ROOT, 'prisma', 'seed', 'region-progress-2022.json'), 'utf8')) as { region: string }[];
    for (const record of progress) await t.http.post('/api/regions/progress').send(record).expect(201);
    await t.http.put(`/api/regions/${encodeURIComponent('武汉')}/progress/2022`).send({ ...progress[0], region: '武汉' }).expect(200);
    wuhan = await t.as('region', '武汉市');
    evaluator = await t.as('evaluator');
  });
  afterAll(async () => {
    await t.close();
  });

  const enc = encodeURIComponent;

  it('lists only its own projects, whatever the filter asks for; evaluators see all', async () => {
    const mine = await wuhan.get('/api/projects').expect(200);
    expect(mine.body.map((p: { region: string }) => p.region)).toEqual(mine.body.map(() => '武汉'));
    expect(mine.body.map((p: { id: string }) => p.id)).toContain(own);
    expect((await wuhan.get(`/api/projects?region=${enc('黄石')}`).expect(200)).body).toEqual([]);
    const all = await evaluator.get('/api/projects').expect(200);
    expect(all.body.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([own, other]));
  });

  it("answers 404 for another region's project, its evaluations and its reports, without a trace of it", async () => {
    for (const res of [
      await wuhan.get(`/api/projects/${other}`),
      await wuhan.put(`/api/projects/${other}`).send(newProject({ region: '武汉' })),
      await wuhan.delete(`/api/projects/${other}`),
      await wuhan.get(`/api/projects/${other}/evaluations`),
      await wuhan.post(`/api/projects/${other}/evaluations`).send({}),
      await wuhan.get(`/api/evaluations/${otherEvaluation}`),
      await wuhan.get(`/api/evaluations/${otherEvaluation}/report.html`),
      await wuhan.get(`/api/reports/summary.pdf?year=2022&region=${enc('黄石')}`),
    ]) {
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('模具');
    }
    expect(await t.prisma.project.count({ where: { id: other } })).toBe(1);
    await evaluator.get(`/api/projects/${other}`).expect(200);
  });

  it('creates and edits only in its own region (403 for another), and is recorded as the author', async () => {
    await wuhan.post('/api/projects').send(newProject({ name: '越界项目', region: '黄石', county: '大冶市' })).expect(403);
    const created = await wuhan.post('/api/projects').send(newProject({ name: '武汉本地项目' })).expect(201);
    await wuhan.put(`/api/projects/${created.body.id}`).send(newProject({ name: '武汉本地项目', region: '黄石', county: '大冶市' })).expect(403);
    await wuhan.put(`/api/projects/${created.body.id}`).send(newProject({ name: '武汉本地项目', leadingProduct: '光模块' })).expect(200);
    const row = await t.prisma.project.findUnique({ where: { id: created.body.id } });
    expect(row!.region).toBe('武汉');
    expect(row!.updatedBy).toMatch(/^test-region-/);
    const audit = await t.prisma.auditLog.findMany({ where: { action: { in: ['POST /api/projects', 'PUT /api/projects/:id'] }, user: row!.updatedBy! } });
    // One row per successful write; the refused ones (403) changed nothing and left none.
    expect(audit.map((a) => a.action).sort()).toEqual(['POST /api/projects', 'PUT /api/projects/:id']);
    const evaluation = await wuhan.post(`/api/projects/${created.body.id}/evaluations`).send({}).expect(201);
    expect((await t.prisma.evaluation.findUnique({ where: { id: evaluation.body.id } }))!.createdBy).toMatch(/^test-region-/);
  });

  it('sees and edits only its own region progress', async () => {
    const list = await wuhan.get('/api/regions/progress').expect(200);
    expect(list.body.map((r: { region: string }) => r.region)).toEqual(['武汉']);
    await wuhan.get(`/api/regions/${enc('武汉')}/progress/2022`).expect(200);
    await wuhan.get(`/api/regions/${enc('神农架')}/progress/2022`).expect(404);
    await wuhan.delete(`/api/regions/${enc('神农架')}/progress/2022`).expect(404);
    await wuhan.post(`/api/regions/${enc('神农架')}/evaluations`).send({ year: 2022 }).expect(404);
    const body = (await evaluator.get(`/api/regions/${enc('神农架')}/progress/2022`).expect(200)).body;
    const { revision: _r, ...record } = body;
    await wuhan.put(`/api/regions/${enc('神农架')}/progress/2022`).send(record).expect(403);
    await wuhan.post('/api/regions/progress').send({ ...record, year: 2022, region: '黄石' }).expect(403);
    // A spreadsheet import cannot reach another region either; nothing is written.
    const before = await t.prisma.regionProgress.findMany();
    await wuhan.post('/api/regions/progress/import?year=2022').set('Content-Type', 'text/csv').send(Buffer.from('市州,百\n神农架,9\n')).expect(403);
    expect(await t.prisma.regionProgress.findMany()).toEqual(before);
  });

  it("answers for another region's report exactly as for a region without data, naming no evaluation of it", async () => {
    const stored = (await evaluator.post(`/api/regions/${enc('神农架')}/evaluations`).send({ year: 2022 }).expect(201)).body.id as string;
    const other = await wuhan.get(`/api/regions/${enc('神农架')}/report.pdf?year=2022`).expect(404);
    const empty = await wuhan.get(`/api/regions/${enc('黄石')}/report.pdf?year=2022`).expect(404);
    expect(JSON.stringify(other.body)).not.toContain(stored);
    expect(other.body).toEqual({ statusCode: 404, error: 'Not Found', message: '神农架没有 2022 年度的进度记录' });
    expect(empty.body).toEqual({ statusCode: 404, error: 'Not Found', message: '黄石没有 2022 年度的进度记录' });
  });

  it("refuses a new project with another region's id for its form, whether or not that project exists", async () => {
    const count = await t.prisma.project.count();
    const taken = await wuhan.post('/api/projects').send(newProject({ id: other, name: '借用他市编号' })).expect(400);
    const free = await wuhan.post('/api/projects').send(newProject({ id: 'huangshi-2022-99', name: '借用他市编号' })).expect(400);
    // The same answer for an id in use and one that is not: nothing tells them apart.
    expect(taken.body).toEqual(free.body);
    expect(taken.body.details).toEqual([{ pointer: '/id', message: '新项目的编号应以“wuhan-2022-”开头（本市州、本年度），或不填由系统生成' }]);
    expect(JSON.stringify(taken.body)).not.toContain('模具');
    expect(await t.prisma.project.count()).toBe(count);
    const own = await wuhan.post('/api/projects').send(newProject({ id: 'wuhan-2022-77', name: '自编号项目' })).expect(201);
    expect(own.body.id).toBe('wuhan-2022-77');
    // Evaluators keep choosing ids freely.
    await evaluator.post('/api/projects').send(newProject({ id: 'gx-001', name: '自定编号项目', region: '黄石', county: '大冶市' })).expect(201);
  });

  it("refuses an import row with another region's id as a problem of that row, and writes nothing", async () => {
    const before = await t.prisma.project.findMany({ orderBy: { id: 'asc' } });
    const audit = await t.prisma.auditLog.count();
    const csv = (id: string) => Buffer.from(`项目编号,项目类别,市州,项目名称\n${id},2022年度新项目,武汉,借用他市编号导入\n`);
    const taken = await wuhan.post('/api/projects/import?year=2022').set('Content-Type', 'text/csv').send(csv(other)).expect(400);
    const free = await wuhan.post('/api/projects/import?year=2022').set('Content-Type', 'text/csv').send(csv('huangshi-2022-98')).expect(400);
    expect(taken.body).toEqual(free.body);
    const problem = { row: 2, column: 'A', header: '项目编号', message: '新项目的编号应以“wuhan-2022-”开头（本市州、本年度），或不填由系统生成' };
    expect(taken.body.details).toEqual([expect.objectContaining(problem)]);
    const dryRun = await wuhan.post('/api/projects/import?year=2022&dryRun=true').set('Content-Type', 'text/csv').send(csv(other)).expect(200);
    expect(dryRun.body.problems).toEqual([expect.objectContaining(problem)]);
    expect(await t.prisma.project.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
    expect(await t.prisma.auditLog.count()).toBe(audit);
    // Its own region's form is imported.
    const ok = await wuhan.post('/api/projects/import?year=2022').set('Content-Type', 'text/csv').send(csv('wuhan-2022-88')).expect(200);
    expect(ok.body.summary).toMatchObject({ create: 1 });
    expect((await t.prisma.project.findUnique({ where: { id: 'wuhan-2022-88' } }))!.region).toBe('武汉');
  });

  it('dry-runs its own projects only, and exports only its own rows', async () => {
    await wuhan.post('/api/evaluate').send({ project: newProject({ name: '试算', region: '黄石', county: '大冶市' }) }).expect(403);
    await wuhan.post('/api/evaluate').send({ project: newProject({ name: '试算' }) }).expect(200);
    const text = (await wuhan.get('/api/exports/evaluations.csv?year=2022').buffer(true).expect(200)).text;
    expect(text).toContain('武汉光谷激光质量提升');
    expect(text).not.toContain('黄石模具产业质量提升');
    const progressCsv = await wuhan.get('/api/exports/region-progress.csv?year=2022').buffer(true).expect(200);
    expect(progressCsv.text).toContain('武汉');
    expect(progressCsv.text).not.toContain('松柏镇');
  });
});

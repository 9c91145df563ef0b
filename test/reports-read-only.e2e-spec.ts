import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { Agent, newProject, ROOT, startTestApp, TestApp } from './support/test-app';
import { pdfTextCompact } from './support/pdf-tools';

/**
 * A scorecard's text in drawing order: in the layout's columns the evaluation id beside the
 * verification block may wrap, depending on the width of the code printed next to it.
 */
const textOf = (pdf: Uint8Array) => pdfTextCompact(pdf, { raw: true });
import { binary } from './support/binary-body';

/**
 * A GET stores nothing (issue 13, item 6): printing the year summary, the projects ZIP or a
 * region's report prints the newest stored evaluation when it is current, else evaluates for the
 * print without storing, and the report says which. Read as a viewer and as a region user.
 */
let t: TestApp;
let evaluator: Agent;
let viewer: Agent;
let wuhan: Agent;
let storedA: string;
let idA: string;
const enc = encodeURIComponent;
const NOT_STORED = '打印时即时评估，未存储';

beforeAll(async () => {
  t = await startTestApp();
  evaluator = await t.as('evaluator');
  viewer = await t.as('viewer');
  wuhan = await t.as('region', '武汉');
  idA = (await evaluator.post('/api/projects').send(newProject({ name: '武汉光谷激光质量提升' })).expect(201)).body.id;
  await evaluator.post('/api/projects').send(newProject({ name: '武汉汽车零部件提升' })).expect(201);
  await evaluator.post('/api/projects').send(newProject({ name: '宜昌磷化工质量提升', region: '宜昌', county: '枝江市' })).expect(201);
  storedA = (await evaluator.post(`/api/projects/${idA}/evaluations`).send({ stage: 'application' }).expect(201)).body.id;
  const progress = JSON.parse(fs.readFileSync(path.join(ROOT, 'prisma', 'seed', 'region-progress-2022.json'), 'utf8')) as { region: string }[];
  await evaluator.post('/api/regions/progress').send(progress.find((r) => r.region === '武汉')).expect(201);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** Runs a GET and checks it wrote nothing: no evaluation row, no audit row. */
async function readOnly(send: () => Promise<{ status: number; body: unknown }>): Promise<Buffer> {
  const evaluations = await t.prisma.evaluation.count();
  const audit = await t.prisma.auditLog.count();
  const res = await send();
  expect(res.status).toBe(200);
  expect(await t.prisma.evaluation.count()).toBe(evaluations);
  expect(await t.prisma.auditLog.count()).toBe(audit);
  return res.body as Buffer;
}

describe.each([
  ['a viewer', () => viewer],
  ['a region user', () => wuhan],
])('printing as %s', (_who, agent) => {
  it('the year summary prints the stored evaluation where current and says which rows were evaluated for the print', async () => {
    const pdf = await readOnly(() => agent().get('/api/reports/summary.pdf?year=2022').buffer(true).parse(binary));
    const text = textOf(pdf);
    // The stored one unmarked, the one evaluated for the print marked *.
    expect(text).toContain('1武汉光谷激光质量提升武汉');
    expect(text).toContain('2武汉汽车零部件提升*武汉');
    const others = agent() === viewer ? 2 : 1; // the region user's summary holds only 武汉's projects
    expect(text).toContain(`依据存储的评估记录1项；标*的${others}项打印时即时评估，未存储`);
  });

  it("each project's scorecard in the ZIP says whether it prints a stored evaluation", async () => {
    const zip = await JSZip.loadAsync(await readOnly(() => agent().get(`/api/reports/projects.zip?year=2022&region=${enc('武汉')}`).buffer(true).parse(binary)));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.failures).toEqual([]);
    const texts = await Promise.all(manifest.reports.map(async (r: { file: string }) => textOf(await zip.file(r.file)!.async('uint8array'))));
    const stored = texts.find((x) => x.includes('武汉光谷激光质量提升'))!;
    const computed = texts.find((x) => x.includes('武汉汽车零部件提升'))!;
    expect(stored).toMatch(new RegExp(`依据\\d{4}年\\d{1,2}月\\d{1,2}日存储的评估记录${storedA}`));
    expect(stored).toContain(`评估编号：${storedA}`);
    expect(computed).toContain(NOT_STORED);
    expect(computed).toContain('评估编号：未存储');
  });

  it("a region's report is evaluated for the print until one is stored, then printed from it", async () => {
    const url = `/api/regions/${enc('武汉')}/report.pdf?year=2022`;
    expect(textOf(await readOnly(() => agent().get(url).buffer(true).parse(binary)))).toContain(NOT_STORED);
    const id = (await evaluator.post(`/api/regions/${enc('武汉')}/evaluations`).send({ year: 2022 }).expect(201)).body.id as string;
    const text = textOf(await readOnly(() => agent().get(url).buffer(true).parse(binary)));
    expect(text).toContain(`存储的评估记录${id}`);
    expect(text).not.toContain(NOT_STORED);
    // A record edited after its evaluation is printed from a fresh one again, still stored nowhere.
    const record = (await evaluator.get(`/api/regions/${enc('武汉')}/progress/2022`).expect(200)).body;
    const { revision: _r, ...body } = record;
    await evaluator.put(`/api/regions/${enc('武汉')}/progress/2022`).send(body).expect(200);
    const stale = textOf(await readOnly(() => agent().get(url).buffer(true).parse(binary)));
    expect(stale).toContain(NOT_STORED);
    expect(stale).not.toContain(id);
    await t.prisma.evaluation.deleteMany({ where: { subjectKind: 'region' } });
  });
});

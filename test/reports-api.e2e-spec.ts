import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { loadRuleSetFile } from '../src/rule-sets/rule-set-loader';
import { RuleSetsService } from '../src/rule-sets/rule-sets.service';
import { newProject, startTestApp, TestApp } from './support/test-app';
import { pdfPages, pdfTextCompact, savePageImages } from './support/pdf-tools';
import { binary } from './support/binary-body';

/**
 * The report endpoints over HTTP, against a real SQLite file and a real Chromium. A small queue
 * (one print at a time, one waiting) so the 503 path is reachable with a handful of requests.
 */
let t: TestApp;
const compact = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  process.env.REPORT_CONCURRENCY = '1';
  process.env.REPORT_QUEUE_SIZE = '1';
  t = await startTestApp();
  await t.http.post('/api/projects').send(newProject({ name: '武汉光谷激光产业集群质量提升' })).expect(201);
  await t.http.post('/api/projects').send(newProject({ name: '武汉汽车零部件质量提升', funding: { provincial: 260000, localMatching: 100000, sourceSecured: true } })).expect(201);
  await t.http.post('/api/projects').send(newProject({ name: '宜昌磷化工质量提升', region: '宜昌', county: '枝江市' })).expect(201);
  const regions = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'ok', 'regions-2022.json'), 'utf8')) as unknown[];
  await t.http.post('/api/regions/progress').send(regions[0]).expect(201);
}, 120000);

afterAll(async () => {
  await t?.close();
  delete process.env.REPORT_CONCURRENCY;
  delete process.env.REPORT_QUEUE_SIZE;
});

async function firstProjectEvaluation(name: string): Promise<string> {
  const projects = (await t.http.get('/api/projects?year=2022').expect(200)).body as { id: string; name: string }[];
  const p = projects.find((x) => x.name === name)!;
  return (await t.http.post(`/api/projects/${p.id}/evaluations`).send({ stage: 'application' }).expect(201)).body.id as string;
}

describe('GET /api/evaluations/:id/report.pdf and .html', () => {
  it('prints the stored evaluation with its rule-set version, hash and evaluation id', async () => {
    const id = await firstProjectEvaluation('武汉汽车零部件质量提升');
    const started = Date.now();
    const res = await t.http.get(`/api/evaluations/${id}/report.pdf`).buffer(true).parse(binary).expect(200);
    const ms = Date.now() - started;
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('武汉汽车零部件质量提升'));
    const pdf = res.body as Buffer;
    const text = pdfTextCompact(pdf);
    const stored = (await t.http.get(`/api/evaluations/${id}`).expect(200)).body;
    expect(text).toContain('武汉汽车零部件质量提升');
    expect(text).toContain('省级资金26万元');
    expect(text).toContain('地方配套资金10万元');
    expect(text).toContain('不符合申报要求');
    // In drawing order: the layout's columns may wrap the id beside the verification block.
    expect(pdfTextCompact(pdf, { raw: true })).toContain(`评估编号：${id}`);
    expect(text).toContain('行业：制造业'); // labels, not ids
    // 项目基本情况 from the rule set's layout, with the values evaluated.
    expect(text).toContain('所属市州武汉县市区东湖高新区');
    expect(text).toContain('配套比例38.5%（地方配套÷省级资金）');
    // Rules for other subjects are named by title.
    expect(text).toContain('本报告判定为不适用：“万”：中小企业质量提升行动任务');
    expect(text).toContain(stored.ruleSet.hash);
    expect(text).toContain(`hubei-2022v${stored.ruleSet.version}`);
    const n = pdfPages(pdf);
    expect(pdfTextCompact(pdf, { first: 1, last: 1 })).toContain(`第1页共${n}页`);
    savePageImages(pdf, 'api-project-scorecard');
    // Warm single scorecards over HTTP (the first print above launched Chromium); a figure for
    // the log, not an assertion: timings belong to the benchmarks.
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      const again = Date.now();
      await t.http.get(`/api/evaluations/${id}/report.pdf`).buffer(true).parse(binary).expect(200);
      warm.push(Date.now() - again);
    }
    process.stdout.write(`single scorecard over HTTP: cold ${ms} ms, warm ${warm.join(', ')} ms\n`);
  });

  it('previews the same template as HTML, with user data escaped and a CSP that blocks everything external', async () => {
    const id = await firstProjectEvaluation('宜昌磷化工质量提升');
    const res = await t.http.get(`/api/evaluations/${id}/report.html`).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).toContain('宜昌磷化工质量提升');
    expect(res.text).toContain('<html lang="zh-CN">');
  });

  it('answers 404 for an unknown evaluation in the common error shape', async () => {
    const res = await t.http.get('/api/evaluations/nope/report.pdf').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});

describe('region and year reports', () => {
  it('prints the region scorecard against Annex 3, evaluating first when needed', async () => {
    const res = await t.http.get(`/api/regions/${encodeURIComponent('神农架')}/report.pdf?year=2022`).buffer(true).parse(binary).expect(200);
    const text = pdfTextCompact(res.body as Buffer);
    expect(text).toContain('神农架');
    expect(text).toContain('任务完成情况');
    expect(text).toContain('松柏镇');
    expect(text).toMatch(/万：开展质量提升行动的中小企业（家）5052104%符合/);
    // Each county with the rule set's check columns (CEL over the row and the parameters).
    expect(text).toContain('县市区培训次数培训人数一站式服务站数培训服务站');
    expect(text).toContain('松柏镇1561达标已建成');
    expect(text).toContain('三、报送时限');
    savePageImages(res.body as Buffer, 'api-region-scorecard');
    await t.http.get('/api/regions/nowhere/report.pdf?year=2022').expect(404);
    await t.http.get(`/api/regions/${encodeURIComponent('神农架')}/report.pdf`).expect(400);
  });

  it('prints the year summary with totals by region', async () => {
    const res = await t.http.get('/api/reports/summary.pdf?year=2022').buffer(true).parse(binary).expect(200);
    const text = pdfTextCompact(res.body as Buffer);
    expect(text).toContain('2022年度省级质量提升示范项目评估汇总表');
    expect(text).toMatch(/武汉2\d+/);
    expect(text).toMatch(/宜昌1\d+/);
    expect(text).toContain('合计3');
    // The amount columns of reports.summary.amounts, summed: 25 + 26 + 25 and 25 + 10 + 25 万元.
    expect(text).toContain('省级资金地方配套');
    expect(text).toMatch(/合计3\d+76万元60万元/);
    await t.http.get('/api/reports/summary.pdf?year=2022&stage=final').expect(400);
  });
});

describe('GET /api/reports/projects.zip', () => {
  it('returns one PDF per project of the region plus the bookmarked booklet', async () => {
    const res = await t.http.get(`/api/reports/projects.zip?year=2022&region=${encodeURIComponent('武汉')}`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.failures).toEqual([]);
    expect(manifest.reports).toHaveLength(2);
    for (const entry of manifest.reports) {
      const pdf = await zip.file(entry.file)!.async('uint8array');
      expect(pdfTextCompact(pdf)).toContain('第1页共');
    }
    const booklet = await zip.file(manifest.booklet.file)!.async('uint8array');
    expect(pdfPages(booklet)).toBe(manifest.booklet.pages);
    const contents = pdfTextCompact(booklet, { first: 1, last: 1 });
    expect(contents).toContain(compact('武汉光谷激光产业集群质量提升'));
    expect(contents).toContain(compact('武汉汽车零部件质量提升'));
    expect(contents).not.toContain('宜昌');
  });
});

describe('back-pressure', () => {
  it('refuses prints past the queue with 503 and Retry-After, and serves the others', async () => {
    const id = await firstProjectEvaluation('武汉光谷激光产业集群质量提升');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.http.get(`/api/evaluations/${id}/report.pdf`).buffer(true).parse(binary)),
    );
    const busy = results.filter((r) => r.status === 503);
    const ok = results.filter((r) => r.status === 200);
    expect(busy.length).toBeGreaterThan(0);
    expect(ok.length).toBeGreaterThan(0);
    expect(busy.length + ok.length).toBe(5);
    expect(Number(busy[0].headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse((busy[0].body as Buffer).toString('utf8'))).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
  });
});

describe('a new version of the rule set', () => {
  it('prints later evaluations with its information table and earlier ones as they were issued', async () => {
    const before = await firstProjectEvaluation('宜昌磷化工质量提升');
    const doc = structuredClone(loadRuleSetFile('hubei-2022').document);
    doc.model.project.fields.find((f) => f.key === 'cluster.profitTax2021')!.label = '2022年利税';
    doc.model.project.fields.push({ key: 'chainLeader', label: '链主企业', type: 'text', section: 'basic' });
    doc.reports.project.information.push({ fact: 'cluster.profitTax2021' }, { fact: 'cluster.employees' }, { fact: 'chainLeader', wide: true });
    await t.app.get(RuleSetsService).publishDocument(doc, 'test', '利税改为2022年，新增链主企业');
    const projects = (await t.http.get('/api/projects?year=2022').expect(200)).body as { id: string; name: string }[];
    const project = projects.find((x) => x.name === '宜昌磷化工质量提升')!;
    const stored = (await t.http.get(`/api/projects/${project.id}`).expect(200)).body;
    await t.http.put(`/api/projects/${project.id}`).send({ ...stored, chainLeader: '宜化集团' }).expect(200);
    const after = await firstProjectEvaluation('宜昌磷化工质量提升');

    const now = pdfTextCompact((await t.http.get(`/api/evaluations/${after}/report.pdf`).buffer(true).parse(binary).expect(200)).body as Buffer);
    expect(now).toContain('2022年利税12000万元从业人数28000人');
    expect(now).toContain('链主企业宜化集团');
    const then = pdfTextCompact((await t.http.get(`/api/evaluations/${before}/report.pdf`).buffer(true).parse(binary).expect(200)).body as Buffer);
    expect(then).not.toContain('链主企业');
    expect(then).not.toContain('2022年利税');
    expect(then).toContain('配套比例100%（地方配套÷省级资金）');
  });
});

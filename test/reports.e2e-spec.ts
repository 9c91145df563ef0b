import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { PDFDocument, PDFName } from 'pdf-lib';
import { sampleProjects, sampleSources } from '../src/bench/pdf-fixtures';
import { Evaluator } from '../src/evaluation/evaluator';
import { loadRuleSetFile } from '../src/rule-sets/rule-set-loader';
import { LoadedRuleSet } from '../src/rule-sets/rule-set.types';
import { createReportPrinter } from '../src/reports/report-engine';
import { loadReportsConfig } from '../src/reports/reports.config';
import { projectPart, projectParts, regionPart, summaryPart } from '../src/reports/report-parts';
import { BatchResult, ReportPrinter } from '../src/reports/report-printer';
import { ReportPart } from '../src/reports/report-document';
import { ScorecardSource } from '../src/reports/report-view.types';
import { formatWan } from '../src/common/money';
import { pdfFonts, pdfInfo, pdfPages, pdfTextCompact, savePageImages } from './support/pdf-tools';

/**
 * The printing pipeline against a real Chromium, read back with poppler. One browser for the
 * whole file and one batch print shared by most tests, to keep the suite quick.
 */
let printer: ReportPrinter;
let sources: ScorecardSource[];
let batch: BatchResult;
let server: http.Server;
let serverHits = 0;
let origin: string;
const compact = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    serverHits++;
    res.end('x');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  printer = createReportPrinter({ ...loadReportsConfig(), concurrency: 2, queueSize: 8, printTimeoutMs: 60000, maxPrintsPerBrowser: 100 });
  sources = await sampleSources(3, 'acceptance');
  // A hostile project name: markup and template syntax must print as text and fetch nothing.
  sources[1].evaluation.subject.name = `<img src="${origin}/pixel.png">{{x}} 恶意名称`;
  const { parts } = projectParts(sources);
  // A broken subject: its view model lacks fields the template needs (strict mode fails it).
  const broken: ReportPart = { key: 'broken-1', template: 'project-scorecard', model: { bookmark: '损坏的项目' } };
  batch = await printer.printBatch([parts[0], broken, parts[1], parts[2]], { title: '2022年度项目评估报告汇编', booklet: true });
}, 120000);

afterAll(async () => {
  await printer?.printer.close();
  await new Promise((r) => server?.close(r));
});

describe('batch of project scorecards', () => {
  it('delivers every good report and names the broken one', () => {
    expect(batch.reports.map((r) => r.key)).toEqual(['sample-1', 'sample-2', 'sample-3']);
    expect(batch.failures).toHaveLength(1);
    expect(batch.failures[0]).toMatchObject({ key: 'broken-1', bookmark: '损坏的项目' });
  });

  it('prints the project name, every rule, outcomes, amounts in 万元, score, grade, hash and ids', () => {
    const src = sources[0];
    const report = batch.reports[0];
    const text = pdfTextCompact(report.pdf);
    expect(text).toContain(compact(src.evaluation.subject.name));
    // Every rule by its title: the project's in the tables, the others in the 不适用 note.
    for (const r of src.evaluation.results) expect(text).toContain(compact(r.title));
    expect(text).toContain('本报告判定为不适用：“万”：中小企业质量提升行动任务、“千”：规上企业导入先进质量管理模式任务');
    expect(text).not.toContain('targets.wan');
    expect(text).toContain('符合');
    expect(text).toContain('不适用');
    expect(text).toContain(`省级资金${formatWan(src.evaluation.facts['funding.provincial'] as number)}`);
    // 项目基本情况 as hubei-2022 lays it out (reports.project.information).
    expect(text).toContain(compact(`项目名称 ${src.evaluation.subject.name}`));
    expect(text).toContain('所属市州武汉县市区武汉示范县');
    expect(text).toContain('项目类别2022年度新项目所属行业制造业');
    expect(text).toContain('配套比例100%（地方配套÷省级资金）');
    expect(text).toContain(`总分（百分制）${src.evaluation.score}`);
    expect(text).toContain(`评价等次${src.evaluation.grade}`);
    expect(text).toContain(src.ruleSet.hash);
    expect(text).toContain('评估编号sample-1');
    expect(text).toContain('评估人（签字）');
  });

  it('numbers pages per report on every page: 第 X 页 共 N 页', () => {
    for (const r of batch.reports) {
      const n = pdfPages(r.pdf);
      expect(r.pages).toBe(n);
      for (let p = 1; p <= n; p++) {
        const page = pdfTextCompact(r.pdf, { first: p, last: p });
        expect(page).toContain(`第${p}页共${n}页`);
        expect(page).toContain(`hubei-2022`); // footer: rule set on every page
      }
    }
  });

  it('embeds the CJK font (never empty boxes)', () => {
    const fonts = pdfFonts(batch.reports[0].pdf);
    const cjk = fonts.filter((f) => /DroidSansFallback|WenQuanYi|NotoSansCJK/i.test(f.name));
    expect(cjk.length).toBeGreaterThan(0);
    expect(cjk.every((f) => f.embedded)).toBe(true);
    expect(pdfInfo(batch.reports[0].pdf)).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  });

  it('prints a hostile project name literally and makes no request', () => {
    const text = pdfTextCompact(batch.reports[1].pdf);
    expect(text).toContain(compact(`<img src="${origin}/pixel.png">{{x}} 恶意名称`));
    expect(serverHits).toBe(0);
    expect(printer.printer.blockedRequests).toBe(0);
  });

  it('prints the booklet as one bookmarked document: contents, then each report', async () => {
    const booklet = batch.booklet!;
    const pages = pdfPages(booklet);
    const reportPages = batch.reports.reduce((s, r) => s + r.pages, 0);
    expect(pages).toBe(batch.bookletPages);
    expect(pages).toBeGreaterThan(reportPages); // + the contents page
    const doc = await PDFDocument.load(booklet);
    expect(doc.catalog.lookup(PDFName.of('Outlines'))).toBeDefined();
    expect(doc.catalog.lookup(PDFName.of('StructTreeRoot'))).toBeDefined();
    const contents = pdfTextCompact(booklet, { first: 1, last: 1 });
    expect(contents).toContain('2022年度项目评估报告汇编');
    expect(contents).toContain(compact(sources[2].evaluation.subject.name));
    // Page numbers restart with each report inside the booklet too.
    expect(pdfTextCompact(booklet, { first: 2, last: 2 })).toContain(`第1页共${batch.reports[0].pages}页`);
    savePageImages(booklet, 'booklet', { first: 1, last: 3 });
  });
});

describe('single reports', () => {
  it('prints one scorecard alone with Chromium numbering its pages, and the year summary', async () => {
    const one = await printer.printOne(projectParts([sources[2]]).parts[0]);
    const n = pdfPages(one.pdf);
    expect(pdfTextCompact(one.pdf, { first: n, last: n })).toContain(`第${n}页共${n}页`);
    savePageImages(one.pdf, 'project-scorecard', { first: 1, last: n });

    const summary = await printer.printOne(summaryPart(sources, { year: 2022, today: '2022-12-31', document: sources[0].document }));
    const text = pdfTextCompact(summary.pdf);
    expect(text).toContain('2022年度省级质量提升示范项目评估汇总表');
    // Names wrap inside their cells, so check each row's start and its figures.
    expect(text).toMatch(/1武汉激光.*?武汉2022年度新项/);
    const first = sources[0].evaluation;
    expect(text).toContain(`${first.compliant ? '符合' : '不符合'}${first.score}${first.grade}20万元20万元`);
    expect(text).toMatch(/合计3\d+63万元52万元/);
    expect(text).toContain('第1页共1页');
    savePageImages(summary.pdf, 'year-summary');
  });
});

/** hubei-2022 edited as a policy officer would, without code: what its printed reports show. */
describe('reports laid out by an edited rule set', () => {
  let loaded: LoadedRuleSet;
  beforeAll(() => {
    const base = loadRuleSetFile('hubei-2022');
    const doc = structuredClone(base.document);
    doc.model.project.fields.find((f) => f.key === 'cluster.profitTax2021')!.label = '2022年利税';
    doc.model.project.fields.push({ key: 'chainLeader', label: '链主企业', type: 'text', section: 'basic' });
    doc.reports.project.information.push({ fact: 'cluster.profitTax2021' }, { fact: 'cluster.enterprises' }, { fact: 'chainLeader', wide: true });
    doc.reports.summary.amounts.push({ label: '利税', fact: 'cluster.profitTax2021' });
    loaded = { ...base, document: doc, hash: 'edited-for-test' };
  });

  it('prints the information table from the model: a relabelled field, an added one, units', async () => {
    const project = { ...sampleProjects(1)[0], chainLeader: '武汉锐科光纤激光' };
    const evaluator = new Evaluator(loaded);
    const report = await evaluator.evaluateProjectList([project], 'application');
    const src: ScorecardSource = { evaluationId: 'edited-1', ruleSet: report.ruleSet, stage: 'application', evaluation: report.evaluations[0], document: loaded.document, project };
    const printed = await printer.printOne(projectPart(src));
    const text = pdfTextCompact(printed.pdf);
    expect(text).toContain('2022年利税12000万元企业数量100家');
    expect(text).not.toContain('2021年利税');
    expect(text).toContain('链主企业武汉锐科光纤激光');
    savePageImages(printed.pdf, 'edited-project-scorecard', { first: 1, last: 1 });
  });

  it('prints the year summary with the amount columns the rule set lists', async () => {
    const projects = sampleProjects(3);
    const report = await new Evaluator(loaded).evaluateProjectList(projects, 'application');
    const srcs: ScorecardSource[] = report.evaluations.map((evaluation, i) => ({
      evaluationId: `edited-s-${i}`, ruleSet: report.ruleSet, stage: 'application', evaluation, document: loaded.document, project: projects[i],
    }));
    const printed = await printer.printOne(summaryPart(srcs, { year: 2022, today: '2022-12-31', document: loaded.document }));
    const text = pdfTextCompact(printed.pdf);
    expect(text).toContain('省级资金地方配套利税');
    expect(text).toContain('20万元20万元12000万元');
    expect(text).toMatch(/合计3\d+63万元52万元36000万元/);
  });
});

describe('region scorecard', () => {
  it('prints the measures, each county with the rule set’s check columns, deadlines and numbered sections', async () => {
    const base = loadRuleSetFile('hubei-2022');
    const evaluator = new Evaluator(base);
    const record = {
      year: 2022, region: '神农架', achieved: { wan: 52, qian: 3, bai: 1 }, submitted: { plan: '2022-03-24' },
      counties: [{ name: '松柏镇', trainings: 1, trainees: 56, stations: 1 }, { name: '木鱼镇', trainings: 1, trainees: 30, stations: 0 }],
    };
    const evaluation = await evaluator.evaluateRegion(record);
    const src: ScorecardSource = { evaluationId: 'region-1', ruleSet: evaluator.ref, stage: 'progress', evaluation, document: base.document, region: record };
    const printed = await printer.printOne(regionPart(src));
    const text = pdfTextCompact(printed.pdf);
    expect(text).toContain('“万千百十一”质量提升活动市州任务完成情况评估报告');
    expect(text).toContain('年度：2022市州类别：林区填报县市区：2个服务站：1个');
    expect(text).toMatch(/万：开展质量提升行动的中小企业（家）5052104%符合/);
    expect(text).toContain('二、县市区覆盖情况');
    expect(text).toContain('县市区培训次数培训人数一站式服务站数培训服务站');
    expect(text).toContain('松柏镇1561达标已建成');
    expect(text).toContain('木鱼镇1300未达标未建成');
    expect(text).toContain('三、报送时限');
    expect(text).toContain('“万千百十一”质量提升工作实施方案2022年3月25日2022年3月24日符合');
    expect(text).toContain('四、规则核查明细');
    expect(text).toContain('本报告判定为不适用：新项目省级资金上限');
    savePageImages(printed.pdf, 'region-scorecard', { first: 1, last: 1 });
  });
});

describe('page guard', () => {
  it('aborts every request that is not inline data, whatever the HTML holds', async () => {
    const before = printer.printer.blockedRequests;
    const html = `<html><head><link rel="stylesheet" href="${origin}/a.css"></head><body><img src="${origin}/b.png"><img src="file:///etc/hostname"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><script>document.body.append('JS-RAN')</script><p>ok</p></body></html>`;
    const pdf = await printer.printer.print({ html });
    expect(serverHits).toBe(0);
    // The stylesheet and the image to our server at least; file:// may be refused even earlier.
    expect(printer.printer.blockedRequests - before).toBeGreaterThanOrEqual(2);
    expect(pdfTextCompact(pdf)).not.toContain('JS-RAN');
  });

  it('leaves no Chromium process behind after close', async () => {
    const spare = createReportPrinter({ ...loadReportsConfig(), concurrency: 1, queueSize: 1, printTimeoutMs: 30000, maxPrintsPerBrowser: 1 });
    await spare.printer.print({ html: '<p>1</p>' }); // maxPrints 1: this browser is retired...
    await spare.printer.print({ html: '<p>2</p>' }); // ...and a new one launched
    expect(spare.printer.launches).toBe(2);
    const pids = spare.printer.pids();
    await spare.printer.close();
    for (const pid of pids) expect(fs.existsSync(`/proc/${pid}`) && !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))).toBe(false);
    expect(spare.printer.pids()).toEqual([]);
    await expect(spare.printer.print({ html: '<p>3</p>' })).rejects.toThrow(/shut down/);
  });
});

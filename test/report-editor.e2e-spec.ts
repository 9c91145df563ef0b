import path from 'node:path';
import { Browser, Page } from 'puppeteer-core';
import { readJsonFile } from '../src/rule-sets/rule-set-files';
import { pdfTextCompact } from './support/pdf-tools';
import { ROOT, startTestApp, TestApp } from './support/test-app';
import { confirmingPage, errorBeside, launchBrowser, retype, screenshot, serveForBrowser, waitForText } from './support/web-browser';
import { binary } from './support/binary-body';

/**
 * The 报告 tab and the last things a policy officer could only change in the JSON tab, in
 * Chromium: the relabelled field 2022年利税 is added to the project scorecard's 基本情况 as a fact
 * and in a ratio, the summary's title changes, a region check with a mistake is refused under its
 * box, a table and its column are renamed, a rule's category reads in words. Published, a project
 * evaluated under it prints the new rows; the summary prints the new title.
 */
describe('report layout editor in Chromium', () => {
  const PASSWORD = 'Report-editor-password-2022';
  const DRAFT = '/api/rule-sets/hubei-2022/draft';
  const seed = readJsonFile(path.join(ROOT, 'prisma', 'seed', 'projects-2022.json'), 'seed') as { id: string }[];
  const project = seed.find((p) => p.id === 'wuhan-2022-01')!;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;

  const draft = async () => (await t.http.get(DRAFT).expect(200)).body.document;
  const pdf = async (url: string) => pdfTextCompact((await t.http.get(url).buffer(true).parse(binary).expect(200)).body as Buffer);
  const value = (selector: string) => page.$eval(selector, (el) => (el as HTMLInputElement).value);
  const selectedText = (selector: string) => page.$eval(selector, (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');

  async function openTab(key: string) {
    await page.click(`#tab-${key}`);
    await page.waitForSelector(`#panel-${key}:not([hidden])`);
  }

  beforeAll(async () => {
    t = await startTestApp();
    base = await serveForBrowser(t, [{ name: 'officer', role: 'policy' }], PASSWORD);
    await t.http.post('/api/projects').send(project).expect(201);
    browser = await launchBrowser();
    ({ page } = await confirmingPage(browser, base, 'officer', PASSWORD));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('1. relabels 2021年利税 and adds it to the project scorecard as an entry and in a ratio, with a live preview', async () => {
    await page.goto(`${base}/rule-sets/hubei-2022/draft`);
    await page.waitForSelector('#start-draft');
    await page.click('#start-draft');
    await page.waitForSelector('#tab-reports');

    await openTab('fields');
    const row = 'tr[data-field="cluster.profitTax2021"]';
    await page.click(`${row} [data-action="relabel"]`);
    await retype(page, `${row} [data-role="new-label"]`, '2022年利税');
    await page.click(`${row} [data-action="save-label"]`);
    await waitForText(page, '#status', '已将「2021年利税」改名为「2022年利税」');

    await openTab('reports');
    const list = '#report-project-information';
    const item = (i: number) => `${list} tr.list-item:nth-child(${i})`;
    // The stored layout, by label: the first entry is the project's name on a row of its own.
    expect(await value('#report-title-application')).toBe('省级质量提升示范项目申报审查报告');
    expect(await selectedText(`${item(1)} .info-fact`)).toBe('项目名称');
    expect(await page.$eval(`${item(1)} .info-wide`, (el) => (el as HTMLInputElement).checked)).toBe(true);
    expect(await page.$$eval(`${list} tr.list-item`, (rows) => rows.length)).toBe(12);

    // A fact entry: picked by its label, printed under that label unless another is typed.
    await page.click('#report-project .add-info-fact');
    await page.select(`${item(13)} .info-fact`, 'cluster.profitTax2021');
    expect(await selectedText(`${item(13)} .info-fact`)).toBe('2022年利税（万元）');
    expect(await page.$eval(`${item(13)} .info-label`, (el) => (el as HTMLInputElement).placeholder)).toBe('2022年利税');

    // A ratio needs its own label: refused beside the box before anything is sent.
    await page.click('#report-project .add-info-ratio');
    await page.select(`${item(14)} .info-numerator`, 'funding.provincial');
    await page.select(`${item(14)} .info-denominator`, 'cluster.profitTax2021');
    await page.click('#save-report-project');
    expect(await errorBeside(page, `${item(14)} .info-label`)).toBe('请填写比例的显示名称');
    await page.type(`${item(14)} .info-label`, '资金利税比');
    await page.click(`${item(14)} .info-wide`);
    // Moved up once: just before 配套比例, which takes a whole row, so it spans its row too.
    await page.click(`${item(13)} .move-up`);
    expect(await selectedText(`${item(12)} .info-fact`)).toBe('2022年利税（万元）');
    expect(await page.$eval(`${item(12)} .info-fact`, (el) => el.getAttribute('data-pointer'))).toBe('/reports/project/information/11/fact');

    const preview = await page.$$eval('#report-project .info-preview tr', (rows) => rows.map((r) => [...r.children].map((c) => `${c.textContent}${c.getAttribute('colspan') ? `|${c.getAttribute('colspan')}` : ''}`)));
    expect(preview.slice(-3)).toEqual([
      ['2022年利税', '「2022年利税（万元）」|3'],
      ['配套比例', '「地方配套资金（万元）」 ÷ 「省级资金（万元）」（百分比）（地方配套 ÷ 省级资金）|3'],
      ['资金利税比', '「省级资金（万元）」 ÷ 「2022年利税（万元）」（百分比）|3'],
    ]);
    expect(preview[0]).toEqual(['项目名称', '「项目名称」|3']);
    expect(preview[1]).toEqual(['所属市州', '「所属市州」', '县市区', '「县市区」']);
    await page.$eval('#report-project .info-preview', (el) => el.scrollIntoView());
    await screenshot(page, 'report-editor-information', { fullPage: false });

    await page.click('#save-report-project');
    await waitForText(page, '#status', '已保存项目评估报告的版式');
    const information = (await draft()).reports.project.information;
    expect(information).toHaveLength(14);
    expect(information.slice(10)).toEqual([
      { label: '地方配套资金', fact: 'funding.localMatching' },
      { fact: 'cluster.profitTax2021' },
      { label: '配套比例', ratio: ['funding.localMatching', 'funding.provincial'], note: '（地方配套 ÷ 省级资金）', whenZero: '全部为地方经费', wide: true },
      { label: '资金利税比', ratio: ['funding.provincial', 'cluster.profitTax2021'], wide: true },
    ]);
  }, 120_000);

  it('2. refuses a region check that reads no column of the row beside its box, and saves the region layout unchanged', async () => {
    const before = (await draft()).reports.region;
    // The headline's placeholders read as labels.
    expect(await value('#report-region-headline')).toBe('年度：「年度」　　市州类别：「市州类别名称」　　填报县市区：「填报县市区数」 个　　服务站：「服务站数」 个');
    const cel = '#report-region-checks textarea[data-pointer="/reports/region/rows/checks/1/cel"]';
    const original = await value(cel);
    await retype(page, cel, 'row.nosuchColumn >= 1');
    await page.click('#save-report-region');
    const message = await errorBeside(page, cel);
    expect(message).toContain('nosuchColumn');
    expect((await draft()).reports.region).toEqual(before);

    await retype(page, cel, original);
    await page.click('#save-report-region');
    await waitForText(page, '#status', '已保存市州评估报告的版式');
    expect((await draft()).reports.region).toEqual(before);
  }, 60_000);

  it('3. changes the summary title, {{year}} explained by what it prints', async () => {
    await retype(page, '#report-summary-title', '示范项目评估汇总表（修订）');
    await page.click('#report-summary-title', { clickCount: 1 });
    await page.keyboard.press('Home');
    await page.click('#report-summary-insert-year');
    await page.keyboard.type('年度');
    expect(await value('#report-summary-title')).toBe('{{year}}年度示范项目评估汇总表（修订）');
    await waitForText(page, '#report-summary-title-printed', '打印为：2022年度示范项目评估汇总表（修订）');
    await page.click('#save-report-summary');
    await waitForText(page, '#status', '已保存年度汇总表的版式');
    expect((await draft()).reports.summary).toEqual({
      title: '{{year}}年度示范项目评估汇总表（修订）',
      amounts: [{ label: '省级资金', fact: 'funding.provincial' }, { label: '地方配套', fact: 'funding.localMatching' }],
    });
  }, 60_000);

  it('4. renames a table, its note and a column in the 表格 tab; the keys stay', async () => {
    await openTab('tables');
    await page.click('#table-industries details.columns > summary');
    await retype(page, '#table-label-industries', '所属行业');
    await page.type('#table-note-industries', '按国民经济行业分类的门类');
    await retype(page, '#columns-industries input[aria-label="“名称”列的名称"]', '行业名称');
    await page.click('#save-names-industries');
    await waitForText(page, '#status', '已保存表格「所属行业」的名称');
    await waitForText(page, '#table-title-industries', '所属行业');
    const table = (await draft()).tables.industries;
    expect([table.label, table.note, table.key, table.columns]).toEqual([
      '所属行业', '按国民经济行业分类的门类', 'id', [{ key: 'id', label: '标识', type: 'text' }, { key: 'label', label: '行业名称', type: 'text' }],
    ]);
  }, 60_000);

  it('5. shows a rule’s category in words, with 新分类… for a new code', async () => {
    await openTab('rules');
    await page.click('article[data-rule="funding.matching"] .edit-rule');
    const form = 'form.rule-editor[data-rule="funding.matching"]';
    await page.waitForSelector(form);
    expect(await selectedText(`${form} .rule-category-pick`)).toBe('资金（funding）');
    expect(await page.$eval(`${form} .rule-category`, (el) => (el as HTMLInputElement).hidden)).toBe(true);
    const options = await page.$$eval(`${form} .rule-category-pick option`, (os) => os.map((o) => o.textContent));
    expect(options).toEqual(expect.arrayContaining(['资格（eligibility）', '时限（deadline）', '推荐表（form）', '新分类…']));
    await page.select(`${form} .rule-category-pick`, '__new__');
    await page.type(`${form} .rule-category`, 'matching');
    await waitForText(page, `${form} .rule-category-name`, '新分类');
    await page.select(`${form} .rule-category-pick`, 'funding');
    expect(await value(`${form} .rule-category`)).toBe('funding');
    await page.click(`${form} .save-rule`);
    await waitForText(page, '#status', '已保存规则「地方等额配套」');
    expect((await draft()).rules.find((r: { id: string }) => r.id === 'funding.matching').category).toBe('funding');
  }, 60_000);

  it('6. published, a project evaluated under it prints 2022年利税 in 万元 and the ratio; the summary prints its new title', async () => {
    await openTab('review');
    await page.type('#publish-comment', '评估报告加入2022年利税；汇总表标题修订');
    await page.click('#publish');
    await waitForText(page, 'h1', '已发布');

    const evaluation = (await t.http.post(`/api/projects/${project.id}/evaluations`).send({ stage: 'application' }).expect(201)).body;
    expect([evaluation.ruleSet.id, evaluation.ruleSet.version]).toEqual(['hubei-2022', 2]);
    const scorecard = await pdf(`/api/evaluations/${evaluation.id}/report.pdf`);
    // 120,000,000 yuan of 利税; 250,000 yuan of provincial funds: 0.2%.
    expect(scorecard).toContain('2022年利税12000万元');
    expect(scorecard).toContain('资金利税比0.2%');
    expect(scorecard).toContain('省级资金25万元');
    expect(scorecard).not.toContain('2021年利税');

    const summary = await pdf('/api/reports/summary.pdf?year=2022');
    expect(summary).toContain('2022年度示范项目评估汇总表（修订）');
  }, 120_000);
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Browser, Page } from 'puppeteer-core';
import { UsersService } from '../src/auth/users.service';
import { sampleProjects } from '../src/bench/pdf-fixtures';
import { readJsonFile } from '../src/rule-sets/rule-set-files';
import { ROOT, startTestApp, TestApp } from './support/test-app';
import { allowDownloads, launchBrowser, retype, screenshot, signedInPage, waitForDownload, waitForText } from './support/web-browser';

/**
 * The pages in a real Chromium against the running service (issue 5 §3): a policy officer raises
 * the new-project cap through the draft editor and publishes it; an evaluator enters a project in
 * the Annex 2 form, evaluates it and downloads its scorecard. One browser for the whole file.
 */
describe('web pages in Chromium', () => {
  const PASSWORD = 'Web-test-password-2022';
  const PROJECT = '黄石网页测试模具产业集群质量提升';
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const downloads = path.join(ROOT, 'test-output', 'web-downloads');

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const users = t.app.get(UsersService);
    await users.create({ name: 'officer', role: 'policy', password: PASSWORD });
    await users.create({ name: 'reviewer', role: 'evaluator', password: PASSWORD });
    // Enough stored data for realistic pages: the sample projects and progress, plus more
    // projects so the list paginates.
    for (const p of readJsonFile(path.join(ROOT, 'prisma', 'seed', 'projects-2022.json'), 'seed') as object[]) await t.http.post('/api/projects').send(p).expect(201);
    for (const p of sampleProjects(12)) await t.http.post('/api/projects').send(p).expect(201);
    for (const r of readJsonFile(path.join(ROOT, 'prisma', 'seed', 'region-progress-2022.json'), 'seed') as object[]) await t.http.post('/api/regions/progress').send(r).expect(201);
    browser = await launchBrowser();
    fs.rmSync(downloads, { recursive: true, force: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves the page shells and assets itself, and keeps the data behind sign-in', async () => {
    const page = await t.anonymous.get('/projects/new').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('/assets/js/pages/project.js');
    // Plain http on the office network: no upgrade-insecure-requests on the pages.
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const script = await t.anonymous.get('/assets/js/api.js').expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    const missing = await t.anonymous.get('/assets/js/nope.js').expect(404);
    expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
    await t.anonymous.get('/assets/..%2F..%2F..%2Fpackage.json').expect(404);
    await t.anonymous.get('/api/projects').expect(401);
  });

  it('an evaluator creates a project through the form, evaluates it, sees 不符合 and downloads the scorecard', async () => {
    const { context, page } = await signedInPage(browser, base, 'reviewer', PASSWORD);
    await page.goto(`${base}/projects/new?year=2022`);
    await page.waitForSelector('#project-form');
    const fill = async (name: string, value: string) => page.type(`[name="${name}"]`, value);
    await fill('name', PROJECT);
    await page.select('[name="region"]', '黄石');
    await page.select('[name="category"]', 'new');
    await fill('county', '大冶市');
    await fill('leadingProduct', '模具');
    await page.select('[name="industry"]', 'manufacturing');
    await fill('contact.name', '李四');
    await fill('contact.phone', '0714-0000000');
    await fill('cluster.enterprises', '80');
    await fill('cluster.aboveScaleEnterprises', '30');
    await fill('cluster.employees', '12000');
    await fill('cluster.profitTax2021', '5000');
    await fill('cluster.output2021', '350000.5');
    await fill('cluster.production2021', '模具3万套');
    await fill('cluster.nationalPosition', '华中第一');
    await fill('mainProblems', '模具精度一致性不足');
    await fill('serviceNeeds', '计量校准与质量诊断');
    await fill('supportingPolicies', '市级配套资金');
    await fill('regionOpinion', '同意推荐');
    await fill('funding.localMatching', '26');
    await page.click('[name="funding.sourceSecured"]');
    await page.$eval('[name="submitted.recommendation"]', (el) => {
      (el as HTMLInputElement).value = '2022-03-20';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });

    // A mistyped amount is refused beside its field before anything is sent.
    await fill('funding.provincial', '26.123456');
    await page.click('#save');
    const note = await page.$eval('[name="funding.provincial"]', (el) => el.closest('.field-anchor')!.nextElementSibling?.textContent ?? '');
    expect(note).toContain('最多保留4位小数');
    expect(page.url()).toMatch(/\/projects\/new/);

    await retype(page, '[name="funding.provincial"]', '26');
    await page.click('#save');
    await waitForText(page, '#status', '已保存，项目编号');
    expect(page.url()).toMatch(/\/projects\/huangshi-2022-\d+$/);
    const id = decodeURIComponent(page.url().split('/').pop()!);
    const stored = (await t.http.get(`/api/projects/${id}`).expect(200)).body;
    expect(stored.funding).toEqual({ provincial: 260000, localMatching: 260000, sourceSecured: true });
    expect(stored.cluster.output2021).toBe(3_500_005_000); // 350000.5万元, exactly

    await page.click('#evaluate');
    await waitForText(page, '.evaluation .verdict', '不符合');
    const row = await page.$eval('tr[data-rule="funding.cap.new"]', (el) => el.textContent ?? '');
    expect(row).toContain('未通过');
    expect(row).toContain('申请省级资金26万元，超过上限25万元');
    await screenshot(page, 'project-evaluated');

    await allowDownloads(page, downloads);
    const [button] = await page.$$('xpath/.//button[contains(., "下载评估报告")]');
    await button.click();
    await waitForText(page, '#status', '已下载', 90_000);
    const pdf = await waitForDownload(downloads, '.pdf', 10_000);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain(PROJECT);
    expect(text).toContain('超过上限25万元');
    await context.close();
  }, 180_000);

  it('a policy officer raises the new-project cap to 30万 in the draft editor, tests, compares, previews the impact and publishes', async () => {
    const { context, page } = await signedInPage(browser, base, 'officer', PASSWORD);
    await page.goto(`${base}/rule-sets/hubei-2022/draft`);
    await page.click('#start-draft');
    await page.waitForSelector('#param-capNew');
    expect(await page.$eval('#param-capNew', (el) => (el as HTMLInputElement).value)).toBe('25');

    // An invalid amount: the message sits beside the field, and nothing is sent.
    await retype(page, '#param-capNew', '30.123456');
    await page.click('#save-parameters');
    const beside = await page.$eval('#param-capNew', (el) => el.closest('.field-anchor')!.nextElementSibling?.textContent ?? '');
    expect(beside).toContain('最多保留4位小数');
    expect(await page.$eval('#param-capNew', (el) => el.getAttribute('aria-invalid'))).toBe('true');
    await screenshot(page, 'draft-parameter-error');

    // Someone else saves first: the save is refused with a reload, and nothing is overwritten.
    const draft = (await t.http.get('/api/rule-sets/hubei-2022/draft').expect(200)).body;
    await t.http.patch('/api/rule-sets/hubei-2022/draft/parameters/minPublicityItems').set('If-Match', `"${draft.revision}"`).send({ value: 1 }).expect(200);
    await retype(page, '#param-capNew', '30');
    await page.click('#save-parameters');
    await waitForText(page, '#status', '已被他人修改');
    const [reload] = await page.$$('xpath/.//*[@id="status"]//button[contains(., "重新载入")]');
    await reload.click();
    await page.waitForFunction(() => (document.querySelector('#param-capNew') as HTMLInputElement)?.value === '25');

    await retype(page, '#param-capNew', '30');
    await page.click('#save-parameters');
    await waitForText(page, '#status', '已保存 1 个参数');
    const saved = (await t.http.get('/api/rule-sets/hubei-2022/draft').expect(200)).body;
    expect(saved.document.parameters.find((p: { name: string }) => p.name === 'capNew').value).toBe(300000);

    // Leaving with an unsaved edit asks first.
    let dialog = '';
    page.once('dialog', async (d) => {
      dialog = d.type();
      await d.dismiss();
    });
    await retype(page, '#param-capNew', '31');
    await page.evaluate(() => location.assign('/audit'));
    await page.waitForFunction(() => true, { timeout: 1000 }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    expect(dialog).toBe('beforeunload');
    expect(page.url()).toContain('/rule-sets/hubei-2022/draft');
    page.on('dialog', (d) => d.accept());

    // Tests: the fixture written for the old cap (250001元 must fail) now fails; the officer
    // moves it above the new cap in the expert view, and the tests pass.
    await page.click('#tab-review');
    await page.click('#run-tests');
    await waitForText(page, '#run-tests-output', '有测试未通过');
    expect(await page.$eval('#run-tests-output', (el) => el.textContent)).toContain('funding.cap.new');
    await page.click('#tab-document');
    await page.$eval('#document-json', (el) => {
      const area = el as HTMLTextAreaElement;
      area.value = area.value.replace(/250001/g, '300001');
      area.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const [saveDoc] = await page.$$('xpath/.//button[contains(., "保存整个规则集")]');
    await saveDoc.click();
    await waitForText(page, '#status', '已保存整个规则集');
    await page.click('#tab-review');
    await page.click('#run-tests');
    await waitForText(page, '#run-tests-output', '测试全部通过');

    await page.click('#show-diff');
    await waitForText(page, '#show-diff-output li', '新项目省级资金上限：25万元 → 30万元');
    await page.click('#show-impact');
    const impact = await waitForText(page, '#show-impact-output', '结果变化的有');
    expect(impact).toContain(PROJECT);
    expect(impact).toContain('新项目省级资金上限：未通过 → 通过');
    await screenshot(page, 'draft-review');

    await page.type('#publish-comment', '2022年新项目省级资金上限提高到30万元');
    await page.click('#publish');
    await waitForText(page, 'h1', '已发布');
    expect(await page.$eval('#page', (el) => el.textContent)).toContain('第 2 版已发布并已生效');
    const active = (await t.http.get('/api/rule-sets/hubei-2022').expect(200)).body;
    expect(active.activeVersion).toBe(2);
    expect(active.document.parameters.find((p: { name: string }) => p.name === 'capNew').value).toBe(300000);

    await page.goto(`${base}/rule-sets/hubei-2022`);
    await waitForText(page, '#versions', '生效中');
    await screenshot(page, 'rule-set-versions');
    await page.goto(`${base}/audit`);
    await waitForText(page, '#audit-list', '2022年新项目省级资金上限提高到30万元');
    await screenshot(page, 'audit');
    await context.close();
  }, 180_000);

  it('shows every main page at 1366×768 in Chinese, without a stack trace anywhere', async () => {
    const { context, page } = await signedInPage(browser, base, 'reviewer', PASSWORD);
    const pages: [string, string, string][] = [
      ['home', '/', '附件3 任务完成情况'],
      ['projects', '/projects?year=2022', '2022年度项目'],
      ['regions', '/regions?year=2022', '全省汇总'],
      ['region', `/regions/${encodeURIComponent('武汉')}?year=2022`, '县市区'],
      ['rule-sets', '/rule-sets', 'hubei-2022'],
    ];
    for (const [name, url, text] of pages) {
      await page.goto(`${base}${url}`);
      await waitForText(page, '#page', text);
      await screenshot(page, name);
    }
    // The list paginates: 25 projects, 20 a page.
    await page.goto(`${base}/projects?year=2022`);
    await waitForText(page, '#pager', '第 1/2 页');
    await (await page.$$('xpath/.//*[@id="pager"]//button[contains(., "下一页")]'))[0].click();
    await waitForText(page, '#pager', '第 2/2 页');
    expect(await page.$$eval('#project-list tbody tr', (rows) => rows.length)).toBe(5);

    // A batch of scorecards: progress shows while Chromium renders, then the ZIP is saved.
    await allowDownloads(page, path.join(downloads, 'batch'));
    await page.goto(`${base}/projects?year=2022&region=${encodeURIComponent('武汉')}`);
    await waitForText(page, '#project-list', '武汉光谷激光产业集群质量提升');
    await page.click('#batch-zip');
    expect(await page.$eval('.progress-box', (el) => (el as HTMLElement).hidden)).toBe(false);
    expect(await page.$eval('.progress-box .progress-caption', (el) => el.textContent)).toContain('正在生成');
    await waitForText(page, '#status', '已下载', 90_000);
    const zip = await waitForDownload(path.join(downloads, 'batch'), '.zip', 10_000);
    expect(fs.readFileSync(zip).subarray(0, 2).toString()).toBe('PK');

    // A missing project: a Chinese message, never a trace.
    await page.goto(`${base}/projects/no-such-project`);
    const message = await waitForText(page, '#status', '不存在');
    expect(message).not.toMatch(/at \w+ \(|Error:|\.ts:\d+/);

    // Keyboard: the skip link is the first stop and leads to the content.
    await page.goto(`${base}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');
    await context.close();
  }, 120_000);
});

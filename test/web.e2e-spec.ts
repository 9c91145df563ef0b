import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Browser, Page } from 'puppeteer-core';
import { UsersService } from '../src/auth/users.service';
import { sampleProjects } from '../src/bench/pdf-fixtures';
import { readJsonFile } from '../src/rule-sets/rule-set-files';
import { ROOT, startTestApp, TestApp } from './support/test-app';
import { allowDownloads, errorBeside, inViewport, launchBrowser, retype, screenshot, signedInPage, unitBesideInput, waitForDownload, waitForText } from './support/web-browser';

/**
 * The pages in a real Chromium against the running service (issue 5 §3, issue 12): an evaluator
 * enters a project in the form generated from the rule set's model, evaluates it from the panel
 * beside the form and downloads its scorecard; a region's progress is entered the same way; a
 * policy officer raises the new-project cap through the draft editor and publishes it. One
 * browser for the whole file.
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
    // A site icon, so no first visit ends in a 404: referenced by the pages and the sign-in form.
    expect(page.text).toContain('<link rel="icon" href="/assets/favicon.svg"');
    const login = await t.anonymous.get('/login').expect(200);
    expect(login.text).toContain('<link rel="icon" href="/assets/favicon.svg"');
    expect(login.headers['content-security-policy']).toContain("img-src 'self'");
    for (const url of ['/favicon.ico', '/assets/favicon.svg']) {
      const icon = await t.anonymous.get(url).expect(200);
      expect(icon.headers['content-type']).toMatch(/image\/svg\+xml/);
      expect(String(icon.body instanceof Buffer ? icon.body.toString() : icon.text)).toContain('<svg');
    }
  });

  it('a wrong password sends the browser back to /login with the reason, so a reload re-sends nothing', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${base}/login?next=${encodeURIComponent('/projects')}`);
    await page.type('#name', 'reviewer');
    await page.type('#password', 'not the password');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('error')).toBe('failed');
    expect(await page.$eval('.error', (el) => el.textContent)).toBe('用户名或密码错误');
    // A reload is a plain GET of the form (no "resubmit?" dialog, no second failed attempt).
    let dialog = false;
    page.on('dialog', async (d) => {
      dialog = true;
      await d.dismiss();
    });
    await page.reload();
    expect(dialog).toBe(false);
    expect(await page.$eval('.error', (el) => el.textContent)).toBe('用户名或密码错误');
    // Signing in from there still goes where the visitor was headed.
    await page.type('#name', 'reviewer');
    await page.type('#password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(new URL(page.url()).pathname).toBe('/projects');
    // Scripts keep the JSON answer.
    const json = await t.anonymous.post('/api/auth/login').send({ name: 'reviewer', password: 'wrong' }).expect(401);
    expect(json.body.message).toBe('用户名或密码错误');
    await context.close();
  });

  it('an evaluator creates a project in the generated form, evaluates it beside the form, sees 不符合 and downloads the scorecard', async () => {
    const { context, page } = await signedInPage(browser, base, 'reviewer', PASSWORD);
    await page.goto(`${base}/projects/new?year=2022`);
    await page.waitForSelector('#project-form');
    // The form is the rule set's model: identity first, then its sections with their titles.
    const groups = await page.$$eval('#project-form th.group', (els) => els.map((e) => e.textContent));
    expect(groups).toEqual(['基本信息', '产业集群现状', '问题、需求与推荐意见', '资金与报送', '项目进展与验收']);
    const labels = await page.$$eval('#project-form tbody:first-of-type th[scope="row"]', (els) => els.map((e) => e.textContent));
    expect(labels.slice(0, 5)).toEqual(['年度', '市州', '项目名称', '项目类别', '县市区']);
    expect(await page.$eval('#project-form textarea[name="mainProblems"]', (el) => el.tagName)).toBe('TEXTAREA');
    expect(await page.$$eval('#project-form datalist option', (els) => els.length)).toBe(26);
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
    await page.click('input[name="deliverables"][value="plan"]');
    await page.click('input[name="deliverables"][value="team"]');
    expect(await page.$eval('input[name="deliverables"][value="plan"]', (el) => el.closest('label')!.textContent)).toContain('（默认事项，待省局确认）');

    // Required marks follow the category and the stage: 主导产品 is required at application only.
    const marked = (name: string) => page.$eval(`[name="${name}"]`, (el) => document.querySelector(`label[for="${el.id}"]`)!.classList.contains('required'));
    expect(await marked('leadingProduct')).toBe(true);
    expect(await marked('progress.trainings')).toBe(false);
    await page.select('#stage', 'acceptance');
    expect(await marked('leadingProduct')).toBe(false);
    await page.select('#stage', 'application');

    // Every unit stays beside its input: 万元 as well as 家 and 人.
    for (const [name, unit] of [['funding.provincial', '万元'], ['cluster.profitTax2021', '万元'], ['cluster.enterprises', '家'], ['cluster.employees', '人']]) {
      expect(await unitBesideInput(page, `[name="${name}"]`)).toEqual({ unit, sameLine: true });
    }

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
    expect(stored.industry).toBe('manufacturing');
    expect(stored.deliverables).toEqual(['plan', 'team']);
    // Declared fields left empty are stored as null: the body is exactly what the schema declares.
    expect(stored.predecessor).toBeNull();
    expect(stored.progress).toEqual({ trainings: null, trainees: null, enterprisesServed: null, problemsSolved: null, publicityItems: null });

    // The evaluate button is in view without scrolling, and stays in view at the end of the form.
    expect(await inViewport(page, '#evaluate')).toBe(true);
    await screenshot(page, 'project-form-top', { fullPage: false });
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await new Promise((r) => setTimeout(r, 100));
    expect(await inViewport(page, '#evaluate')).toBe(true);
    expect(await inViewport(page, '#save')).toBe(true);

    await page.click('#evaluate');
    await waitForText(page, '.evaluation .verdict', '不符合');
    const row = await page.$eval('tr[data-rule="funding.cap.new"]', (el) => el.textContent ?? '');
    expect(row).toContain('未通过');
    expect(row).toContain('申请省级资金26万元，超过上限25万元');
    expect(await inViewport(page, '.evaluation .verdict')).toBe(true);
    await screenshot(page, 'project-evaluated-window', { fullPage: false });
    await screenshot(page, 'project-evaluated');

    await allowDownloads(page, downloads);
    const [button] = await page.$$('xpath/.//button[contains(., "下载评估报告")]');
    await button.click();
    await waitForText(page, '#status', '已下载', 90_000);
    const pdf = await waitForDownload(downloads, '.pdf', 10_000);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain(PROJECT);
    expect(text).toContain('超过上限25万元');

    // Editing: the stored values come back into the form (万元, choices, ticks) and a change saves.
    await page.goto(`${base}/projects/${id}`);
    await page.waitForSelector('#project-form');
    expect(await page.$eval('[name="cluster.output2021"]', (el) => (el as HTMLInputElement).value)).toBe('350000.5');
    expect(await page.$eval('[name="industry"]', (el) => (el as HTMLSelectElement).value)).toBe('manufacturing');
    expect(await page.$$eval('input[name="deliverables"]:checked', (els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['plan', 'team']);
    await retype(page, '[name="funding.localMatching"]', '30.5');
    await page.click('input[name="deliverables"][value="diagnosis"]');
    await page.click('#save');
    await waitForText(page, '#status', '已保存修改');
    const edited = (await t.http.get(`/api/projects/${id}`).expect(200)).body;
    expect([edited.revision, edited.funding, edited.deliverables]).toEqual([2, { provincial: 260000, localMatching: 305000, sourceSecured: true }, ['plan', 'team', 'diagnosis']]);

    // A problem only the server can see (the same name twice in a region and year) lands beside its field.
    await page.goto(`${base}/projects/new?year=2022`);
    await page.waitForSelector('#project-form');
    await fill('name', PROJECT);
    await page.select('[name="region"]', '黄石');
    await page.select('[name="category"]', 'new');
    await page.click('#save');
    expect(await errorBeside(page, '[name="name"]')).toBe('同一年度同一市州的项目名称不能重复');
    await context.close();
  }, 180_000);

  it('an evaluator enters a region\'s progress in the generated form: counts beside their targets, county rows, a server error on its row', async () => {
    const { context, page } = await signedInPage(browser, base, 'reviewer', PASSWORD);
    page.on('dialog', (d) => d.accept());
    await page.goto(`${base}/regions/${encodeURIComponent('黄石')}?year=2022`);
    await page.waitForSelector('#region-form');
    const groups = await page.$$eval('#region-form th.group', (els) => els.map((e) => e.textContent));
    expect(groups).toEqual(['附件3任务完成情况', '报送时间', '县市区培训与服务站']);
    // The region's target, a fact of the rule set, beside what it achieved.
    expect(await page.$eval('[name="achieved.wan"]', (el) => el.closest('.field-anchor')!.textContent)).toContain('任务 600家');
    expect(await unitBesideInput(page, '[name="achieved.wan"]')).toEqual({ unit: '家', sameLine: true });
    await page.type('[name="achieved.wan"]', '1050');
    await page.type('[name="achieved.qian"]', '120');
    await page.type('[name="achieved.bai"]', '8');
    await page.$eval('[name="submitted.plan"]', (el) => {
      (el as HTMLInputElement).value = '2022-03-24';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const [add] = await page.$$('xpath/.//button[contains(., "添加县市区")]');
    for (const [i, [name, trainings, trainees, stations]] of [['阳新县', '2', '120', '1'], ['阳新县', '1', '40', '0']].entries()) {
      await add.click();
      await page.type(`[data-pointer="/counties/${i}/name"]`, name);
      await page.type(`[data-pointer="/counties/${i}/trainings"]`, trainings);
      await page.type(`[data-pointer="/counties/${i}/trainees"]`, trainees);
      await page.type(`[data-pointer="/counties/${i}/stations"]`, stations);
    }
    await page.click('#save');
    expect(await errorBeside(page, '[data-pointer="/counties/1/name"]')).toBe('县市区“阳新县”重复');
    await screenshot(page, 'region-county-error');

    await retype(page, '[data-pointer="/counties/1/name"]', '大冶市');
    await page.click('#save');
    await waitForText(page, '#status', '已保存进度');
    const stored = (await t.http.get(`/api/regions/${encodeURIComponent('黄石')}/progress/2022`).expect(200)).body;
    expect(stored.achieved).toEqual({ wan: 1050, qian: 120, bai: 8 });
    expect(stored.submitted).toEqual({ plan: '2022-03-24', summary: null });
    expect(stored.counties).toEqual([
      { name: '阳新县', trainings: 2, trainees: 120, stations: 1 },
      { name: '大冶市', trainings: 1, trainees: 40, stations: 0 },
    ]);
    // A row deleted in the form is gone when saved.
    await page.waitForSelector('[data-pointer="/counties/1/name"]');
    const [remove] = await page.$$('xpath/.//button[@aria-label="删除第 2 行"]');
    await remove.click();
    await page.click('#save');
    await waitForText(page, '#status', '已保存进度');
    expect((await t.http.get(`/api/regions/${encodeURIComponent('黄石')}/progress/2022`).expect(200)).body.counties).toHaveLength(1);

    await page.click('#evaluate');
    await waitForText(page, '.evaluation .verdict', '不符合');
    expect(await page.$eval('tr[data-rule="coverage.training"]', (el) => el.textContent)).toContain('通过');
    await screenshot(page, 'region-evaluated', { fullPage: false });
    await context.close();
  }, 120_000);

  it('a policy officer raises the new-project cap to 30万 in the draft editor, tests, compares, previews the impact and publishes', async () => {
    const { context, page } = await signedInPage(browser, base, 'officer', PASSWORD);
    await page.goto(`${base}/rule-sets/hubei-2022/draft`);
    // The page asks for the draft first and offers to start one when there is none.
    await page.waitForSelector('#start-draft');
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
    // Each action in words, the raw route beneath it for the expert.
    const audit = await waitForText(page, '#audit-list', '评估项目 huangshi-2022-');
    expect(audit).toMatch(/评估项目 huangshi-2022-\d+（申报审查，结论：不符合）/);
    expect(audit).toContain('发布规则集 hubei-2022 第 2 版');
    expect(audit).toMatch(/POST \/api\/projects\/huangshi-2022-\d+\/evaluations/);
    expect(audit).not.toContain('POST /api/projects/:id/evaluations');
    await screenshot(page, 'audit');

    // A page sent here after discarding a draft says so once (?notice=draft-discarded).
    await page.goto(`${base}/rule-sets/hubei-2022?notice=draft-discarded`);
    await waitForText(page, '#status', '草稿已放弃');
    expect(page.url()).not.toContain('notice=');
    await context.close();
  }, 180_000);

  it('shows every main page at 1366×768 in Chinese, without a stack trace anywhere', async () => {
    const { context, page } = await signedInPage(browser, base, 'reviewer', PASSWORD);
    const pages: [string, string, string][] = [
      ['home', '/', '任务完成情况（附件3 任务分解表）'],
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
    // The seed has acceptance data: both stages show real results, not only 不符合.
    await page.goto(`${base}/`);
    await waitForText(page, '#page', '验收评价');
    const cards = await page.$$eval('.cards', (els) => els.map((c) => [c.getAttribute('aria-label'), c.querySelector('.card.pass .num')?.textContent, c.querySelector('.card.fail .num')?.textContent]));
    const acceptance = cards.find(([stage]) => stage === '验收评价')!;
    expect(Number(acceptance[1])).toBeGreaterThanOrEqual(5);
    expect(Number(acceptance[2])).toBeGreaterThan(0);
    expect(await page.$eval('#page', (el) => el.textContent)).toContain('3120 / 3000');

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

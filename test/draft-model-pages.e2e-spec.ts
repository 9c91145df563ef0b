import { Browser, Page } from 'puppeteer-core';
import { newProject, startTestApp, TestApp } from './support/test-app';
import { confirmingPage, launchBrowser, retype, screenshot, serveForBrowser, waitForText } from './support/web-browser';

/**
 * A policy officer edits the notice's model in the draft editor, in Chromium, without the JSON
 * tab: adds an Annex 2 field, renames another without touching stored data, writes a derived
 * fact by clicking what it uses and sees its value for a stored project, and is told who still
 * reads a field she tries to remove.
 */
describe('draft editor: fields and derived facts in Chromium', () => {
  const PASSWORD = 'Model-test-password-2023';
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  const draft = async () => (await t.http.get('/api/rule-sets/hubei-2023/draft').expect(200)).body;
  const projectField = async (key: string) => (await draft()).document.model.project.fields.find((f: { key: string }) => f.key === key);

  beforeAll(async () => {
    t = await startTestApp();
    base = await serveForBrowser(t, [{ name: 'officer', role: 'policy' }], PASSWORD);
    await t.http.post('/api/projects').send(newProject({ id: 'wuhan-a', name: '武汉激光产业集群', progress: { enterprisesServed: 30 } })).expect(201);
    await t.http.post('/api/rule-sets/hubei-2022/clone').send({ id: 'hubei-2023', year: 2023, title: '2023年度质量提升活动' }).expect(201);
    browser = await launchBrowser();
    ({ page } = await confirmingPage(browser, base, 'officer', PASSWORD));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('adds a field required at application for new projects, its key derived and editable', async () => {
    await page.goto(`${base}/rule-sets/hubei-2023/draft?tab=fields`);
    await page.waitForSelector('tr[data-field="cluster.enterprises"]');
    await page.click('#add-field summary');
    const form = '#add-field';
    await page.type(`${form} [data-role="label"]`, '链主企业');
    // No Latin letters to go on: a numbered key is proposed, and the officer gives a readable one.
    expect(await page.$eval(`${form} [data-role="key"]`, (el) => (el as HTMLInputElement).value)).toBe('field1');
    await retype(page, `${form} [data-role="key"]`, 'chain.leader');
    await page.click(`${form} input[value="when"]`);
    await page.click(`${form} input[data-role="stage"][value="application"]`);
    await page.click(`${form} input[data-role="category"][value="new"]`);
    await page.click('#add-field-save');
    await waitForText(page, '#status', '已新增字段「链主企业」（标识 chain.leader）');
    expect(await projectField('chain.leader')).toEqual({ key: 'chain.leader', label: '链主企业', type: 'text', section: 'basic', required: { stages: ['application'], categories: ['new'] } });
    await waitForText(page, 'tr[data-field="chain.leader"]', '申报审查时必填（仅2022年度新项目）');
  }, 120_000);

  it('renames 2021年利税 as 2022年利税 in place; the stored key stays', async () => {
    const row = 'tr[data-field="cluster.profitTax2021"]';
    await page.click(`${row} [data-action="relabel"]`);
    await retype(page, `${row} [data-role="new-label"]`, '2022年利税');
    await page.click(`${row} [data-action="save-label"]`);
    await waitForText(page, '#status', '已将「2021年利税」改名为「2022年利税」（标识 cluster.profitTax2021 不变）');
    expect((await projectField('cluster.profitTax2021')).label).toBe('2022年利税');
    expect((await t.http.get('/api/projects/wuhan-a').expect(200)).body.cluster.profitTax2021).toBe(120000000);
    await waitForText(page, `${row} .field-label`, '2022年利税');
  }, 120_000);

  it('adds a 单选 field with its choices typed in, and changes a field\'s bounds', async () => {
    const form = '#add-field';
    await page.click(`${form} summary`);
    await page.type(`${form} [data-role="label"]`, '链上角色');
    await retype(page, `${form} [data-role="key"]`, 'chain.role');
    await page.select(`${form} [data-role="type"]`, 'choice');
    await page.select(`${form} [data-pointer="/table"]`, '__new');
    await page.type(`${form} [data-role="options"]`, '链主企业\n配套企业\n');
    await page.click('#add-field-save');
    await waitForText(page, '#status', '已新增字段「链上角色」（标识 chain.role）');
    const doc = (await draft()).document;
    expect(doc.model.project.fields.find((f: { key: string }) => f.key === 'chain.role')).toEqual({ key: 'chain.role', label: '链上角色', type: 'choice', section: 'basic', table: 'roleChoices' });
    expect(doc.tables.roleChoices).toMatchObject({ label: '链上角色选项', key: 'id', display: 'label', rows: [{ id: 'opt1', label: '链主企业' }, { id: 'opt2', label: '配套企业' }] });
    await waitForText(page, 'tr[data-field="chain.role"]', '单选（链上角色选项）');

    const row = 'tr[data-field="cluster.enterprises"]';
    await page.click(`${row} [data-action="edit"]`);
    const editor = 'tr.field-editor:not([hidden])';
    await page.type(`${editor} [data-pointer="/max"]`, 'abc');
    await page.click(`${editor} [data-action="save-field"]`);
    await waitForText(page, `${editor} .field-error`, '请填写整数');
    await retype(page, `${editor} [data-pointer="/max"]`, '100000');
    await page.click(`${editor} [data-action="save-field"]`);
    await waitForText(page, '#status', '已保存字段「企业数量」');
    expect((await projectField('cluster.enterprises')).max).toBe(100000);
    await waitForText(page, row, '0–100000家');
  }, 120_000);

  it('writes a derived fact by clicking what it uses: errors beside the box, the value previewed', async () => {
    await page.click('#tab-facts');
    await page.click('#new-fact');
    await page.type('#fact-label', '服务企业覆盖率');
    await retype(page, '#fact-name', 'service.coverage');
    await page.type('#fact-cel', 'input.progress.enterprisesServed /');
    const error = await waitForText(page, '#fact-check', '表达式不完整');
    expect(error).toContain('第 35 个字符处：表达式不完整（结尾缺少内容，例如括号未闭合）');
    await screenshot(page, 'draft-fact-error');

    await page.$eval('#fact-cel', (el) => ((el as HTMLTextAreaElement).value = ''));
    await page.type('#vocabulary-search', '服务企业');
    await page.click('aside.vocabulary button[data-insert="input.progress.enterprisesServed"]');
    await page.type('#fact-cel', ' / ');
    await retype(page, '#vocabulary-search', '企业数量');
    await page.click('aside.vocabulary button[data-insert="input.cluster.enterprises"]');
    expect(await page.$eval('#fact-cel', (el) => (el as HTMLTextAreaElement).value)).toBe('input.progress.enterprisesServed / input.cluster.enterprises');
    await waitForText(page, '#fact-check', '表达式正确，结果为数字');
    const preview = await waitForText(page, '#fact-preview', '0.25');
    expect(preview).toContain('项目「武汉激光产业集群」');
    await screenshot(page, 'draft-fact-preview');

    await page.click('#fact-save');
    await waitForText(page, '#status', '已保存派生事实「服务企业覆盖率」');
    const saved = (await draft()).document.facts.find((f: { name: string }) => f.name === 'service.coverage');
    expect(saved).toEqual({ name: 'service.coverage', subject: 'project', label: '服务企业覆盖率', type: 'number', cel: 'input.progress.enterprisesServed / input.cluster.enterprises' });
    await waitForText(page, 'tr[data-fact="service.coverage"]', '服务企业覆盖率');
  }, 120_000);

  it('refuses to remove a field the new fact reads, naming the fact; nothing changes', async () => {
    const before = await draft();
    await page.click('#tab-fields');
    const row = 'tr[data-field="cluster.enterprises"]';
    await page.click(`${row} [data-action="remove"]`);
    const message = await waitForText(page, '.field-message', '仍被使用');
    expect(message).toContain('字段「企业数量」（cluster.enterprises）仍被使用，不能删除：派生事实「服务企业覆盖率」');
    await screenshot(page, 'draft-field-removal-refused');
    expect(await draft()).toEqual(before);
  }, 120_000);
});

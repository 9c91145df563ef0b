import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Browser, ElementHandle, Page } from 'puppeteer-core';
import { readJsonFile } from '../src/rule-sets/rule-set-files';
import { pdfTextCompact } from './support/pdf-tools';
import { ROOT, startTestApp, TestApp } from './support/test-app';
import { allowDownloads, confirmingPage, launchBrowser, retype, screenshot, serveForBrowser, signedInPage, waitForDownload, waitForText } from './support/web-browser';
import { binary } from './support/binary-body';

/**
 * Issue 12 §6, the acceptance scenario, in Chromium: a policy officer turns the 2022 notice into
 * the 2023 one in the pages only — never the JSON tab, never a write to the draft API — then an
 * evaluator enters a 2023 产业链 project in the generated form, evaluates it and prints it, and
 * the 2022 projects evaluate and print as before. The draft API is only read, to check what the
 * pages saved; the 2022 projects are stored and evaluated through the API, as an integrator would.
 */
describe('issue 12 acceptance: the 2023 notice made in the pages', () => {
  const PASSWORD = 'Acceptance-2023-password';
  const SET = 'hubei-2023';
  const DRAFT_PAGE = `/rule-sets/${SET}/draft`;
  const downloads = path.join(ROOT, 'test-output', 'acceptance-2023-downloads');
  const seed = readJsonFile(path.join(ROOT, 'prisma', 'seed', 'projects-2022.json'), 'seed') as { id: string }[];
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;

  type Result = { ruleId: string; title: string; outcome: string; message: string; severity: string };
  type Evaluation = { id: string; compliant: boolean; score: number | null; grade: string | null; ruleSet: { id: string; version: number; hash: string }; results: Result[] };
  /** Every seed project at both stages, as the API answers it: what must not change. */
  let before2022: Record<string, Evaluation>;
  let storedPdfBefore: string;

  /**
   * A stored evaluation's scorecard as text in drawing order, its verification code (which
   * hashes the evaluation's id and time, so differs between two evaluations) masked.
   */
  const pdfOf = async (evaluationId: string) => {
    const pdf = (await t.http.get(`/api/evaluations/${evaluationId}/report.pdf`).buffer(true).parse(binary).expect(200)).body as Buffer;
    const text = pdfTextCompact(pdf, { raw: true });
    expect(text).toMatch(/核验码[0-9A-F]{4}(-[0-9A-F]{4}){3}/);
    return text.replace(/核验码[0-9A-F]{4}(-[0-9A-F]{4}){3}/g, '核验码XXXX-XXXX-XXXX-XXXX');
  };
  const evaluate2022 = async () => {
    const out: Record<string, Evaluation> = {};
    for (const p of seed) {
      for (const stage of ['application', 'acceptance']) {
        out[`${p.id}@${stage}`] = (await t.http.post(`/api/projects/${p.id}/evaluations`).send({ stage }).expect(201)).body;
      }
    }
    return out;
  };
  const draft = async () => (await t.http.get(`/api/rule-sets/${SET}/draft`).expect(200)).body.document;
  const rule = async (id: string) => (await draft()).rules.find((r: { id: string }) => r.id === id);

  /**
   * The text of one column of a PDF's rule tables (the words under `heading`, in reading order,
   * without spaces): a message wrapped inside its cell reads whole, not interleaved with the
   * cells beside it as in the page's text.
   */
  function pdfColumn(file: string, heading: string): string {
    const xml = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
    return [...xml.matchAll(/<page[^>]*>([\s\S]*?)<\/page>/g)].map(([, pageXml]) => {
      const words = [...pageXml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map(([, x, y, text]) => ({ x: Number(x), y: Number(y), text }));
      const head = words.find((w) => w.text === heading);
      if (!head) return '';
      return words.filter((w) => w.x >= head.x - 2 && w.y >= head.y).sort((a, b) => Math.round(a.y) - Math.round(b.y) || a.x - b.x).map((w) => w.text).join('');
    }).join('');
  }

  const inputValue = (selector: string) => page.$eval(selector, (el) => (el as HTMLInputElement).value);

  /** Empties a text box as a person would (select all, delete). */
  async function clear(box: ElementHandle<Element>) {
    await box.focus();
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.press('Backspace');
  }

  /**
   * Writes a message box anew: text typed, placeholders (`[name]`) picked from the list beside
   * the box and inserted at the cursor.
   */
  async function compose(box: ElementHandle<Element>, parts: (string | [string])[]) {
    const field = (await box.evaluateHandle((el) => el.closest('.message-field')!)) as ElementHandle<Element>;
    await clear(box);
    for (const part of parts) {
      if (typeof part === 'string') await box.type(part);
      else {
        await (await field.$('select.placeholder-list'))!.select(part[0]);
        await (await field.$('button.insert-placeholder'))!.click();
      }
    }
  }
  const messageBox = async (form: string, pointer: string) => (await page.$(`${form} textarea[data-pointer="${pointer}"]`))!;

  /** Picks the stored project a derived fact is previewed on, by its name in the list. */
  async function previewOn(name: string) {
    await page.waitForFunction(() => document.querySelectorAll('#fact-preview-source option').length > 1);
    const value = await page.$$eval('#fact-preview-source option', (os, n) => os.find((o) => o.textContent!.includes(n))!.getAttribute('value')!, name);
    await page.select('#fact-preview-source', value);
  }

  async function openTab(key: string) {
    await page.click(`#tab-${key}`);
    await page.waitForSelector(`#panel-${key}:not([hidden])`);
  }

  /** The 新增一条规则 form, filled in: scope, the first condition's fact and operator. */
  async function newRule(r: { id: string; title: string; clause: string; category: string; stage: string; appliesTo?: string; fact: string; operator: string }) {
    await page.click('#add-rule');
    const form = 'form.rule-editor[data-rule="__new__"]';
    await page.waitForSelector(form);
    await page.type(`${form} .rule-id`, r.id);
    await page.type(`${form} .rule-title`, r.title);
    await page.type(`${form} .rule-clause`, r.clause);
    await page.type(`${form} .rule-category`, r.category);
    await page.select(`${form} .rule-stage`, r.stage);
    if (r.appliesTo) await page.click(`${form} .rule-applies input[value="${r.appliesTo}"]`);
    await page.select(`${form} .cond-fact`, r.fact);
    await page.select(`${form} .cond-op`, r.operator);
    return form;
  }

  async function addMissing(form: string, fact: string, message: string) {
    await page.click(`${form} .add-missing`);
    const item = `${form} .missing-item:last-child`;
    await page.select(`${item} select.missing-fact`, fact);
    await page.type(`${item} textarea`, message);
  }

  beforeAll(async () => {
    t = await startTestApp();
    base = await serveForBrowser(t, [{ name: 'officer', role: 'policy' }, { name: 'clerk', role: 'evaluator' }], PASSWORD);
    for (const p of seed) await t.http.post('/api/projects').send(p).expect(201);
    before2022 = await evaluate2022();
    storedPdfBefore = await pdfOf(before2022['wuhan-2022-01@application'].id);
    browser = await launchBrowser();
    ({ page } = await confirmingPage(browser, base, 'officer', PASSWORD));
    fs.rmSync(downloads, { recursive: true, force: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('1. clones hubei-2022 into the 2023 rule set from the rule-set page, and names the 2023 notice', async () => {
    await page.goto(`${base}/rule-sets/hubei-2022`);
    await page.waitForSelector('#clone-form');
    // The form proposes next year's id, year and title; the officer keeps them.
    expect(await inputValue('#clone-id')).toBe(SET);
    expect(await inputValue('#clone-year')).toBe('2023');
    await retype(page, '#clone-title', '2023年度“万千百十一”质量提升活动');
    await Promise.all([page.waitForNavigation(), page.click('#clone-form button[type=submit]')]);
    expect(new URL(page.url()).pathname).toBe(DRAFT_PAGE);
    await waitForText(page, 'h1', '2023年度“万千百十一”质量提升活动');
    await waitForText(page, '#draft-head', '基于 hubei-2022 第 1 版');

    // The notice it carries out, printed at the head of the scorecards, is this year's.
    await page.click('details.notice-info > summary');
    expect(await inputValue('#notice-noticeTitle')).toBe('省市场监管局关于开展2022年度“万千百十一”质量提升活动的通知');
    await retype(page, '#notice-noticeTitle', '省市场监管局关于开展2023年度“万千百十一”质量提升活动的通知');
    // The date picker's typing order follows the browser's locale: set the date as the picker would.
    await page.$eval('#notice-documentDate', (el) => {
      (el as HTMLInputElement).value = '2023-03-15';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await screenshot(page, 'acceptance-2023-notice-info', { fullPage: false });
    await page.click('#save-notice-info');
    await waitForText(page, '#status', '已保存通知信息');
    const doc = await draft();
    expect([doc.id, doc.year, doc.title, doc.noticeTitle, doc.documentDate, doc.documentNumber])
      .toEqual([SET, 2023, '2023年度“万千百十一”质量提升活动', '省市场监管局关于开展2023年度“万千百十一”质量提升活动的通知', '2023-03-15', null]);
  }, 60_000);

  it('2. adds the category 产业链质量提升项目 with a 40万元 cap and its own rule', async () => {
    // 参数: the cap, typed in 万元, stored in yuan.
    await openTab('parameters');
    await page.click('.add-parameter > summary');
    await page.type('#new-param-label', '产业链项目省级资金上限');
    await page.type('#new-param-name', 'capChain');
    await page.select('#new-param-type', 'amount');
    await page.type('#new-param-value', '40');
    await page.type('#new-param-clause', '三（三）');
    await page.click('#add-parameter-submit');
    await waitForText(page, '#status', '已添加参数「产业链项目省级资金上限」');

    // 表格: the category.
    await openTab('tables');
    const cell = (table: string, row: number, column: string) => `#grid-${table} [data-pointer="/tables/${table}/rows/${row}/${column}"]`;
    await page.click('#grid-categories details.add-row > summary');
    await page.type(cell('categories', 5, 'id'), 'chain');
    await page.type(cell('categories', 5, 'label'), '产业链质量提升项目');
    await page.type(cell('categories', 5, 'clause'), '三（三）');
    await page.click('#add-row-categories');
    await waitForText(page, '#status', '已在「项目类别」新增一行');
    await page.waitForSelector('#grid-categories tr[data-key="chain"]');

    // 规则: provincial funds not above the cap, for this category, at 申报审查.
    await openTab('rules');
    const form = await newRule({ id: 'funding.cap.chain', title: '产业链项目省级资金上限', clause: '三（三）', category: 'funding', stage: 'application', appliesTo: 'chain', fact: 'funding.provincial', operator: 'lessThanInclusive' });
    await page.select(`${form} .cond-mode`, 'param');
    await page.select(`${form} .cond-ref`, 'param.capChain');
    await compose(await messageBox(form, '/requirement'), ['省级资金不超过', ['param.capChain']]);
    await compose(await messageBox(form, '/messages/pass'), ['申请省级资金', ['funding.provincial'], '，未超过上限', ['param.capChain']]);
    await compose(await messageBox(form, '/messages/fail'), ['申请省级资金', ['funding.provincial'], '，超过产业链项目上限', ['param.capChain']]);
    expect(await inputValue(`${form} textarea[data-pointer="/messages/fail"]`)).toBe('申请省级资金「省级资金（万元）」，超过产业链项目上限「产业链项目省级资金上限（万元）」');
    await addMissing(form, 'funding.provincial', '未填写申请的省级资金');
    await page.click(`${form} .save-rule`);
    await waitForText(page, '#status', '已新增规则「产业链项目省级资金上限」');
    await waitForText(page, 'article[data-rule="funding.cap.chain"] .rule-when', '「省级资金（万元）」 不超过 参数「产业链项目省级资金上限」（当前 40万元）');

    const doc = await draft();
    expect(doc.parameters.find((p: { name: string }) => p.name === 'capChain')).toEqual({ name: 'capChain', label: '产业链项目省级资金上限', type: 'amount', unit: '元', value: 400000, clause: '三（三）' });
    expect(doc.tables.categories.rows.at(-1)).toEqual({ id: 'chain', label: '产业链质量提升项目', clause: '三（三）' });
    expect(doc.rules.find((r: { id: string }) => r.id === 'funding.cap.chain')).toEqual({
      id: 'funding.cap.chain', title: '产业链项目省级资金上限', clause: '三（三）', category: 'funding', subject: 'project', stage: 'application', appliesTo: ['chain'], severity: 'blocking',
      requirement: '省级资金不超过{{param.capChain}}',
      conditions: { all: [{ fact: 'funding.provincial', operator: 'lessThanInclusive', value: { fact: 'param.capChain' } }] },
      messages: {
        pass: '申请省级资金{{funding.provincial}}，未超过上限{{param.capChain}}',
        fail: '申请省级资金{{funding.provincial}}，超过产业链项目上限{{param.capChain}}',
        missing: [{ fact: 'funding.provincial', message: '未填写申请的省级资金' }],
      },
    });
  }, 90_000);

  it('3. adds the Annex 2 fields 链主企业 and 带动上下游企业数 in their own section, and the rule of at least 30', async () => {
    await openTab('fields');
    await page.waitForSelector('tr[data-field="cluster.enterprises"]');
    // A section of its own, moved before 项目进展与验收.
    await page.type('#new-section-label', '产业链情况');
    await page.click('#add-section');
    await waitForText(page, '#status', '已新增分组「产业链情况」');
    const [up] = await page.$$('xpath/.//section[contains(@class,"model-section")][.//h3[text()="产业链情况"]]//button[text()="上移"]');
    await up.click();
    await waitForText(page, '#status', '已上移分组「产业链情况」');
    const sections = await page.$$eval('#panel-fields section.model-section h3', (els) => els.map((e) => e.textContent));
    expect(sections).toEqual(['基本信息', '产业集群现状', '问题、需求与推荐意见', '资金与报送', '产业链情况', '项目进展与验收']);
    const sectionId = (await draft()).model.project.sections.find((s: { label: string }) => s.label === '产业链情况').id;

    const form = '#add-field';
    await page.click(`${form} summary`);
    await page.type(`${form} [data-role="label"]`, '链主企业');
    await retype(page, `${form} [data-role="key"]`, 'chain.leader');
    await page.select(`${form} [data-pointer="/section"]`, sectionId);
    await page.click(`${form} input[value="when"]`);
    await page.click(`${form} input[data-role="stage"][value="application"]`);
    await page.click(`${form} input[data-role="category"][value="chain"]`);
    await page.click('#add-field-save');
    await waitForText(page, '#status', '已新增字段「链主企业」（标识 chain.leader）');
    await waitForText(page, 'tr[data-field="chain.leader"]', '申报审查时必填（仅产业链质量提升项目）');

    await page.click(`${form} summary`);
    await page.type(`${form} [data-role="label"]`, '带动上下游企业数');
    await retype(page, `${form} [data-role="key"]`, 'chain.partners');
    await page.select(`${form} [data-role="type"]`, 'integer');
    await page.type(`${form} [data-pointer="/unit"]`, '家');
    await page.select(`${form} [data-pointer="/section"]`, sectionId);
    await page.type(`${form} [data-pointer="/min"]`, '0');
    await page.click('#add-field-save');
    await waitForText(page, '#status', '已新增字段「带动上下游企业数」（标识 chain.partners）');
    await waitForText(page, 'tr[data-field="chain.partners"]', '不少于 0家');
    await page.$eval(`section.model-section[data-section="${sectionId}"]`, (el) => el.scrollIntoView());
    await screenshot(page, 'acceptance-2023-fields', { fullPage: false });

    const fields = (await draft()).model.project.fields;
    expect(fields.find((f: { key: string }) => f.key === 'chain.leader')).toEqual({ key: 'chain.leader', label: '链主企业', type: 'text', section: sectionId, required: { stages: ['application'], categories: ['chain'] } });
    expect(fields.find((f: { key: string }) => f.key === 'chain.partners')).toEqual({ key: 'chain.partners', label: '带动上下游企业数', type: 'integer', unit: '家', section: sectionId, min: 0 });

    // The rule: at least 30, for 产业链 projects at 申报审查.
    await openTab('rules');
    const partners = await newRule({ id: 'chain.partners', title: '带动上下游企业数', clause: '三（三）', category: 'eligibility', stage: 'application', appliesTo: 'chain', fact: 'chain.partners', operator: 'greaterThanInclusive' });
    expect(await page.$eval(`${partners} .cond-mode`, (el) => (el as HTMLSelectElement).value)).toBe('fixed');
    await page.type(`${partners} .cond-value input`, '30');
    await compose(await messageBox(partners, '/requirement'), ['链主企业带动上下游企业不少于30家']);
    await compose(await messageBox(partners, '/messages/pass'), ['带动上下游企业', ['chain.partners'], '家，不少于30家']);
    await compose(await messageBox(partners, '/messages/fail'), ['带动上下游企业', ['chain.partners'], '家，少于30家']);
    await addMissing(partners, 'chain.partners', '未填写带动上下游企业数');
    await page.click(`${partners} .save-rule`);
    await waitForText(page, '#status', '已新增规则「带动上下游企业数」');
    expect(await rule('chain.partners')).toMatchObject({
      appliesTo: ['chain'], stage: 'application',
      conditions: { all: [{ fact: 'chain.partners', operator: 'greaterThanInclusive', value: 30 }] },
      messages: { pass: '带动上下游企业{{chain.partners}}家，不少于30家', fail: '带动上下游企业{{chain.partners}}家，少于30家', missing: [{ fact: 'chain.partners', message: '未填写带动上下游企业数' }] },
    });

    // 链主企业 is required of this category: the completeness rule now covers it too.
    await page.click('article[data-rule="form.complete"] .edit-rule');
    const complete = 'form.rule-editor[data-rule="form.complete"]';
    await page.waitForSelector(complete);
    await page.click(`${complete} .rule-applies input[value="chain"]`);
    await page.click(`${complete} .save-rule`);
    await waitForText(page, '#status', '已保存规则「推荐表填写完整」');
    expect((await rule('form.complete')).appliesTo).toEqual(['new', 'chain']);
  }, 120_000);

  it('4. changes matching from 等额 to at least 50% of the provincial funds: a parameter, a derived fact, the builder, the messages', async () => {
    await openTab('parameters');
    await page.click('.add-parameter > summary');
    await page.type('#new-param-label', '地方配套比例下限');
    await page.type('#new-param-name', 'matchingRatio');
    await page.select('#new-param-type', 'number');
    await page.type('#new-param-value', '0.5');
    await page.type('#new-param-clause', '三（四）');
    await page.type('#new-param-note', '地方配套资金不少于省级资金的50%');
    await page.click('#add-parameter-submit');
    await waitForText(page, '#status', '已添加参数「地方配套比例下限」');

    await openTab('facts');
    await page.click('#new-fact');
    await page.type('#fact-label', '应配套资金');
    await retype(page, '#fact-name', 'funding.requiredMatching');
    await page.select('#fact-type', 'amount');
    await page.type('#fact-cel', 'input.funding.provincial * param.matchingRatio');
    await waitForText(page, '#fact-check', '表达式正确，结果为金额');
    expect(await page.$$eval('#fact-check .field-error', (els) => els.length)).toBe(0);
    // Previewed on a stored 2022 project (25万元 of provincial funds).
    await previewOn('武汉光谷激光产业集群质量提升');
    await waitForText(page, '#fact-preview', '项目「武汉光谷激光产业集群质量提升」：12.5万元');
    await page.click('#fact-save');
    await waitForText(page, '#status', '已保存派生事实「应配套资金」');
    await page.waitForSelector('tr[data-fact="funding.requiredMatching"]');

    await openTab('rules');
    const card = 'article[data-rule="funding.matching"]';
    await page.click(`${card} .edit-rule`);
    const form = 'form.rule-editor[data-rule="funding.matching"]';
    await page.waitForSelector(form);
    const leaf = `${form} .cond-leaf`;
    await page.select(`${leaf} .cond-ref`, 'funding.requiredMatching');
    await page.click(`${form} .rule-applies input[value="chain"]`);
    await retype(page, `${form} .rule-title`, '地方按比例配套');
    await compose(await messageBox(form, '/requirement'), ['地方配套工作经费不少于省级资金乘以', ['param.matchingRatio']]);
    await compose(await messageBox(form, '/messages/pass'), ['地方配套', ['funding.localMatching'], '，不少于应配套资金', ['funding.requiredMatching']]);
    await compose(await messageBox(form, '/messages/fail'), ['地方配套', ['funding.localMatching'], '，少于应配套资金', ['funding.requiredMatching'], '（省级资金', ['funding.provincial'], '×', ['param.matchingRatio'], '）']);
    const [firstMissing] = await page.$$(`${form} .missing-item textarea`);
    await compose(firstMissing, ['未填写申请的省级资金，无法核对地方配套']);
    expect(await inputValue(`${form} textarea[data-pointer="/messages/fail"]`))
      .toBe('地方配套「地方配套资金（万元）」，少于应配套资金「应配套资金（万元）」（省级资金「省级资金（万元）」×「地方配套比例下限」）');
    await page.$eval(form, (el) => el.scrollIntoView());
    await screenshot(page, 'acceptance-2023-rule-builder', { fullPage: false });
    await page.click(`${form} .save-rule`);
    await waitForText(page, '#status', '已保存规则「地方按比例配套」');
    await waitForText(page, `${card} .rule-when`, '「地方配套资金（万元）」 不少于 「应配套资金（万元）」');

    // The field's help text said 等额 too.
    await openTab('fields');
    const row = 'tr[data-field="funding.localMatching"]';
    await page.click(`${row} [data-action="edit"]`);
    const editor = 'tr.field-editor:not([hidden])';
    await retype(page, `${editor} [data-pointer="/help"]`, '以万元填写，应不少于省级资金的50%');
    await page.click(`${editor} [data-action="save-field"]`);
    await waitForText(page, '#status', '已保存字段「地方配套资金」');

    const doc = await draft();
    expect(doc.parameters.find((p: { name: string }) => p.name === 'matchingRatio')).toEqual({ name: 'matchingRatio', label: '地方配套比例下限', type: 'number', value: 0.5, clause: '三（四）', note: '地方配套资金不少于省级资金的50%' });
    expect(doc.facts.find((f: { name: string }) => f.name === 'funding.requiredMatching')).toEqual({ name: 'funding.requiredMatching', subject: 'project', label: '应配套资金', type: 'amount', cel: 'input.funding.provincial * param.matchingRatio' });
    expect(doc.rules.find((r: { id: string }) => r.id === 'funding.matching')).toEqual({
      id: 'funding.matching', title: '地方按比例配套', clause: '三（一）（二）', category: 'funding', subject: 'project', stage: 'application', appliesTo: ['new', 'continued', 'chain'], severity: 'blocking',
      requirement: '地方配套工作经费不少于省级资金乘以{{param.matchingRatio}}',
      conditions: { all: [{ fact: 'funding.localMatching', operator: 'greaterThanInclusive', value: { fact: 'funding.requiredMatching' } }] },
      messages: {
        pass: '地方配套{{funding.localMatching}}，不少于应配套资金{{funding.requiredMatching}}',
        fail: '地方配套{{funding.localMatching}}，少于应配套资金{{funding.requiredMatching}}（省级资金{{funding.provincial}}×{{param.matchingRatio}}）',
        missing: [
          { fact: 'funding.provincial', message: '未填写申请的省级资金，无法核对地方配套' },
          { fact: 'funding.localMatching', message: '未填写地方配套资金（省级资金{{funding.provincial}}）' },
        ],
      },
    });
    expect(doc.model.project.fields.find((f: { key: string }) => f.key === 'funding.localMatching').help).toBe('以万元填写，应不少于省级资金的50%');
  }, 120_000);

  it('5. adds the derived fact 服务企业覆盖率 and an acceptance rule of at least 30%', async () => {
    await openTab('facts');
    await page.click('#new-fact');
    await page.type('#fact-label', '服务企业覆盖率');
    await retype(page, '#fact-name', 'service.coverage');
    await page.type('#fact-cel', 'input.progress.enterprisesServed / input.cluster.enterprises');
    await page.type('#fact-note', '服务企业数 ÷ 集群企业数');
    await waitForText(page, '#fact-check', '表达式正确，结果为数字');
    await previewOn('武汉光谷激光产业集群质量提升');
    await waitForText(page, '#fact-preview', '项目「武汉光谷激光产业集群质量提升」：0.5417'); // 65 ÷ 120
    await page.click('#fact-save');
    await waitForText(page, '#status', '已保存派生事实「服务企业覆盖率」');

    await openTab('rules');
    const form = await newRule({ id: 'service.coverage', title: '服务企业覆盖率', clause: '四（二）', category: 'service', stage: 'acceptance', fact: 'service.coverage', operator: 'greaterThanInclusive' });
    await page.type(`${form} .cond-value input`, '0.3');
    await compose(await messageBox(form, '/requirement'), ['服务企业数不少于集群企业数的30%']);
    await compose(await messageBox(form, '/messages/pass'), ['服务企业覆盖率', ['service.coverage'], '，达到0.3']);
    await compose(await messageBox(form, '/messages/fail'), ['服务企业覆盖率', ['service.coverage'], '，低于0.3（服务企业', ['progress.enterprisesServed'], '家）']);
    await addMissing(form, 'progress.enterprisesServed', '未填写服务企业数，无法计算服务企业覆盖率');
    await addMissing(form, 'cluster.enterprises', '未填写集群企业数量，无法计算服务企业覆盖率');
    await page.click(`${form} .save-rule`);
    await waitForText(page, '#status', '已新增规则「服务企业覆盖率」');

    const doc = await draft();
    expect(doc.facts.find((f: { name: string }) => f.name === 'service.coverage')).toEqual({ name: 'service.coverage', subject: 'project', label: '服务企业覆盖率', type: 'number', cel: 'input.progress.enterprisesServed / input.cluster.enterprises', note: '服务企业数 ÷ 集群企业数' });
    expect(doc.rules.find((r: { id: string }) => r.id === 'service.coverage')).toEqual({
      id: 'service.coverage', title: '服务企业覆盖率', clause: '四（二）', category: 'service', subject: 'project', stage: 'acceptance', severity: 'blocking',
      requirement: '服务企业数不少于集群企业数的30%',
      conditions: { all: [{ fact: 'service.coverage', operator: 'greaterThanInclusive', value: 0.3 }] },
      messages: {
        pass: '服务企业覆盖率{{service.coverage}}，达到0.3',
        fail: '服务企业覆盖率{{service.coverage}}，低于0.3（服务企业{{progress.enterprisesServed}}家）',
        missing: [
          { fact: 'progress.enterprisesServed', message: '未填写服务企业数，无法计算服务企业覆盖率' },
          { fact: 'cluster.enterprises', message: '未填写集群企业数量，无法计算服务企业覆盖率' },
        ],
      },
    });
  }, 90_000);

  it('6. turns 五个一 into 六个一: the row 一项团体标准, the rule and the field retitled', async () => {
    await openTab('tables');
    const cell = (column: string) => `#grid-fiveOnes [data-pointer="/tables/fiveOnes/rows/5/${column}"]`;
    await page.click('#grid-fiveOnes details.add-row > summary');
    await page.type(cell('id'), 'groupStandard');
    await page.type(cell('label'), '一项团体标准');
    await page.click('#add-row-fiveOnes');
    await waitForText(page, '#status', '新增一行');
    await page.waitForSelector('#grid-fiveOnes tr[data-key="groupStandard"]');

    await openTab('rules');
    await page.click('article[data-rule="deliverables.five-ones"] .edit-rule');
    const form = 'form.rule-editor[data-rule="deliverables.five-ones"]';
    await page.waitForSelector(form);
    await retype(page, `${form} .rule-title`, '“六个一”工作要求');
    await compose(await messageBox(form, '/requirement'), ['“六个一”各项均已完成']);
    await compose(await messageBox(form, '/messages/pass'), ['“六个一”', ['deliverables.deliveredCount'], '项均已完成']);
    await compose(await messageBox(form, '/messages/fail'), ['“六个一”有', ['deliverables.missingCount'], '项未完成：', ['deliverables.missing']]);
    await page.click(`${form} .save-rule`);
    await waitForText(page, '#status', '已保存规则「“六个一”工作要求」');

    await openTab('fields');
    const row = 'tr[data-field="deliverables"]';
    await page.click(`${row} [data-action="relabel"]`);
    await retype(page, `${row} [data-role="new-label"]`, '已完成的“六个一”事项');
    await page.click(`${row} [data-action="save-label"]`);
    await waitForText(page, '#status', '已将「已完成的“五个一”事项」改名为「已完成的“六个一”事项」');

    const doc = await draft();
    expect(doc.tables.fiveOnes.rows.map((r: { label: string }) => r.label)).toEqual(['一个项目实施方案', '一支技术服务团队', '一次质量诊断', '一批问题解决方案', '一份项目总结报告', '一项团体标准']);
    expect(doc.rules.find((r: { id: string }) => r.id === 'deliverables.five-ones')).toMatchObject({
      title: '“六个一”工作要求', requirement: '“六个一”各项均已完成',
      conditions: { all: [{ fact: 'deliverables.missingCount', operator: 'equal', value: 0 }] },
      messages: { pass: '“六个一”{{deliverables.deliveredCount}}项均已完成', fail: '“六个一”有{{deliverables.missingCount}}项未完成：{{deliverables.missing}}' },
    });
  }, 90_000);

  it('7. relabels 2021年利税 (and 产值, 产量) as 2022年…; the stored keys stay', async () => {
    for (const [key, from, to] of [['cluster.profitTax2021', '2021年利税', '2022年利税'], ['cluster.output2021', '2021年产值', '2022年产值'], ['cluster.production2021', '2021年产量', '2022年产量']]) {
      const row = `tr[data-field="${key}"]`;
      await page.click(`${row} [data-action="relabel"]`);
      await retype(page, `${row} [data-role="new-label"]`, to);
      await page.click(`${row} [data-action="save-label"]`);
      await waitForText(page, '#status', `已将「${from}」改名为「${to}」（标识 ${key} 不变）`);
      await waitForText(page, `${row} .field-label`, to);
    }
    const fields = (await draft()).model.project.fields;
    expect(fields.find((f: { key: string }) => f.key === 'cluster.profitTax2021')).toEqual({ key: 'cluster.profitTax2021', label: '2022年利税', type: 'amount', section: 'cluster', required: { stages: ['application'] } });
  }, 60_000);

  it('8. runs the tests, corrects and adds fixtures in their forms, publishes with a comment and activates', async () => {
    await openTab('tests');
    await page.click('#run-draft-tests');
    const failure = await waitForText(page, '#draft-tests-output', '有测试未通过');
    // Exactly what the edits changed: 1 yuan short of 等额 is enough now, and 五个一 are no longer all six.
    expect(failure).toContain('共 9 个，未通过 3 个');
    expect(failure).toContain('项目「黄石测试产业质量提升」 · 地方按比例配套：应为不符合，实际符合');
    expect(failure).toContain('项目「十堰房县酿酒和发酵产业集群质量提升」 · 地方按比例配套：应为不符合，实际符合');
    expect(failure).toContain('项目「武汉验收测试」 · “六个一”工作要求：应为符合，实际不符合（“六个一”有1项未完成：一项团体标准）');

    /** Opens a test's form and one of its subjects. */
    const openSubject = async (testPrefix: string, id: string) => {
      await page.click(`#test-list tr[data-test^="${testPrefix}"] .edit-test`);
      await page.waitForSelector('#test-editor');
      const [subject] = await page.$$(`xpath/.//details[contains(@class,"test-subject")][contains(summary, "${id}")]`);
      await (await subject.$('summary'))!.click();
      return subject;
    };
    for (const [prefix, id] of [['新项目不符合', 't-new-bad'], ['优秀项目延续', 't-c-good']]) {
      const subject = await openSubject(prefix, id);
      await (await subject.$('select.expect-outcome[data-rule="funding.matching"]'))!.select('pass');
      await page.click('#save-test');
      await waitForText(page, '#status', `已保存测试「${prefix}`);
    }
    // The acceptance fixture: the sixth item delivered, and the coverage rule checked both ways.
    let subject = await openSubject('验收评价', 't-a-ok');
    await retype(page, '#test-name', '验收评价：“六个一”、12月15日前报送总结、宣传、服务企业覆盖率');
    await (await subject.$('input[name="deliverables"][value="groupStandard"]'))!.click();
    await (await subject.$('[name="progress.enterprisesServed"]'))!.type('40');
    await (await subject.$('select.expect-outcome[data-rule="service.coverage"]'))!.select('pass');
    [subject] = await page.$$('xpath/.//details[contains(@class,"test-subject")][contains(summary, "t-a-bad")]');
    await (await subject.$('summary'))!.click();
    await (await subject.$('select.expect-outcome[data-rule="service.coverage"]'))!.select('fail');
    await page.click('#save-test');
    await waitForText(page, '#status', '已保存测试「验收评价：“六个一”');

    // A test of the new category: at the limits, and just past them.
    await page.click('#add-test');
    await page.waitForSelector('#test-editor');
    await page.type('#test-name', '产业链质量提升项目：40万元上限、地方配套不少于一半、带动上下游企业不少于30家');
    await page.select('#test-stage', 'application');
    const projects = '#test-editor .test-subjects[data-pointer="/projects"]';
    for (const [i, [id, name, provincial, local, partners, outcome]] of [
      ['t-chain-ok', '武汉光谷激光产业链质量提升', '40', '20', '30', 'pass'],
      ['t-chain-bad', '黄石模具产业链质量提升', '40.0001', '20', '29', 'fail'],
    ].entries()) {
      await page.click('#add-test-project');
      const card = `${projects} > details:nth-child(${i + 1})`;
      await page.waitForSelector(`${card} [name="funding.provincial"]`);
      await page.type(`${card} [name="id"]`, id);
      await page.type(`${card} [name="name"]`, name);
      await page.select(`${card} [name="region"]`, i === 0 ? '武汉' : '黄石');
      await page.select(`${card} [name="category"]`, 'chain');
      await page.type(`${card} [name="funding.provincial"]`, provincial);
      await page.type(`${card} [name="funding.localMatching"]`, local);
      await page.type(`${card} [name="chain.partners"]`, partners);
      for (const ruleId of ['funding.cap.chain', 'funding.matching', 'chain.partners']) await page.select(`${card} select.expect-outcome[data-rule="${ruleId}"]`, outcome);
      await page.select(`${card} select.expect-outcome[data-rule="funding.cap.new"]`, 'not_applicable');
    }
    // In the window only: a full-page capture resizes the window, and Chromium then scrolls the
    // focused input back into view, under the pointer of the next click.
    await screenshot(page, 'acceptance-2023-test-form', { fullPage: false });
    await page.click('#save-test');
    await waitForText(page, '#status', '已保存测试「产业链质量提升项目');
    await page.click('#run-draft-tests');
    await waitForText(page, '#draft-tests-output', '测试全部通过');
    expect(await page.$eval('#draft-tests-output', (el) => el.textContent)).toContain('共 10 个，未通过 0 个');
    await screenshot(page, 'acceptance-2023-tests');

    const tests = (await draft()).tests;
    expect(tests.at(-1)).toEqual({
      name: '产业链质量提升项目：40万元上限、地方配套不少于一半、带动上下游企业不少于30家',
      stage: 'application',
      projects: [
        { id: 't-chain-ok', name: '武汉光谷激光产业链质量提升', year: 2023, region: '武汉', category: 'chain', funding: { provincial: 400000, localMatching: 200000 }, chain: { partners: 30 } },
        { id: 't-chain-bad', name: '黄石模具产业链质量提升', year: 2023, region: '黄石', category: 'chain', funding: { provincial: 400001, localMatching: 200000 }, chain: { partners: 29 } },
      ],
      expect: {
        't-chain-ok': { 'funding.cap.new': 'not_applicable', 'funding.matching': 'pass', 'funding.cap.chain': 'pass', 'chain.partners': 'pass' },
        't-chain-bad': { 'funding.cap.new': 'not_applicable', 'funding.matching': 'fail', 'funding.cap.chain': 'fail', 'chain.partners': 'fail' },
      },
    });
    const acceptance = tests.find((x: { name: string }) => x.name.startsWith('验收评价'));
    expect(acceptance.projects[0]).toMatchObject({ id: 't-a-ok', deliverables: ['plan', 'team', 'diagnosis', 'solutions', 'report', 'groupStandard'], progress: { trainings: 3, trainees: 180, enterprisesServed: 40, publicityItems: 2 } });
    expect(acceptance.expect['t-a-ok']['service.coverage']).toBe('pass');
    expect(acceptance.expect['t-a-bad']['service.coverage']).toBe('fail');

    // 检查与发布: publish with a comment, not yet in force …
    await openTab('review');
    await page.click('#show-diff');
    const diff = await waitForText(page, '#show-diff-output', '产业链项目省级资金上限');
    expect(diff).toContain('2021年利税');
    await page.type('#publish-comment', '2023年度通知：新增产业链质量提升项目，地方配套改为不少于省级资金的50%，“五个一”改为“六个一”');
    await page.click('#publish-activate');
    await page.click('#publish');
    await waitForText(page, 'h1', '已发布');
    expect(await page.$eval('#page', (el) => el.textContent)).toContain('规则集 hubei-2023 第 1 版已发布（测试 10 个全部通过）');

    // … then put in force from the version list, with the reason.
    await page.goto(`${base}/rule-sets/${SET}`);
    await page.waitForSelector('#versions tr[data-version="1"]');
    const [activate] = await page.$$('xpath/.//tr[@data-version="1"]//button[contains(., "设为生效")]');
    await activate.click();
    await page.type('#activate-comment', '2023年度通知印发，启用新规则集');
    const [confirm] = await page.$$('xpath/.//*[@id="activate-box"]//button[contains(., "确认生效")]');
    await confirm.click();
    await waitForText(page, '#status', '第 1 版已生效');
    await waitForText(page, '#versions tr[data-version="1"]', '生效中');
    const set = (await t.http.get(`/api/rule-sets/${SET}`).expect(200)).body;
    expect([set.activeVersion, set.year]).toEqual([1, 2023]);
  }, 150_000);

  it('9. an evaluator enters a 2023 产业链 project in the generated form, evaluates it and prints the scorecard', async () => {
    const { context, page: clerk } = await signedInPage(browser, base, 'clerk', PASSWORD);
    const p = clerk;
    await p.goto(`${base}/projects/new?year=2023`);
    await p.waitForSelector('#project-form');
    const labelOf = (name: string) => p.$eval(`[name="${name}"]`, (el) => document.querySelector(`label[for="${el.id}"]`)?.textContent ?? '');
    expect(await labelOf('cluster.profitTax2021')).toBe('2022年利税');
    expect(await labelOf('chain.leader')).toBe('链主企业');
    expect(await p.$$eval('#project-form th.group', (els) => els.map((e) => e.textContent))).toEqual(['基本信息', '产业集群现状', '问题、需求与推荐意见', '资金与报送', '产业链情况', '项目进展与验收']);
    expect(await p.$$eval('[name="category"] option', (os) => os.map((o) => o.textContent))).toContain('产业链质量提升项目');
    // 六个一 in the checklist.
    expect(await p.$$eval('input[name="deliverables"]', (els) => els.length)).toBe(6);

    const fill = (name: string, value: string) => p.type(`[name="${name}"]`, value);
    await fill('name', '黄石模具产业链质量提升');
    await p.select('[name="region"]', '黄石');
    await p.select('[name="category"]', 'new');
    const marked = (name: string) => p.$eval(`[name="${name}"]`, (el) => document.querySelector(`label[for="${el.id}"]`)!.classList.contains('required'));
    expect(await marked('chain.leader')).toBe(false);
    await p.select('[name="category"]', 'chain');
    expect(await marked('chain.leader')).toBe(true);
    await fill('county', '大冶市');
    await fill('leadingProduct', '精密模具');
    await p.select('[name="industry"]', 'manufacturing');
    await fill('contact.name', '王五');
    await fill('contact.phone', '0714-1234567');
    await fill('cluster.enterprises', '80');
    await fill('cluster.aboveScaleEnterprises', '30');
    await fill('cluster.employees', '15000');
    // 2022年利税 and 链主企业 are left for later: the completeness rule must name them.
    await fill('cluster.output2021', '120000');
    await fill('cluster.production2021', '模具5万套');
    await fill('cluster.nationalPosition', '华中第一');
    await fill('mainProblems', '模具寿命与精度一致性不足');
    await fill('serviceNeeds', '计量校准与热处理工艺诊断');
    await fill('supportingPolicies', '市级产业链专项资金');
    await fill('regionOpinion', '同意推荐');
    await fill('funding.provincial', '35');
    await fill('funding.localMatching', '17.5');
    await p.click('[name="funding.sourceSecured"]');
    await fill('chain.partners', '25');
    await fill('progress.enterprisesServed', '30');
    for (const item of ['plan', 'team', 'diagnosis', 'solutions', 'report']) await p.click(`input[name="deliverables"][value="${item}"]`);
    await p.click('#save');
    await waitForText(p, '#status', '已保存，项目编号');
    const id = decodeURIComponent(p.url().split('/').pop()!);
    expect(id).toMatch(/^huangshi-2023-\d+$/);
    const stored = (await t.http.get(`/api/projects/${id}`).expect(200)).body;
    expect([stored.year, stored.category, stored.funding, stored.chain]).toEqual([2023, 'chain', { provincial: 350000, localMatching: 175000, sourceSecured: true }, { leader: null, partners: 25 }]);

    const outcomeOf = async (ruleId: string) => p.$eval(`tr[data-rule="${ruleId}"]`, (el) => [el.querySelector('.badge[class*="badge-"]:not([class*="sev"])')?.textContent ?? '', el.querySelector('.message')?.textContent ?? '']);
    await p.click('#evaluate');
    await waitForText(p, '.evaluation .verdict', '不符合');
    expect(await outcomeOf('funding.cap.chain')).toEqual(['通过', '申请省级资金35万元，未超过上限40万元']);
    expect(await outcomeOf('funding.matching')).toEqual(['通过', '地方配套17.5万元，不少于应配套资金17.5万元']);
    expect(await outcomeOf('chain.partners')).toEqual(['未通过', '带动上下游企业25家，少于30家']);
    expect(await outcomeOf('form.complete')).toEqual(['未通过', '推荐表有2项未填写：2022年利税、链主企业']);
    expect(await outcomeOf('funding.cap.new')).toEqual(['不适用', expect.any(String)]);
    expect(await p.$eval('.evaluation', (el) => el.textContent)).toContain('规则集 hubei-2023 第 1 版');
    await screenshot(p, 'acceptance-2023-evaluated');

    await allowDownloads(p, downloads);
    const [button] = await p.$$('xpath/.//button[contains(., "下载评估报告")]');
    await button.click();
    await waitForText(p, '#status', '已下载', 90_000);
    const file = await waitForDownload(downloads, '.pdf', 10_000);
    const pdf = pdfTextCompact(fs.readFileSync(file));
    for (const text of [
      '省市场监管局关于开展2023年度“万千百十一”质量提升活动的通知', '发文日期：2023年3月15日',
      '黄石模具产业链质量提升', '年度：2023', '项目类别产业链质量提升项目', '省级资金35万元',
      '产业链项目省级资金上限', '地方按比例配套', '带动上下游企业数',
      '1.推荐表填写完整（附件2）：推荐表有2项未填写：2022年利税、链主企业',
      '2.带动上下游企业数（三（三））：带动上下游企业25家，少于30家',
    ]) expect(pdf).toContain(text);
    const messages = pdfColumn(file, '说明');
    for (const text of [
      '申请省级资金35万元，未超过上限40万元', '地方配套17.5万元，不少于应配套资金17.5万元',
      '带动上下游企业25家，少于30家', '推荐表有2项未填写：2022年利税、链主企业',
    ]) expect(messages).toContain(text);
    expect(pdf).not.toContain('2021年利税');
    expect(pdf).not.toContain('等额');
    expect(pdf).not.toContain('2022年度“万千百十一”');

    // Completed: 链主企业 and 2022年利税 filled in, the form is complete.
    await fill('chain.leader', '黄石华中精密模具有限公司');
    await fill('cluster.profitTax2021', '8000');
    await p.click('#save');
    await waitForText(p, '#status', '已保存修改');
    expect((await t.http.get(`/api/projects/${id}`).expect(200)).body.cluster.profitTax2021).toBe(80_000_000);
    await p.click('#evaluate');
    await p.waitForFunction(() => document.querySelector('tr[data-rule="form.complete"] .message')?.textContent === '推荐表各项均已填写');

    // At acceptance: the coverage (30 of 80 enterprises) and the sixth item still missing.
    await p.select('#stage', 'acceptance');
    await p.click('#evaluate');
    await waitForText(p, '.evaluation p.muted', '验收评价');
    expect(await outcomeOf('service.coverage')).toEqual(['通过', '服务企业覆盖率0.375，达到0.3']);
    expect(await outcomeOf('deliverables.five-ones')).toEqual(['未通过', '“六个一”有1项未完成：一项团体标准']);
    await screenshot(p, 'acceptance-2023-evaluated-acceptance', { fullPage: false });

    // A 2022 project's form still reads as the 2022 notice.
    await p.goto(`${base}/projects/wuhan-2022-01`);
    await p.waitForSelector('#project-form');
    expect(await labelOf('cluster.profitTax2021')).toBe('2021年利税');
    expect(await p.$$('[name="chain.leader"]')).toEqual([]);
    await context.close();
  }, 150_000);

  it('10. the 2022 projects still evaluate and print exactly as before under hubei-2022', async () => {
    const after = await evaluate2022();
    const view = (e: Evaluation) => ({
      ruleSet: [e.ruleSet.id, e.ruleSet.version, e.ruleSet.hash], compliant: e.compliant, score: e.score, grade: e.grade,
      results: e.results.map((r) => [r.ruleId, r.title, r.severity, r.outcome, r.message]),
    });
    for (const key of Object.keys(before2022)) {
      expect([key, view(after[key])]).toEqual([key, view(before2022[key])]);
      expect(after[key].ruleSet.id).toBe('hubei-2022');
    }
    // The stored evaluation prints as it did; a new one prints the same but for its id.
    const first = before2022['wuhan-2022-01@application'];
    expect(await pdfOf(first.id)).toBe(storedPdfBefore);
    const again = after['wuhan-2022-01@application'];
    expect((await pdfOf(again.id)).split(again.id).join(first.id)).toBe(storedPdfBefore);
    expect(storedPdfBefore).toContain('地方等额配套');
  }, 120_000);
});

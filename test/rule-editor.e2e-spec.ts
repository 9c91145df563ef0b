import { Browser, ElementHandle, Page } from 'puppeteer-core';
import { startTestApp, TestApp } from './support/test-app';
import { launchBrowser, retype, screenshot, serveForBrowser, signedInPage, waitForText } from './support/web-browser';

/**
 * The rule editor without the JSON tab (issue 12 §5), in a real Chromium as a policy officer:
 * matching changes from 等额 to 地方配套资金 不少于 省级资金 × 50% in the condition builder (the
 * × 50% is a derived fact added through the API beforehand), the messages are edited with
 * placeholders picked from the list, a fixture test is corrected and another added in the 测试
 * tab, the tests run, and the saved draft holds exactly the expected document.
 */
describe('rule editor in Chromium', () => {
  const PASSWORD = 'Rule-editor-password-2022';
  const DRAFT = '/api/rule-sets/hubei-2022/draft';
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    base = await serveForBrowser(t, [{ name: 'officer', role: 'policy' }], PASSWORD);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The draft document after adding the 50% ratio and the fact it defines, as an integrator would. */
  async function draftWithRequiredMatching(): Promise<Record<string, any>> {
    const draft = (await t.http.post(DRAFT).send({}).expect(201)).body;
    const doc = structuredClone(draft.document);
    doc.parameters.push({ name: 'matchingRatio', label: '地方配套比例', type: 'number', value: 0.5, clause: '三（一）（二）' });
    doc.facts.push({ name: 'funding.requiredMatching', subject: 'project', label: '应配套资金', type: 'amount', cel: 'input.funding.provincial * param.matchingRatio' });
    const saved = await t.http.put(DRAFT).set('If-Match', `"${draft.revision}"`).send(doc);
    expect(saved.body).toMatchObject({ revision: draft.revision + 1 });
    return saved.body.document;
  }

  const selectedText = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');

  /** Picks a placeholder from the list beside `box` and inserts it at the cursor. */
  async function insertPlaceholder(form: ElementHandle, pointer: string, name: string) {
    const field = (await form.$(`xpath/.//textarea[@data-pointer="${pointer}"]/ancestor::div[contains(@class,"message-field")]`))!;
    const list = (await field.$('select.placeholder-list'))!;
    await list.select(name);
    await (await field.$('button.insert-placeholder'))!.click();
  }

  it('changes matching to 50% of the provincial funds, rewords it and tests it, all in forms', async () => {
    const before = await draftWithRequiredMatching();
    const { context, page } = await signedInPage(browser, base, 'officer', PASSWORD);
    page.on('dialog', (d) => d.accept());
    await page.goto(`${base}/rule-sets/hubei-2022/draft?tab=rules`);
    const card = '[data-rule="funding.matching"]';
    await page.waitForSelector(`article${card}`);
    await page.click(`article${card} .edit-rule`);
    const formSel = `form.rule-editor${card}`;
    await page.waitForSelector(formSel);
    const form = (await page.$(formSel))!;

    // The condition as the officer reads it: the facts by label, the operator in words.
    const leaf = `${formSel} .cond-leaf`;
    expect(await selectedText(page, `${leaf} .cond-fact`)).toBe('地方配套资金（万元）');
    expect(await selectedText(page, `${leaf} .cond-op`)).toBe('不少于');
    expect(await selectedText(page, `${leaf} .cond-mode`)).toBe('其他事实');
    expect(await selectedText(page, `${leaf} .cond-ref`)).toBe('省级资金（万元）');
    // Only operators that fit an amount are offered.
    const ops = await page.$$eval(`${leaf} .cond-op option`, (os) => os.map((o) => o.textContent));
    expect(ops).toEqual(['不超过', '少于', '不少于', '多于', '等于', '不等于', '属于', '不属于']);
    await page.select(`${leaf} .cond-ref`, 'funding.requiredMatching');
    expect(await selectedText(page, `${leaf} .cond-ref`)).toBe('应配套资金（万元）');

    // Messages show placeholders by label; the officer rewrites one with a placeholder from the list.
    const fail = `${formSel} textarea[data-pointer="/messages/fail"]`;
    expect(await page.$eval(fail, (el) => (el as HTMLTextAreaElement).value)).toBe('地方配套「地方配套资金（万元）」，少于省级资金「省级资金（万元）」，未等额配套');
    await retype(page, fail, '地方配套「地方配套资金（万元）」，少于应配套资金');
    await insertPlaceholder(form, '/messages/fail', 'funding.requiredMatching');
    await page.type(fail, '，未按比例配套');
    await retype(page, `${formSel} .rule-title`, '地方按比例配套');

    // A condition left without a fact is caught before sending, beside its fact picker.
    await page.click(`${formSel} .cond-group .add-condition`);
    await page.click(`${formSel} .save-rule`);
    const added = `${formSel} .cond-children > li:nth-child(2) .cond-leaf`;
    await waitForText(page, `${added} .field-error`, '请选择事实');
    await page.click(`${added} .cond-remove`);

    // A requirement may name parameters only: the server's refusal lands beside the requirement.
    const requirement = `${formSel} textarea[data-pointer="/requirement"]`;
    await retype(page, requirement, '地方配套不少于{{funding.provincial}}');
    await page.click(`${formSel} .save-rule`);
    const refused = await waitForText(page, `${formSel} .message-field .field-error`, '要求只能引用参数');
    expect(refused).toContain('funding.provincial');
    expect(await page.$eval(requirement, (el) => el.getAttribute('aria-invalid'))).toBe('true');
    await screenshot(page, 'rule-editor-builder');
    await retype(page, requirement, '地方配套工作经费不少于省级资金的');
    await insertPlaceholder(form, '/requirement', 'param.matchingRatio');
    expect(await page.$eval(requirement, (el) => (el as HTMLTextAreaElement).value)).toBe('地方配套工作经费不少于省级资金的「地方配套比例」');
    await page.click(`${formSel} .save-rule`);
    await waitForText(page, '#status', '已保存规则「地方按比例配套」');
    const shown = await waitForText(page, `article${card} .rule-when`, '应配套资金');
    expect(shown).toContain('「地方配套资金（万元）」 不少于 「应配套资金（万元）」');

    // 测试: the two old 等额 expectations now fail, worded in Chinese.
    await page.click('#tab-tests');
    await page.click('#run-draft-tests');
    const failure = await waitForText(page, '#draft-tests-output', '有测试未通过');
    expect(failure).toContain(`共 ${before.tests.length} 个，未通过 2 个`);
    expect(failure).toContain('项目「黄石测试产业质量提升」 · 地方按比例配套：应为不符合，实际符合');
    expect(failure).toContain('项目「十堰房县酿酒和发酵产业集群质量提升」 · 地方按比例配套：应为不符合，实际符合');

    // The officer corrects those expectations in the tests' forms …
    const corrected: [number, string][] = [];
    for (const [prefix, id] of [['新项目不符合', 't-new-bad'], ['优秀项目延续', 't-c-good']]) {
      const index = before.tests.findIndex((x: { name: string }) => x.name.startsWith(prefix));
      corrected.push([index, id]);
      await page.click(`#test-list tr:nth-child(${index + 1}) .edit-test`);
      await page.waitForSelector('#test-editor');
      const [subject] = await page.$$(`xpath/.//details[contains(@class,"test-subject")][contains(summary, "${id}")]`);
      await (await subject.$('summary'))!.click();
      await (await subject.$('select.expect-outcome[data-rule="funding.matching"]'))!.select('pass');
      await page.click('#save-test');
      await waitForText(page, '#status', `已保存测试「${prefix}`);
    }

    // … and adds a test of its own: half the provincial funds is enough.
    await page.click('#add-test');
    await page.waitForSelector('#test-editor');
    await page.type('#test-name', '按比例配套：地方配套达到省级资金的一半即符合');
    await page.select('#test-stage', 'application');
    await page.click('#add-test-project');
    const card2 = '#test-editor details.test-subject[open]';
    await page.waitForSelector(`${card2} [name="funding.provincial"]`);
    await page.type(`${card2} [name="id"]`, 't-half');
    await page.type(`${card2} [name="name"]`, '武汉测试按比例配套项目');
    await page.select(`${card2} [name="region"]`, '武汉');
    await page.select(`${card2} [name="category"]`, 'new');
    await page.type(`${card2} [name="funding.provincial"]`, '20');
    await page.type(`${card2} [name="funding.localMatching"]`, '10');
    await page.select(`${card2} select.expect-outcome[data-rule="funding.matching"]`, 'pass');
    await page.select(`${card2} select.expect-outcome[data-rule="funding.cap.new"]`, 'pass');
    await screenshot(page, 'rule-editor-test-form');
    await page.click('#save-test');
    await waitForText(page, '#status', '已保存测试「按比例配套');
    await page.click('#run-draft-tests');
    await waitForText(page, '#draft-tests-output', '测试全部通过');
    await screenshot(page, 'rule-editor-tests');

    // The saved draft is exactly the document with these edits, nothing else changed.
    const expected = structuredClone(before);
    const rule = expected.rules.find((r: { id: string }) => r.id === 'funding.matching');
    rule.title = '地方按比例配套';
    rule.requirement = '地方配套工作经费不少于省级资金的{{param.matchingRatio}}';
    rule.conditions = { all: [{ fact: 'funding.localMatching', operator: 'greaterThanInclusive', value: { fact: 'funding.requiredMatching' } }] };
    rule.messages.fail = '地方配套{{funding.localMatching}}，少于应配套资金{{funding.requiredMatching}}，未按比例配套';
    for (const [index, id] of corrected) expected.tests[index].expect[id]['funding.matching'] = 'pass';
    expected.tests.push({
      name: '按比例配套：地方配套达到省级资金的一半即符合',
      stage: 'application',
      projects: [{ id: 't-half', name: '武汉测试按比例配套项目', year: 2022, region: '武汉', category: 'new', funding: { provincial: 200000, localMatching: 100000 } }],
      expect: { 't-half': { 'funding.cap.new': 'pass', 'funding.matching': 'pass' } },
    });
    const saved = (await t.http.get(DRAFT).expect(200)).body.document;
    expect(saved).toEqual(expected);
    expect(JSON.stringify(saved.rules.find((r: { id: string }) => r.id === 'funding.matching'))).toBe(JSON.stringify(rule));
    await context.close();
  }, 240_000);

  it('reads back every rule and fixture test unchanged from its form, and adds a rule about region records', async () => {
    const { context, page } = await signedInPage(browser, base, 'officer', PASSWORD);
    await page.goto(`${base}/rule-sets/hubei-2022/draft?tab=rules`);
    await page.waitForSelector('#rule-list article');
    // The page's own modules, on the draft the page loaded: each rule and test through its editor.
    const changed = await page.evaluate(`(async () => {
      const { ruleEditor } = await import('/assets/js/draft/rule-editor.js');
      const { testForm } = await import('/assets/js/draft/test-form.js');
      const { draftState } = await import('/assets/js/draft/state.js');
      const doc = draftState.draft.document;
      const out = [];
      // And a rule with every kind of condition the 2022 rules do not use.
      const every = { ...doc.rules[0], id: 'every.kind', conditions: { all: [
        { not: { any: [
          { fact: 'project.category', operator: 'in', value: ['new', 'continued'] },
          { fact: 'funding.provincial', operator: 'notIn', value: [100000, 250000] },
        ] } },
        { not: { fact: 'funding.sourceSecured', operator: 'isTrue', value: true } },
        { fact: 'deliverables', operator: 'contains', value: doc.tables.fiveOnes.rows[0].id },
        { fact: 'deliverables', operator: 'isNotEmpty', value: true },
        { fact: 'submitted.recommendation', operator: 'dateOnOrAfter', value: '2022-03-01' },
        { fact: 'industry', operator: 'equal', value: 'manufacturing' },
        { fact: 'cluster.enterprises', operator: 'greaterThan', value: { fact: 'cluster.aboveScaleEnterprises' } },
        { fact: 'funding.provincial', operator: 'notEqual', value: null },
        { fact: 'funding.sourceSecured', operator: 'equal', value: false },
      ] } };
      for (const rule of [...doc.rules, every]) {
        const { rule: read, problems } = ruleEditor(doc, rule).read();
        if (problems.length || JSON.stringify(read) !== JSON.stringify(rule)) out.push({ rule: rule.id, problems, read });
      }
      for (const test of doc.tests) {
        const form = testForm(doc, test);
        document.body.append(form.el);
        const { test: read, problems } = form.read();
        form.el.remove();
        if (problems.length || JSON.stringify(canon(read)) !== JSON.stringify(canon(test))) out.push({ test: test.name, problems, read });
      }
      return out;
      function canon(v) {
        if (Array.isArray(v)) return v.map(canon);
        if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])]));
        return v;
      }
    })()`);
    expect(changed).toEqual([]);

    // A new rule about region records: the subject changes the facts on offer.
    await page.click('#add-rule');
    const form = 'form.rule-editor[data-rule="__new__"]';
    await page.waitForSelector(form);
    await page.type(`${form} .rule-id`, 'counties.reported');
    await page.type(`${form} .rule-title`, '已填报县市区情况');
    await page.type(`${form} .rule-clause`, '二（一）');
    await page.type(`${form} .rule-category`, 'coverage');
    await page.select(`${form} .rule-subject`, 'region');
    await page.waitForFunction((f) => !document.querySelector(`${f} .rule-stage`), {}, form);
    await page.select(`${form} .cond-fact`, 'counties');
    expect(await page.$$eval(`${form} .cond-op option`, (os) => os.map((o) => o.textContent))).toEqual(['为空', '不为空']);
    await page.select(`${form} .cond-op`, 'isNotEmpty');
    await page.type(`${form} textarea[data-pointer="/requirement"]`, '填报各县市区的培训和服务站情况');
    await page.type(`${form} textarea[data-pointer="/messages/pass"]`, '已填报县市区情况');
    const newRule = (await page.$(form))!;
    await insertPlaceholder(newRule, '/messages/fail', 'region.name');
    await page.type(`${form} textarea[data-pointer="/messages/fail"]`, '尚未填报县市区情况');
    await page.click(`${form} .save-rule`);
    await waitForText(page, '#status', '已新增规则「已填报县市区情况」');
    const saved = (await t.http.get(DRAFT).expect(200)).body.document;
    expect(saved.rules.at(-1)).toEqual({
      id: 'counties.reported', title: '已填报县市区情况', clause: '二（一）', category: 'coverage', subject: 'region', severity: 'blocking',
      requirement: '填报各县市区的培训和服务站情况',
      conditions: { all: [{ fact: 'counties', operator: 'isNotEmpty', value: true }] },
      messages: { pass: '已填报县市区情况', fail: '{{region.name}}尚未填报县市区情况' },
    });
    await context.close();
  }, 120_000);
});

import { Browser, Page } from 'puppeteer-core';
import { startTestApp, TestApp } from './support/test-app';
import { confirmingPage, launchBrowser, retype, screenshot, serveForBrowser, waitForText } from './support/web-browser';

/**
 * Issue 12 §5–6 without the JSON tab: a policy officer adds the parameters a new notice brings
 * (产业链项目省级资金上限 40万元, a matching ratio of 0.5), a project category and a row of the
 * 五个一 table, a new table with its columns — and cannot delete what a rule, a fact, a table or a
 * report still reads. Every refused write leaves the stored draft exactly as it was.
 */
describe('draft tables and parameters', () => {
  let t: TestApp;
  const SET = 'hubei-2023';
  const url = (suffix = '') => `/api/rule-sets/${SET}/draft${suffix}`;
  const stored = async (id = SET) => {
    const row = await t.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: id, status: 'draft' } });
    return { content: row!.content, revision: row!.revision, hash: row!.hash };
  };
  const revision = async () => `"${(await stored()).revision}"`;
  const document = async (id = SET) => JSON.parse((await stored(id)).content);

  /** Sends a write that must be refused with `status`, and checks the draft row did not change. */
  async function refused(method: 'post' | 'put' | 'delete', suffix: string, body: unknown, status: number) {
    const before = await stored();
    const req = t.http[method](url(suffix)).set('If-Match', `"${before.revision}"`);
    const res = await (body === undefined ? req : req.send(body as object)).expect(status);
    expect(await stored()).toEqual(before);
    return res.body as { message: string; details: { pointer: string; message: string }[] };
  }

  async function write(method: 'post' | 'put' | 'delete', suffix: string, body?: unknown, status = method === 'post' ? 201 : 200) {
    const req = t.http[method](url(suffix)).set('If-Match', await revision());
    const res = await (body === undefined ? req : req.send(body as object)).expect(status);
    expect(res.headers.etag).toBe(`"${res.body.revision}"`);
    return res.body.document;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.http.post('/api/rule-sets/hubei-2022/clone').send({ id: SET, year: 2023, title: '2023年度“万千百十一”质量提升活动' }).expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('parameters', () => {
    const cap = { name: 'capChain', label: '产业链项目省级资金上限', type: 'amount', value: 400000, clause: '三（三）' };

    it('refuses a parameter whose value does not fit its type, or whose name rules could not write', async () => {
      expect((await refused('post', '/parameters', { ...cap, value: 400000.5 }, 400)).details).toEqual([{ pointer: '/value', message: '金额应为以元为单位的非负整数' }]);
      expect((await refused('post', '/parameters', { ...cap, value: '40万' }, 400)).details).toEqual([{ pointer: '/value', message: '金额应为以元为单位的非负整数' }]);
      expect((await refused('post', '/parameters', { ...cap, value: -1 }, 400)).details).toEqual([{ pointer: '/value', message: '金额应为以元为单位的非负整数' }]);
      expect((await refused('post', '/parameters', { ...cap, type: 'integer', value: 30.5 }, 400)).details).toEqual([{ pointer: '/value', message: '应为整数' }]);
      expect((await refused('post', '/parameters', { ...cap, type: 'number', value: '一半' }, 400)).details).toEqual([{ pointer: '/value', message: '应为数字' }]);
      expect((await refused('post', '/parameters', { ...cap, type: 'date', value: '2023-02-30' }, 400)).details).toEqual([{ pointer: '/value', message: '应为真实存在的日期（YYYY-MM-DD）' }]);
      expect((await refused('post', '/parameters', { ...cap, value: undefined }, 400)).details).toEqual([{ pointer: '/value', message: '请填写参数的值' }]);
      expect((await refused('post', '/parameters', { ...cap, name: '产业链上限' }, 400)).details)
        .toEqual([{ pointer: '/name', message: '参数名以英文字母开头，只含英文字母、数字和下划线（最长 64 个字符），如 capChain' }]);
      expect((await refused('post', '/parameters', { ...cap, name: 'null' }, 400)).details).toEqual([{ pointer: '/name', message: '“null”是表达式语言的保留字，请另取一个' }]);
      expect((await refused('post', '/parameters', { ...cap, note: 1, extra: true }, 400)).details).toEqual([{ pointer: '/extra', message: '不允许的字段（未知字段）' }]);
      const taken = await refused('post', '/parameters', { ...cap, name: 'capNew' }, 409);
      expect(taken).toMatchObject({ message: '参数名“capNew”已被参数「新项目省级资金上限」使用', details: [{ pointer: '/name', message: '参数名已被使用，请另取一个' }] });
      // Without the revision it was based on, nothing is written either.
      const before = await stored();
      await t.http.post(url('/parameters')).send(cap).expect(400);
      await t.http.post(url('/parameters')).set('If-Match', '"99"').send(cap).expect(409);
      expect(await stored()).toEqual(before);
    });

    it('adds the 40万元 cap (stored in yuan) and a matching ratio of 0.5', async () => {
      let doc = await write('post', '/parameters', cap);
      expect(doc.parameters.at(-1)).toEqual({ ...cap, unit: '元' });
      doc = await write('post', '/parameters', { name: 'matchingRatio', label: '地方配套资金与省级资金之比（下限）', type: 'number', value: 0.5, clause: '三（四）', note: '地方配套不少于省级资金的50%' });
      expect(doc.parameters.at(-1)).toEqual({ name: 'matchingRatio', label: '地方配套资金与省级资金之比（下限）', type: 'number', value: 0.5, clause: '三（四）', note: '地方配套不少于省级资金的50%' });
      // And it is changed as every parameter (PATCH): 45万元.
      const patched = await t.http.patch(url('/parameters/capChain')).set('If-Match', await revision()).send({ value: 450000, label: '产业链项目省级资金上限（调整）' }).expect(200);
      expect(patched.body.document.parameters.find((p: { name: string }) => p.name === 'capChain')).toMatchObject({ value: 450000, label: '产业链项目省级资金上限（调整）' });
      await t.http.patch(url('/parameters/capChain')).set('If-Match', await revision()).send({ value: 400000, label: cap.label }).expect(200);
    });

    it('refuses to delete a parameter that rules, facts or reports read, naming each of them', async () => {
      const capNew = await refused('delete', '/parameters/capNew', undefined, 409);
      expect(capNew.message).toBe('参数「新项目省级资金上限」（capNew）仍被使用，不能删除：规则「新项目省级资金上限」。请先修改或删除这些内容');
      expect(capNew.details).toContainEqual({ pointer: '/rules/0/conditions/all/0/value/fact', message: '规则「新项目省级资金上限」的条件引用它' });
      const trainings = await refused('delete', '/parameters/minCountyTrainings', undefined, 409);
      expect(trainings.message).toContain('规则「县市区质量公益培训」');
      expect(trainings.message).toContain('派生事实「培训未达标的县市区」');
      expect(trainings.message).toContain('报告「县市区覆盖情况：培训」');
      const deadline = await refused('delete', '/parameters/summaryDeadline', undefined, 409);
      expect(deadline.message).toContain('报告「报送时限：“万千百十一”质量提升工作总结」');
      await refused('delete', '/parameters/nope', undefined, 404);
    });

    it('deletes a parameter nothing reads; adding and deleting are audited', async () => {
      await write('post', '/parameters', { name: 'spare', label: '备用', type: 'text', value: '无' });
      const doc = await write('delete', '/parameters/spare');
      expect(doc.parameters.map((p: { name: string }) => p.name)).not.toContain('spare');
      const audit = await t.prisma.auditLog.findMany({ where: { ruleSetId: SET, action: { startsWith: 'draft.parameter.' } } });
      expect(audit.map((a) => a.action)).toEqual(['draft.parameter.add', 'draft.parameter.add', 'draft.parameter.add', 'draft.parameter.remove']);
    });
  });

  describe('tables', () => {
    const chainRule = (doc: { rules: Record<string, unknown>[] }) => ({
      ...doc.rules[0], id: 'funding.cap.chain', title: '产业链项目省级资金上限', clause: '三（三）', appliesTo: ['chain'],
      requirement: '省级资金不超过{{param.capChain}}',
      conditions: { all: [{ fact: 'funding.provincial', operator: 'lessThanInclusive', value: { fact: 'param.capChain' } }] },
      messages: { pass: '申请省级资金{{funding.provincial}}，未超过上限{{param.capChain}}', fail: '申请省级资金{{funding.provincial}}，超过上限{{param.capChain}}' },
    });

    it('adds the category 产业链质量提升项目; a rule may then apply to it, and the cap can no longer be deleted', async () => {
      const before = await document();
      const early = await refused('post', '/rules', chainRule(before), 400);
      expect(early.details).toContainEqual({ pointer: `/rules/${before.rules.length}/appliesTo/0`, message: '项目类别“chain”未在 tables.categories 中定义' });
      const duplicate = await refused('post', '/tables/categories', { id: 'new', label: '重复的类别' }, 400);
      expect(duplicate.details).toEqual([{ pointer: '/tables/categories/rows/5/id', message: '项目类别“new”重复（与第 1 项相同）' }]);
      expect((await refused('post', '/tables/categories', { id: 'chain', label: '产业链质量提升项目', colour: 'red' }, 400)).details)
        .toEqual([{ pointer: '/tables/categories/rows/5/colour', message: '未声明的列“colour”' }]);

      let doc = await write('post', '/tables/categories', { id: 'chain', label: '产业链质量提升项目', clause: '三（三）' });
      expect(doc.tables.categories.rows.at(-1)).toEqual({ id: 'chain', label: '产业链质量提升项目', clause: '三（三）' });
      doc = await write('post', '/rules', chainRule(doc));
      expect(doc.rules.at(-1)).toMatchObject({ id: 'funding.cap.chain', appliesTo: ['chain'] });
      const cap = await refused('delete', '/parameters/capChain', undefined, 409);
      expect(cap.message).toBe('参数「产业链项目省级资金上限」（capChain）仍被使用，不能删除：规则「产业链项目省级资金上限」。请先修改或删除这些内容');
      // The category is in use now: deleting its row would leave the rule pointing nowhere.
      const inUse = await refused('delete', '/tables/categories/chain', undefined, 400);
      expect(inUse.details).toContainEqual({ pointer: `/rules/${doc.rules.length - 1}/appliesTo/0`, message: '项目类别“chain”未在 tables.categories 中定义' });
    });

    it('turns 五个一 into 六个一 with a row 一项团体标准, and changes a row in place', async () => {
      let doc = await write('post', '/tables/fiveOnes', { id: 'groupStandard', label: '一项团体标准' });
      expect(doc.tables.fiveOnes.rows.map((r: { label: string }) => r.label)).toContain('一项团体标准');
      expect(doc.tables.fiveOnes.rows).toHaveLength(6);
      doc = await write('put', '/tables/fiveOnes/groupStandard', { id: 'groupStandard', label: '一项团体标准（新增）', assumption: false });
      expect(doc.tables.fiveOnes.rows.at(-1)).toEqual({ id: 'groupStandard', label: '一项团体标准（新增）', assumption: false });
      const badType = await refused('put', '/tables/fiveOnes/groupStandard', { label: '一项团体标准', assumption: '是' }, 400);
      expect(badType.details).toEqual([{ pointer: '/tables/fiveOnes/rows/5/assumption', message: '应为 true 或 false' }]);
      const target = await refused('put', '/tables/regions/武汉', { ...doc.tables.regions.rows[0], targets: { wan: 3000.5, qian: 350, bai: 25 } }, 400);
      expect(target.details).toEqual([{ pointer: '/tables/regions/rows/0/targets/wan', message: '应为整数' }]);
    });

    it('adds a table definition with typed and referencing columns, rows, a column, and refuses removing what is read', async () => {
      const definition = {
        name: 'standards', label: '团体标准资助清单', key: 'id', display: 'label',
        columns: [
          { key: 'id', label: '标识', type: 'text' },
          { key: 'label', label: '名称', type: 'text', required: true },
          { key: 'grant', label: '资助金额', type: 'amount' },
          { key: 'capParameter', label: '上限参数', type: 'text', references: { parameter: true } },
          { key: 'category', label: '项目类别', type: 'text', references: { table: 'categories' } },
          { key: 'due', label: '截止日期', type: 'date' },
          { key: 'tags', label: '标签', type: 'list' },
        ],
      };
      expect((await refused('post', '/tables', { ...definition, name: '团体标准' }, 400)).details[0].pointer).toBe('/name');
      expect((await refused('post', '/tables', { ...definition, name: 'fiveOnes' }, 409)).message).toContain('fiveOnes');
      let doc = await write('post', '/tables', definition);
      expect(doc.tables.standards).toEqual({ label: '团体标准资助清单', key: 'id', display: 'label', columns: definition.columns, rows: [] });

      const row = { id: 'group', label: '一项团体标准', grant: 100000, capParameter: 'capChain', category: 'chain', due: '2023-06-30', tags: ['标准', '团体'] };
      const refusedRows = [
        [{ ...row, grant: 1.5 }, '/tables/standards/rows/0/grant', '金额应为以元为单位的非负整数'],
        [{ ...row, capParameter: 'capNowhere' }, '/tables/standards/rows/0/capParameter', '引用了不存在的参数“capNowhere”'],
        [{ ...row, category: 'nowhere' }, '/tables/standards/rows/0/category', '“nowhere”不在表“项目类别”中'],
        [{ ...row, due: '2023-06-31' }, '/tables/standards/rows/0/due', '应为真实存在的日期（YYYY-MM-DD）'],
        [{ ...row, tags: '标准、团体' }, '/tables/standards/rows/0/tags', '应为文本列表'],
      ] as const;
      for (const [body, pointer, message] of refusedRows) expect((await refused('post', '/tables/standards', body, 400)).details).toEqual([{ pointer, message }]);
      doc = await write('post', '/tables/standards', row);
      expect(doc.tables.standards.rows).toEqual([row]);

      const capUsers = await refused('delete', '/parameters/capChain', undefined, 409);
      expect(capUsers.message).toContain('表格「团体标准资助清单」');
      expect(capUsers.details).toContainEqual({ pointer: '/tables/standards/rows/0/capParameter', message: '表格「团体标准资助清单」的“上限参数”列引用它' });

      doc = await write('post', '/tables/standards/columns', { key: 'year', label: '年度', type: 'integer' });
      expect(doc.tables.standards.columns.at(-1)).toEqual({ key: 'year', label: '年度', type: 'integer' });
      doc = await write('put', '/tables/standards/group', { ...row, year: 2023 });
      expect(doc.tables.standards.rows[0].year).toBe(2023);
      doc = await write('delete', '/tables/standards/columns/year');
      expect(doc.tables.standards.rows).toEqual([row]);
      expect((await refused('delete', '/tables/standards/columns/id', undefined, 409)).message).toContain('标识列');
      const wan = await refused('delete', '/tables/regions/columns/targets.wan', undefined, 409);
      expect(wan.message).toContain('派生事实「“万”任务数」');

      const read = await refused('delete', '/tables/regionClasses', undefined, 409);
      expect(read.message).toContain('表格「市州及“万千百”任务分解（附件3）」');
      expect(read.message).toContain('派生事实「市州类别名称」');
      expect((await refused('delete', '/tables/categories', undefined, 409)).message).toContain('表格「项目类别」');
      doc = await write('delete', '/tables/standards/group');
      doc = await write('delete', '/tables/standards');
      expect(doc.tables.standards).toBeUndefined();
    });
  });

  describe('in the browser, as a policy officer', () => {
    const PASSWORD = 'Tables-test-password-2023';
    const WEB_SET = 'hubei-2024';
    let browser: Browser;
    let base: string;
    let page: Page;

    beforeAll(async () => {
      base = await serveForBrowser(t, [{ name: 'tables-officer', role: 'policy' }], PASSWORD);
      await t.http.post('/api/rule-sets/hubei-2022/clone').send({ id: WEB_SET, year: 2024, title: '2024年度“万千百十一”质量提升活动' }).expect(201);
      browser = await launchBrowser();
      ({ page } = await confirmingPage(browser, base, 'tables-officer', PASSWORD));
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
    });

    /** The message shown right under an input (field-errors.js puts it after the input's wrapper). */
    const messageUnder = (selector: string) => page.$eval(selector, (el) => el.closest('.field-anchor')!.nextElementSibling?.textContent ?? '');

    it('adds the parameter 产业链项目省级资金上限 = 40 万元 in the 参数 tab', async () => {
      await page.goto(`${base}/rule-sets/${WEB_SET}/draft?tab=parameters`);
      await page.waitForSelector('#param-capNew');
      await page.click('.add-parameter > summary');
      await page.type('#new-param-label', '产业链项目省级资金上限');
      await page.type('#new-param-name', '产业链上限');
      await page.select('#new-param-type', 'amount');
      await page.type('#new-param-value', '40');
      await page.type('#new-param-clause', '三（三）');
      await page.click('#add-parameter-submit');
      expect(await messageUnder('#new-param-name')).toContain('以英文字母开头');
      expect((await stored(WEB_SET)).revision).toBe(1);

      await retype(page, '#new-param-name', 'capChain');
      await page.click('#add-parameter-submit');
      await waitForText(page, '#status', '已添加参数「产业链项目省级资金上限」');
      await page.waitForSelector('#param-capChain');
      expect(await page.$eval('#param-capChain', (el) => (el as HTMLInputElement).value)).toBe('40');
      const doc = await document(WEB_SET);
      expect(doc.parameters.at(-1)).toEqual({ name: 'capChain', label: '产业链项目省级资金上限', type: 'amount', unit: '元', value: 400000, clause: '三（三）' });

      // A cap the rules still read cannot be deleted; the page names the rule.
      await page.click('[data-remove="capNew"]');
      await waitForText(page, '#parameters-form .error-summary', '规则「新项目省级资金上限」');
      expect((await document(WEB_SET)).parameters.map((p: { name: string }) => p.name)).toContain('capNew');
      await screenshot(page, 'draft-parameter-added');
    }, 120_000);

    it('adds the category 产业链质量提升项目 and the 五个一 row 一项团体标准 in the 表格 tab', async () => {
      await page.click('#tab-tables');
      const cell = (table: string, row: number, column: string) => `#grid-${table} [data-pointer="/tables/${table}/rows/${row}/${column}"]`;
      await page.click('#grid-categories details.add-row > summary');
      await page.type(cell('categories', 5, 'id'), 'new');
      await page.type(cell('categories', 5, 'label'), '产业链质量提升项目');
      await page.type(cell('categories', 5, 'clause'), '三（三）');
      await page.click('#add-row-categories');
      await page.waitForSelector(`${cell('categories', 5, 'id')}[aria-invalid="true"]`);
      expect(await messageUnder(cell('categories', 5, 'id'))).toBe('项目类别“new”重复（与第 1 项相同）');

      await retype(page, cell('categories', 5, 'id'), 'chain');
      await page.click('#add-row-categories');
      await waitForText(page, '#status', '已在「项目类别」新增一行');
      await page.waitForSelector('#grid-categories tr[data-key="chain"]');

      await page.click('#grid-fiveOnes details.add-row > summary');
      await page.type(cell('fiveOnes', 5, 'id'), 'groupStandard');
      await page.type(cell('fiveOnes', 5, 'label'), '一项团体标准');
      await page.click('#add-row-fiveOnes');
      await waitForText(page, '#status', '新增一行');
      await page.waitForSelector('#grid-fiveOnes tr[data-key="groupStandard"]');
      await screenshot(page, 'draft-tables-added');
      const doc = await document(WEB_SET);
      expect(doc.tables.categories.rows.at(-1)).toEqual({ id: 'chain', label: '产业链质量提升项目', clause: '三（三）' });
      expect(doc.tables.fiveOnes.rows.at(-1)).toEqual({ id: 'groupStandard', label: '一项团体标准' });
      expect(doc.parameters.find((p: { name: string }) => p.name === 'capChain').value).toBe(400000);
    }, 120_000);

    it('creates a table 团体标准清单, adds a row, an amount column and its value in 万元', async () => {
      const cell = (row: number, column: string) => `#grid-standards [data-pointer="/tables/standards/rows/${row}/${column}"]`;
      await page.click('.add-table > summary');
      await page.type('#new-table-label', '团体标准清单');
      await page.type('#new-table-name', 'standards');
      await page.click('#add-table-submit');
      await waitForText(page, '#status', '已新建表格「团体标准清单」');
      await page.waitForSelector(cell(0, 'id'));
      await page.type(cell(0, 'id'), 'group');
      await page.type(cell(0, 'label'), '一项团体标准');
      await page.click('#add-row-standards');
      await page.waitForSelector('#grid-standards tr[data-key="group"]');

      await page.click('#table-standards details.columns > summary');
      await page.type('#columns-standards input[aria-label="列名称"]', '资助金额');
      await page.type('#columns-standards input[aria-label="列标识（英文）"]', 'grant');
      await page.select('#columns-standards select[aria-label="类型"]', 'amount');
      await page.click('#add-column-standards');
      await waitForText(page, '#status', '新增“资助金额”列');
      await page.waitForSelector(cell(0, 'grant'));
      await page.type(cell(0, 'grant'), '10.5');
      await page.click('#grid-standards tr[data-key="group"] button');
      await waitForText(page, '#status', '已保存“group”');

      const doc = await document(WEB_SET);
      expect(doc.tables.standards).toEqual({
        label: '团体标准清单', key: 'id', display: 'label',
        columns: [{ key: 'id', label: '标识', type: 'text' }, { key: 'label', label: '名称', type: 'text' }, { key: 'grant', label: '资助金额', type: 'amount' }],
        rows: [{ id: 'group', label: '一项团体标准', grant: 105000 }],
      });
      expect(await page.$eval(cell(0, 'grant'), (el) => (el as HTMLInputElement).value)).toBe('10.5');
      await screenshot(page, 'draft-table-created');
    }, 120_000);
  });
});

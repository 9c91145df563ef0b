import path from 'node:path';
import { readJsonFile } from '../src/rule-sets/rule-set-files';
import { newProject, ROOT, startTestApp, TestApp } from './support/test-app';

/**
 * Editing the notice's model without the JSON tab, through the API: fields (add, relabel, move,
 * remove), sections, derived facts with the expression editor's check and preview, and table
 * definitions. Every refusal names where and why in Chinese and leaves the stored draft
 * byte-for-byte as it was.
 */
describe('draft model edits (fields, sections, derived facts, tables, expression check and preview)', () => {
  let t: TestApp;
  const ID = 'hubei-2023';
  const url = (suffix: string) => `/api/rule-sets/${ID}/draft${suffix}`;
  const draftRow = () => t.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: ID, status: 'draft' } });
  const draft = async () => (await t.http.get(url('')).expect(200)).body;
  const revision = async () => `"${(await draft()).revision}"`;
  const fields = async (kind = 'project') => (await draft()).document.model[kind].fields as { key: string; label: string; section?: string }[];
  const keys = async (kind = 'project') => (await fields(kind)).map((f) => f.key);

  /** Runs a write that must be refused, and checks that the stored draft did not change at all. */
  async function refused(send: (rev: string) => Promise<{ status: number; body: { message: string; details?: { pointer: string; message: string }[] } }>, status: number) {
    const before = await draftRow();
    const res = await send(await revision());
    expect(res.status).toBe(status);
    expect(await draftRow()).toEqual(before);
    return res.body;
  }

  const COVERAGE = {
    name: 'service.coverage', subject: 'project', label: '服务企业覆盖率', type: 'number',
    cel: 'input.progress.enterprisesServed / input.cluster.enterprises',
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.http.post('/api/projects').send(newProject({ id: 'wuhan-a', name: '武汉甲', progress: { enterprisesServed: 30 } })).expect(201);
    for (const r of readJsonFile(path.join(ROOT, 'prisma', 'seed', 'region-progress-2022.json'), 'seed') as object[]) await t.http.post('/api/regions/progress').send(r).expect(201);
    await t.http.post('/api/rule-sets/hubei-2022/clone').send({ id: ID, year: 2023, title: '2023年度质量提升活动' }).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the expression functions with their Chinese descriptions', async () => {
    const res = await t.http.get('/api/cel-functions').expect(200);
    const byName = Object.fromEntries(res.body.map((f: { name: string; description: string }) => [f.name, f.description]));
    expect(byName.matchName).toBe('matchName(表, "列", 名称)：按名称查找一行，忽略括号、空格和“市、县、区”字样');
    expect(byName.daysBetween).toContain('相差的天数');
    expect(byName['条件 ? 值1 : 值2']).toContain('Excel 的 IF');
    // The rule set of that id still answers under /api/rule-sets/:id.
    await t.http.get('/api/rule-sets/hubei-2022').expect(200);
  });

  describe('fields', () => {
    const CHAIN_LEADER = { key: 'chain.leader', label: '链主企业', type: 'text', section: 'basic', maxLength: 100, required: { stages: ['application'], categories: ['new'] } };

    it('adds a field before another one, audited with its diff', async () => {
      const res = await t.http.post(url('/model/project/fields')).set('If-Match', await revision()).send({ ...CHAIN_LEADER, before: 'leadingProduct' }).expect(201);
      expect(res.headers.etag).toBe('"2"');
      const list = res.body.document.model.project.fields.map((f: { key: string }) => f.key);
      expect(list.indexOf('chain.leader')).toBe(list.indexOf('leadingProduct') - 1);
      expect(res.body.document.model.project.fields[list.indexOf('chain.leader')]).toEqual(CHAIN_LEADER);
      const audit = (await t.http.get(`/api/audit?ruleSet=${ID}`).expect(200)).body.find((e: { action: string }) => e.action === 'draft.field.add');
      expect(audit.diff.map((c: { text: string }) => c.text)).toEqual(['示范项目新增字段「链主企业」（文本）']);
    });

    it('refuses a bad field with the pointer and the reason, saving nothing', async () => {
      const n = (await fields()).length;
      const add = (body: object) => (rev: string) => t.http.post(url('/model/project/fields')).set('If-Match', rev).send(body);
      expect((await refused(add({ ...CHAIN_LEADER, label: '另一个' }), 409)).message).toBe('标识“chain.leader”已被示范项目的字段「链主企业」使用');
      expect((await refused(add({ ...CHAIN_LEADER, key: '链主 企业' }), 400)).details).toEqual([{ pointer: `/model/project/fields/${n}/key`, message: expect.stringContaining('格式不正确') }]);
      expect((await refused(add({ ...CHAIN_LEADER, key: 'chain.x', section: 'nowhere' }), 400)).details).toEqual([{ pointer: `/model/project/fields/${n}/section`, message: '分组“nowhere”未在 sections 中定义' }]);
      expect((await refused(add({ ...CHAIN_LEADER, key: 'chain.x', required: { categories: ['chain'] } }), 400)).details)
        .toEqual([{ pointer: `/model/project/fields/${n}/required/categories/0`, message: '项目类别“chain”未在 tables.categories 中定义' }]);
      expect((await refused(add({ ...CHAIN_LEADER, key: 'chain.x', colour: 'red' }), 400)).details).toEqual([{ pointer: `/model/project/fields/${n}/colour`, message: '不允许的字段（未知字段）' }]);
      expect((await refused(add({ key: 'name', label: '名称', type: 'text' }), 400)).details[0].message).toContain('身份字段');
      expect((await refused(add({ key: 'chain.kind', label: '链上角色', type: 'choice' }), 400)).details).toEqual([{ pointer: `/model/project/fields/${n}/table`, message: '选择题字段需要指定选项来源表格 table' }]);
      await refused(add({ ...CHAIN_LEADER, key: 'chain.y', before: 'nope' }), 400);
      await refused((rev) => t.http.post(url('/model/company/fields')).set('If-Match', rev).send(CHAIN_LEADER), 404);
      // No If-Match: refused before anything is read into the draft.
      await refused(() => t.http.post(url('/model/project/fields')).send({ ...CHAIN_LEADER, key: 'chain.z' }), 400);
    });

    it('relabels a field without renaming its stored data', async () => {
      const field = (await fields()).find((f) => f.key === 'cluster.profitTax2021')!;
      const res = await t.http.put(url('/model/project/fields/cluster.profitTax2021')).set('If-Match', await revision()).send({ ...field, label: '2022年利税' }).expect(200);
      const saved = res.body.document.model.project.fields.find((f: { key: string }) => f.key === 'cluster.profitTax2021');
      expect(saved).toEqual({ ...field, label: '2022年利税' });
      expect((await t.http.get('/api/projects/wuhan-a').expect(200)).body.cluster.profitTax2021).toBe(120000000);
      const body = await refused((rev) => t.http.put(url('/model/project/fields/cluster.profitTax2021')).set('If-Match', rev).send({ ...field, key: 'cluster.profitTax2022' }), 400);
      expect(body.details).toEqual([{ pointer: '/key', message: expect.stringContaining('字段标识不能修改（cluster.profitTax2021）') }]);
      await refused((rev) => t.http.put(url('/model/project/fields/cluster.nope')).set('If-Match', rev).send(field), 404);
      await refused((rev) => t.http.put(url('/model/project/fields/cluster.profitTax2021')).set('If-Match', rev).send({ ...field, min: 10, max: 1 }), 400);
    });

    it('moves a field before, after or to a position', async () => {
      await t.http.post(url('/model/project/fields/chain.leader/move')).set('If-Match', await revision()).send({ after: 'leadingProduct' }).expect(200);
      let list = await keys();
      expect(list.indexOf('chain.leader')).toBe(list.indexOf('leadingProduct') + 1);
      await t.http.post(url('/model/project/fields/chain.leader/move')).set('If-Match', await revision()).send({ position: 0 }).expect(200);
      expect((await keys())[0]).toBe('chain.leader');
      await t.http.post(url('/model/project/fields/chain.leader/move')).set('If-Match', await revision()).send({ before: 'county' }).expect(200);
      list = await keys();
      expect(list.indexOf('chain.leader')).toBe(list.indexOf('county') - 1);
      const move = (body: object) => (rev: string) => t.http.post(url('/model/project/fields/chain.leader/move')).set('If-Match', rev).send(body);
      expect((await refused(move({ before: 'county', after: 'county' }), 400)).details[0].message).toContain('三者选一');
      expect((await refused(move({ before: 'nope' }), 400)).details).toEqual([{ pointer: '/before', message: '没有另一个字段“nope”' }]);
      expect((await refused(move({ position: 999 }), 400)).details[0].pointer).toBe('/position');
    });

    it('refuses to remove a field still read, naming every user', async () => {
      await t.http.post(url('/facts')).set('If-Match', await revision()).send(COVERAGE).expect(201);
      const body = await refused((rev) => t.http.delete(url('/model/project/fields/cluster.enterprises')).set('If-Match', rev), 409);
      expect(body.message).toBe('字段「企业数量」（cluster.enterprises）仍被使用，不能删除：派生事实「服务企业覆盖率」。请先修改或删除这些内容');
      const doc = (await draft()).document;
      const i = doc.facts.findIndex((f: { name: string }) => f.name === 'service.coverage');
      expect(body.details).toEqual([{ pointer: `/facts/${i}/cel`, message: '派生事实「服务企业覆盖率」的表达式读取它' }]);
      const funding = await refused((rev) => t.http.delete(url('/model/project/fields/funding.provincial')).set('If-Match', rev), 409);
      expect(funding.message).toContain('规则「新项目省级资金上限」');
      expect(funding.message).toContain('规则「地方等额配套」');
      expect(funding.message).toContain('报告「项目信息表：省级资金」');
      expect(funding.message).toContain('报告「汇总表：省级资金」');
      const region = await refused((rev) => t.http.delete(url('/model/region/fields/counties')).set('If-Match', rev), 409);
      expect(region.message).toContain('派生事实「填报县市区数」');
      expect(region.message).toContain('汇总事实「全省“一站式”服务站总数」');
      expect(region.message).toContain('报告「县市区覆盖情况」');
    });

    it('removes a field nobody reads; the fixtures lose its values', async () => {
      const res = await t.http.delete(url('/model/project/fields/serviceNeeds')).set('If-Match', await revision()).expect(200);
      expect(res.body.document.model.project.fields.some((f: { key: string }) => f.key === 'serviceNeeds')).toBe(false);
      expect(JSON.stringify(res.body.document.tests)).not.toContain('serviceNeeds');
      const tests = await t.http.post(url('/test')).expect(200);
      expect(tests.body.tests.filter((x: { error?: string }) => x.error)).toEqual([]);
      await t.http.delete(url('/model/project/fields/chain.leader')).set('If-Match', await revision()).expect(200);
      await refused((rev) => t.http.delete(url('/model/project/fields/chain.leader')).set('If-Match', rev), 404);
    });

    it('adds, renames and removes sections; a section with fields stays', async () => {
      const sections = (await draft()).document.model.project.sections;
      const renamed = sections.map((s: { id: string; label: string }) => (s.id === 'basic' ? { ...s, label: '项目基本情况' } : s));
      const res = await t.http.put(url('/model/project/sections')).set('If-Match', await revision()).send({ sections: [...renamed, { id: 'chain', label: '产业链' }] }).expect(200);
      expect(res.body.document.model.project.sections.map((s: { label: string }) => s.label)).toEqual(['项目基本情况', '产业集群现状', '问题、需求与推荐意见', '资金与报送', '项目进展与验收', '产业链']);
      await t.http.put(url('/model/project/sections')).set('If-Match', await revision()).send({ sections: renamed }).expect(200);
      const body = await refused((rev) => t.http.put(url('/model/project/sections')).set('If-Match', rev).send({ sections: renamed.filter((s: { id: string }) => s.id !== 'cluster') }), 409);
      expect(body.message).toMatch(/^分组「产业集群现状」中还有字段，不能删除：「企业数量」、「规上企业数」/);
      await refused((rev) => t.http.put(url('/model/project/sections')).set('If-Match', rev).send({ sections: [...renamed, { id: 'bad id', label: 'x' }] }), 400);
      await refused((rev) => t.http.put(url('/model/project/sections')).set('If-Match', rev).send({ sections: [...renamed, renamed[0]] }), 400);
    });
  });

  describe('derived facts', () => {
    const factIndex = async (name: string) => (await draft()).document.facts.findIndex((f: { name: string }) => f.name === name);
    const addCel = (cel: string, extra: object = {}) => (rev: string) => t.http.post(url('/facts')).set('If-Match', rev).send({ ...COVERAGE, name: 'calc.bad', label: '有误的事实', cel, ...extra });

    it('refuses an expression that does not parse, type-check or name what exists, with /facts/<i>/cel and a Chinese reason', async () => {
      const n = (await draft()).document.facts.length;
      const at = `/facts/${n}/cel`;
      const reason = async (cel: string, extra: object = {}) => {
        const body = await refused(addCel(cel, extra), 400);
        expect(body.details.map((d) => d.pointer)).toEqual([at]);
        return body.details[0].message;
      };
      expect(await reason('input.cluster.enterprises /')).toBe('第 28 个字符处：表达式不完整（结尾缺少内容，例如括号未闭合）');
      expect(await reason('input.mainProblems - 1')).toBe('第 1 个字符处：这些值不能这样运算：string - int（例如文字不能与数字相加）');
      expect(await reason('input.cluster.enterprize')).toContain('没有名为“enterprize”的字段或事实');
      expect(await reason('average(input.cluster.enterprises)')).toContain('没有这样的函数，或参数类型不对：average');
      expect(await reason('param.nope * 2')).toBe('引用了不存在的参数“nope”');
      expect(await reason('input.cluster.enterprises > 1', { type: 'number' })).toBe('表达式的结果为“是/否”，与声明的类型（数字）不符');
      expect(await reason(`${'('.repeat(30)}1${')'.repeat(30)}`)).toContain('表达式嵌套过深（最多 24 层）');
      expect(await reason(Array(500).fill('1').join('+'))).toContain('表达式过长或过于复杂，请拆成几个派生事实');
      expect(await reason('1 + '.repeat(500) + '1')).toBe('长度不能超过 2000');
    });

    it('refuses a cycle between facts', async () => {
      await t.http.post(url('/facts')).set('If-Match', await revision()).send({ name: 'calc.a', subject: 'project', label: '甲', type: 'number', cel: '1' }).expect(201);
      await t.http.post(url('/facts')).set('If-Match', await revision()).send({ name: 'calc.b', subject: 'project', label: '乙', type: 'number', cel: 'calc.a + 1' }).expect(201);
      const body = await refused((rev) => t.http.put(url('/facts/project/calc.a')).set('If-Match', rev).send({ label: '甲', type: 'number', cel: 'calc.b * 2' }), 400);
      expect(body.details).toEqual([{ pointer: expect.stringMatching(/^\/facts\/\d+\/cel$/), message: expect.stringMatching(/^派生事实循环引用：calc\.(a|b) → calc\.(a|b) → calc\.(a|b)$/) }]);
    });

    it('changes a fact but never its name; refuses a duplicate name', async () => {
      const res = await t.http.put(url('/facts/project/calc.a')).set('If-Match', await revision()).send({ label: '甲（改）', type: 'integer', cel: '2' }).expect(200);
      expect(res.body.document.facts[await factIndex('calc.a')]).toEqual({ name: 'calc.a', subject: 'project', label: '甲（改）', type: 'integer', cel: '2' });
      await refused((rev) => t.http.put(url('/facts/project/calc.a')).set('If-Match', rev).send({ name: 'calc.c', label: '甲', type: 'number', cel: '1' }), 400);
      expect((await refused((rev) => t.http.post(url('/facts')).set('If-Match', rev).send({ ...COVERAGE, label: '重复' }), 409)).message).toBe('名称“service.coverage”已被派生事实「服务企业覆盖率」使用');
      await refused((rev) => t.http.post(url('/facts')).set('If-Match', rev).send({ ...COVERAGE, name: 'cluster.enterprises' }), 409);
      await refused((rev) => t.http.put(url('/facts/project/calc.none')).set('If-Match', rev).send({ label: '甲', type: 'number', cel: '1' }), 404);
    });

    it('refuses to remove a fact that a rule or another fact reads, naming them; removes it once free', async () => {
      const rule = {
        id: 'chain.coverage', title: '服务企业覆盖率不低于30%', clause: '六', category: 'acceptance', subject: 'project', stage: 'acceptance', severity: 'blocking',
        requirement: '服务企业数不少于集群企业数的30%', conditions: { all: [{ fact: 'service.coverage', operator: 'greaterThanInclusive', value: 0.3 }] },
        messages: { pass: '服务企业覆盖率{{service.coverage}}', fail: '服务企业覆盖率{{service.coverage}}，低于30%' },
      };
      await t.http.post(url('/rules')).set('If-Match', await revision()).send(rule).expect(201);
      const body = await refused((rev) => t.http.delete(url('/facts/project/service.coverage')).set('If-Match', rev), 409);
      expect(body.message).toBe('派生事实「服务企业覆盖率」（service.coverage）仍被使用，不能删除：规则「服务企业覆盖率不低于30%」。请先修改或删除这些内容');
      expect(body.details.map((d) => d.message)).toEqual(['规则「服务企业覆盖率不低于30%」的条件读取它', '规则「服务企业覆盖率不低于30%」的提示语引用它', '规则「服务企业覆盖率不低于30%」的提示语引用它']);
      expect((await refused((rev) => t.http.delete(url('/facts/project/calc.a')).set('If-Match', rev), 409)).message).toContain('派生事实「乙」');
      expect((await refused((rev) => t.http.delete(url('/facts/project/region.class')).set('If-Match', rev), 409)).message).toContain('派生事实「本市州推荐名额」');
      await t.http.delete(url('/facts/project/calc.b')).set('If-Match', await revision()).expect(200);
      await t.http.delete(url('/facts/project/calc.a')).set('If-Match', await revision()).expect(200);
      expect(await factIndex('calc.a')).toBe(-1);
    });
  });

  describe('expression check and preview', () => {
    const check = (body: object) => t.http.post(url('/facts/check')).send(body);
    const preview = (body: object) => t.http.post(url('/facts/preview')).send(body);

    it('checks as the officer types: the type, or the reason and where', async () => {
      expect((await check({ subject: 'project', cel: 'input.progress.enterprisesServed / input.cluster.enterprises' }).expect(200)).body).toEqual({ ok: true, type: 'dyn', factType: 'number' });
      expect((await check({ subject: 'project', cel: "input.county + '县'" }).expect(200)).body).toEqual({ ok: true, type: 'string', factType: 'text' });
      expect((await check({ subject: 'project', cel: 'input.cluster.enterprises +' }).expect(200)).body)
        .toEqual({ ok: false, error: { message: '表达式不完整（结尾缺少内容，例如括号未闭合）', position: 27 } });
      const unknown = (await check({ subject: 'project', cel: '1 + input.cluster.enterprize' }).expect(200)).body;
      expect(unknown).toEqual({ ok: false, error: { message: '没有名为“enterprize”的字段或事实', position: expect.any(Number) } });
      expect((await check({ subject: 'project', cel: 'service.coverage * 2', name: 'service.coverage' }).expect(200)).body.error.message).toMatch(/^派生事实循环引用/);
      expect((await check({ subject: 'project', cel: 'true', type: 'number' }).expect(200)).body.error.message).toBe('表达式的结果为“是/否”，与声明的类型（数字）不符');
      expect((await check({ subject: 'project', cel: 'x'.repeat(2001) }).expect(200)).body.error.message).toBe('表达式过长（最多 2000 个字符）');
      const bad = await check({ subject: 'company', cel: 1, colour: 'red' }).expect(400);
      expect(bad.body.details.map((d: { pointer: string }) => d.pointer).sort()).toEqual(['/cel', '/colour', '/subject']);
    });

    it('previews a value for a stored project, with the facts it reads computed', async () => {
      const res = await preview({ subject: 'project', cel: COVERAGE.cel, projectId: 'wuhan-a' }).expect(200);
      expect(res.body).toMatchObject({ ok: true, value: 0.25, text: '0.25', subject: '项目「武汉甲」', problem: null });
      const quota = await preview({ subject: 'project', cel: 'region.quota - region.newProjects', type: 'integer', projectId: 'wuhan-a' }).expect(200);
      expect(quota.body).toMatchObject({ ok: true, value: 1, text: '1' });
      const amount = await preview({ subject: 'project', cel: 'input.funding.provincial * 2', type: 'amount', projectId: 'wuhan-a' }).expect(200);
      expect(amount.body.text).toBe('50万元');
      const missing = await preview({ subject: 'project', cel: 'input.progress.trainees * 2', projectId: 'wuhan-a' }).expect(200);
      expect(missing.body).toMatchObject({ ok: true, value: null, text: '未填写', problem: '“trainees”未填写或不存在' });
      expect((await preview({ subject: 'project', cel: 'input.nope', projectId: 'wuhan-a' }).expect(200)).body.ok).toBe(false);
      await preview({ subject: 'project', cel: '1', projectId: 'nobody' }).expect(404);
      await preview({ subject: 'project', cel: '1' }).expect(400);
    });

    it('previews for a stored region record, the province and a fixture subject', async () => {
      const region = await preview({ subject: 'region', cel: 'counties.stations + 1', region: { name: '神农架', year: 2022 } }).expect(200);
      expect(region.body).toMatchObject({ ok: true, value: 2, subject: '神农架 2022 年度进度' });
      const province = await preview({ subject: 'province', cel: 'province.regionsReported', year: 2022 }).expect(200);
      expect(province.body).toMatchObject({ ok: true, value: 3 });
      const doc = (await draft()).document;
      const test = doc.tests.find((x: { projects?: unknown[] }) => x.projects);
      const fixture = await preview({ subject: 'project', cel: 'input.funding.provincial', type: 'amount', fixture: { test: test.name, index: 0 } }).expect(200);
      expect(fixture.body).toMatchObject({ ok: true, value: test.projects[0].funding.provincial, subject: `测试用例「${test.name}」中的项目「${test.projects[0].name}」` });
      await preview({ subject: 'project', cel: '1', fixture: { test: '没有这个', index: 0 } }).expect(404);
      const given = await preview({ subject: 'project', cel: "project.name + '（' + project.region + '）'", record: { year: 2022, name: '试算', region: '武汉', category: 'new' } }).expect(200);
      expect(given.body).toMatchObject({ ok: true, value: '试算（武汉）' });
    });
  });

  describe('table definitions', () => {
    const ROLES = {
      name: 'chainRoles', label: '链上角色', key: 'id', columns: [{ key: 'id', label: '标识', type: 'text' }, { key: 'label', label: '名称', type: 'text' }],
      rows: [{ id: 'leader', label: '链主' }, { id: 'supplier', label: '配套企业' }],
    };

    it('adds a table with its rows, a choice field from it, and columns; refuses what would break', async () => {
      const res = await t.http.post(url('/tables')).set('If-Match', await revision()).send(ROLES).expect(201);
      const { name: _n, ...table } = ROLES;
      expect(res.body.document.tables.chainRoles).toEqual(table);
      await t.http.post(url('/model/project/fields')).set('If-Match', await revision()).send({ key: 'chain.role', label: '链上角色', type: 'choice', table: 'chainRoles', section: 'basic' }).expect(201);
      expect((await refused((rev) => t.http.post(url('/tables')).set('If-Match', rev).send(ROLES), 409)).message).toBe('已有表格“chainRoles”');
      const badColumn = await refused((rev) => t.http.post(url('/tables')).set('If-Match', rev).send({ ...ROLES, name: 'other', columns: [{ key: 'id', label: '标识', type: 'colour' }] }), 400);
      expect(badColumn.details[0].pointer).toBe('/tables/other/columns/0/type');
      await refused((rev) => t.http.post(url('/tables')).set('If-Match', rev).send({ ...ROLES, name: '角色' }), 400);
      const used = await refused((rev) => t.http.delete(url('/tables/chainRoles')).set('If-Match', rev), 409);
      expect(used.message).toBe('表格「链上角色」（chainRoles）仍被使用，不能删除：示范项目字段「链上角色」。请先修改或删除这些内容');
      await refused((rev) => t.http.delete(url('/tables/regions')).set('If-Match', rev), 409);

      const added = await t.http.post(url('/tables/chainRoles/columns')).set('If-Match', await revision()).send({ key: 'note', label: '说明', type: 'text' }).expect(201);
      expect(added.body.document.tables.chainRoles.columns.map((c: { key: string }) => c.key)).toEqual(['id', 'label', 'note']);
      await t.http.put(url('/tables/chainRoles/leader')).set('If-Match', await revision()).send({ id: 'leader', label: '链主', note: '龙头' }).expect(200);
      const removed = await t.http.delete(url('/tables/chainRoles/columns/note')).set('If-Match', await revision()).expect(200);
      expect(removed.body.document.tables.chainRoles.rows).toEqual(ROLES.rows);
      expect((await refused((rev) => t.http.delete(url('/tables/chainRoles/columns/id')).set('If-Match', rev), 409)).message).toBe('列“标识”是表格「链上角色」的标识列，不能删除');
      await refused((rev) => t.http.post(url('/tables/chainRoles/columns')).set('If-Match', rev).send({ key: 'label', label: '名称', type: 'text' }), 409);
      const read = await refused((rev) => t.http.delete(url('/tables/regionClasses/columns/label')).set('If-Match', rev), 409);
      expect(read.message).toBe('列“名称”（label）仍被使用，不能删除：派生事实「市州类别名称」。请先修改或删除这些内容');
      await t.http.delete(url('/model/project/fields/chain.role')).set('If-Match', await revision()).expect(200);
      await t.http.delete(url('/tables/chainRoles')).set('If-Match', await revision()).expect(200);
    });
  });

  it('audits each kind of model edit', async () => {
    const actions = new Set((await t.http.get(`/api/audit?ruleSet=${ID}`).expect(200)).body.map((e: { action: string }) => e.action));
    for (const a of ['draft.field.add', 'draft.field.change', 'draft.field.move', 'draft.field.remove', 'draft.sections', 'draft.fact.add', 'draft.fact.change', 'draft.fact.remove', 'draft.table.add', 'draft.table.column', 'draft.table.remove']) {
      expect(actions).toContain(a);
    }
  });
});

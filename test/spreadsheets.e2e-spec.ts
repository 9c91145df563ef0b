import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import { importCommand } from '../src/cli/import.command';
import { fillTemplate, wuhanRow } from '../src/spreadsheets/testing/sheet-fixtures';
import { startTestApp, TestApp } from './support/test-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// Sheet names and headers the 2022 rule set's model gives the templates.
const PROJECT_SHEET = '示范项目';
const PROGRESS_SHEET = '市州进度';
const COUNTY_SHEET = '县市区';
const WAN = '开展质量提升行动的中小企业数（万）';
const QIAN = '导入先进质量管理模式的规上企业数（千）';
const BAI = '培育的质量提升标杆企业数（百）';

/** supertest hands back binary bodies only with an explicit parser. */
function binary(res: NodeJS.ReadableStream & { setEncoding(e: string): void }, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function loadXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

describe('spreadsheets (e2e)', () => {
  let t: TestApp;
  let template: Buffer;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  const download = async (url: string) => {
    const res = await t.http.get(url).buffer(true).parse(binary as never);
    return res;
  };
  const projectRows = async () =>
    (await t.prisma.project.findMany({ orderBy: { id: 'asc' } })).map((r) => ({ id: r.id, revision: r.revision, body: JSON.parse(r.body) }));

  it('serves the project template with the rule set’s drop-downs and date/amount columns', async () => {
    const res = await download('/api/templates/projects.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    template = res.body as Buffer;
    const wb = await loadXlsx(template);
    const ws = wb.getWorksheet(PROJECT_SHEET)!;
    expect(ws.getCell('C1').value).toBe('市州*');
    expect(ws.getCell('D1').value).toBe('项目名称*');
    expect(ws.getCell('W1').value).toBe('省级资金（万元）');
    expect(ws.getCell('W1').note).toContain('单位：万元');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ["'选项'!$A$2:$A$18"] });
    expect(ws.getCell('E300').dataValidation).toMatchObject({ type: 'list', formulae: ["'选项'!$B$2:$B$6"] });
    expect(ws.getCell('Z1').value).toBe('推荐表报送日期');
    expect(ws.getCell('Z2').numFmt).toBe('yyyy-mm-dd');
    const options = wb.getWorksheet('选项')!;
    expect(options.state).toBe('hidden');
    expect(options.getCell('A2').value).toBe('武汉');
    expect(options.getCell('A18').value).toBe('神农架');
    expect(options.getCell('B2').value).toBe('2022年度新项目');
  });

  it('dry-runs, then imports a filled form all at once, and updates on re-import', async () => {
    const form = await fillTemplate(template, PROJECT_SHEET, [
      wuhanRow(),
      wuhanRow({ 项目名称: '武汉电气产业集群质量提升', 推荐表报送日期: '2022年3月25日', '省级资金（万元）': 25.5, '地方配套资金（万元）': '30' }),
      wuhanRow({ 市州: '神农架林区', 项目名称: '神农架中药材质量提升', 推荐表报送日期: '2022/3/26', 所属行业: '农业' }),
    ]);

    const dry = await t.http.post('/api/projects/import?dryRun=true').attach('file', form, '推荐表.xlsx');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, year: 2022, problems: [], summary: { create: 3, update: 0, unchanged: 0 } });
    expect(dry.body.changes.map((c: { key: string; row: number }) => [c.key, c.row])).toEqual([
      ['wuhan-2022-01', 2], ['wuhan-2022-02', 3], ['shennongjia-2022-01', 4],
    ]);
    expect(await t.prisma.project.count()).toBe(0);

    const real = await t.http.post('/api/projects/import').attach('file', form, '推荐表.xlsx');
    expect(real.status).toBe(200);
    expect(real.body.summary).toEqual({ create: 3, update: 0, unchanged: 0, problems: 0 });
    const stored = await projectRows();
    expect(stored.map((p) => [p.id, p.body.funding.provincial, p.body.funding.localMatching, p.body.submitted.recommendation])).toEqual([
      ['shennongjia-2022-01', 250000, 250000, '2022-03-26'],
      ['wuhan-2022-01', 250000, 250000, '2022-03-20'],
      ['wuhan-2022-02', 255000, 300000, '2022-03-25'],
    ]);

    const edited = await fillTemplate(template, PROJECT_SHEET, [
      wuhanRow({ '省级资金（万元）': 26 }),
      wuhanRow({ 项目名称: '武汉电气产业集群质量提升', 推荐表报送日期: '2022年3月25日', '省级资金（万元）': 25.5, '地方配套资金（万元）': '30' }),
    ]);
    const again = await t.http.post('/api/projects/import').attach('file', edited, '推荐表.xlsx');
    expect(again.status).toBe(200);
    expect(again.body.summary).toEqual({ create: 0, update: 1, unchanged: 1, problems: 0 });
    const after = await projectRows();
    expect(after).toHaveLength(3);
    expect(after.find((p) => p.id === 'wuhan-2022-01')).toMatchObject({ revision: 2, body: { funding: { provincial: 260000 } } });
  });

  it('refuses a file with one bad row as a whole, naming every bad cell', async () => {
    const form = await fillTemplate(template, PROJECT_SHEET, [
      wuhanRow({ '省级资金（万元）': 1 }), // valid, and would change a stored project
      wuhanRow({ 项目名称: '坏行', 市州: '江汉', '省级资金（万元）': '25.12345', 推荐表报送日期: '3月25日' }),
    ]);
    const dry = await t.http.post('/api/projects/import?dryRun=true').attach('file', form, 'bad.xlsx');
    expect(dry.status).toBe(200);
    expect(dry.body.problems.map((p: { sheet: string; row: number; column: string }) => `${p.sheet}!${p.column}${p.row}`)).toEqual([
      '示范项目!W3', '示范项目!Z3', '示范项目!C3',
    ]);
    const res = await t.http.post('/api/projects/import').attach('file', form, 'bad.xlsx');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/3 处错误，未导入任何数据/);
    expect(res.body.details).toEqual([
      expect.objectContaining({ pointer: '示范项目!W3', header: '省级资金（万元）', message: expect.stringContaining('最多保留4位小数') }),
      expect.objectContaining({ pointer: '示范项目!Z3', header: '推荐表报送日期', message: expect.stringContaining('无法识别') }),
      expect.objectContaining({ pointer: '示范项目!C3', message: expect.stringContaining('未知的市州“江汉”') }),
    ]);
    const wuhan = (await projectRows()).find((p) => p.id === 'wuhan-2022-01')!;
    expect(wuhan.body.funding.provincial).toBe(260000);
    expect(await t.prisma.project.count()).toBe(3);
  });

  it('imports a GBK CSV sent as the raw request body, headers in any order', async () => {
    const csv = '项目类别,市州,项目名称,申请省级资金（万元）,地方配套资金（万元）,推荐表报送日期\r\n' +
      '616对口支援项目,恩施州,恩施玉露茶产业集群质量提升,10,10,2022/3/18\r\n';
    const res = await t.http.post('/api/projects/import?year=2022').set('Content-Type', 'text/csv').send(iconv.encode(csv, 'gbk'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ encoding: 'gb18030', summary: { create: 1 } });
    const p = (await projectRows()).find((x) => x.id === 'enshi-2022-01')!;
    expect(p.body).toMatchObject({ region: '恩施', category: 'pairing', funding: { provincial: 100000 }, submitted: { recommendation: '2022-03-18' } });
  });

  it('exports the evaluation results and reads back cell by cell', async () => {
    const res = await download('/api/exports/evaluations.xlsx?year=2022&stage=application');
    expect(res.status).toBe(200);
    const ws = (await loadXlsx(res.body)).worksheets[0];
    expect(ws.name).toBe('申报审查结果');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 10)).toEqual(['项目编号', '年度', '市州', '项目名称', '项目类别', '省级资金（万元）', '地方配套资金（万元）', '是否合规', '得分', '等级']);
    expect(header).toContain('新项目省级资金上限');
    expect(header[header.length - 1]).toBe('未通过事项');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const capCol = header.indexOf('新项目省级资金上限') + 1;
    const deadlineCol = header.indexOf('推荐表按期报送') + 1;

    // Rows in the rule set's region order: 武汉 …, 恩施, 神农架.
    const ids = [2, 3, 4, 5].map((r) => ws.getCell(r, 1).value);
    expect(ids).toEqual(['wuhan-2022-01', 'wuhan-2022-02', 'enshi-2022-01', 'shennongjia-2022-01']);
    const row = (id: string) => ws.getRow(ids.indexOf(id) + 2);
    const w1 = row('wuhan-2022-01');
    expect(w1.getCell(6).value).toBe(26);
    expect(w1.getCell(6).numFmt).toBe('#,##0.00##');
    expect(w1.getCell(7).value).toBe(25);
    expect(w1.getCell(8).value).toBe('不通过');
    expect(w1.getCell(capCol).value).toBe('不通过');
    expect(String(w1.getCell(header.length).value)).toContain('新项目省级资金上限');
    const w2 = row('wuhan-2022-02');
    expect(w2.getCell(6).value).toBe(25.5);
    expect(w2.getCell(capCol).value).toBe('不通过');
    const enshi = row('enshi-2022-01');
    expect(enshi.getCell(5).value).toBe('616对口支援项目');
    expect(enshi.getCell(capCol).value).toBe('不适用');
    const snj = row('shennongjia-2022-01');
    expect(snj.getCell(capCol).value).toBe('通过');
    expect(deadlineCol).toBeGreaterThan(0);
    // The total line under the data, outside the filter: amounts summed exactly, in 万元.
    expect([ws.getCell(6, 1).value, ws.getCell(6, 6).value, ws.getCell(6, 7).value]).toEqual(['全省合计（4个项目）', 86.5, 90]);
    expect(ws.getCell(6, 1).font?.bold).toBe(true);
    expect(snj.getCell(deadlineCol).value).toBe('不通过'); // 2022-03-26 is after 3月25日

    const csv = await download('/api/exports/evaluations.csv?year=2022');
    expect(csv.headers['content-type']).toContain('text/csv');
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0].startsWith('项目编号,年度,市州,项目名称,项目类别,省级资金（万元）')).toBe(true);
    expect(lines[2].startsWith('wuhan-2022-02,2022,武汉,武汉电气产业集群质量提升,2022年度新项目,25.5,30,不通过')).toBe(true);
  });

  it('imports region progress with its county sheet, then updates it, and exports it against targets', async () => {
    const res = await download('/api/templates/region-progress.xlsx?region=神农架林区');
    expect(res.status).toBe(200);
    let form = await fillTemplate(res.body, PROGRESS_SHEET, [
      { [WAN]: 52, [QIAN]: 3, [BAI]: 0, 实施方案报送日期: '2022/3/24' },
    ]);
    form = await fillTemplate(form, COUNTY_SHEET, [
      { 县市区: '松柏镇', 培训次数: 1, 培训人数: 56, 一站式服务站数: 1 },
      { 年度: 2022, 市州: '神农架', 县市区: '木鱼镇', 培训次数: 1, 培训人数: 40, 一站式服务站数: 0 },
    ]);
    const first = await t.http.post('/api/regions/progress/import').attach('file', form, '神农架进度.xlsx');
    expect(first.status).toBe(200);
    expect(first.body.summary).toMatchObject({ create: 1 });
    const stored = JSON.parse((await t.prisma.regionProgress.findFirstOrThrow({ where: { region: '神农架' } })).body);
    expect(stored).toMatchObject({ achieved: { wan: 52, qian: 3, bai: 0 }, submitted: { plan: '2022-03-24' }, counties: [{ name: '松柏镇' }, { name: '木鱼镇', trainees: 40 }] });

    const update = await t.http.post('/api/regions/progress/import').set('Content-Type', 'text/csv').send(Buffer.from('市州,百\n神农架,1\n'));
    expect(update.status).toBe(200);
    expect(update.body.changes[0]).toMatchObject({ action: 'update', changed: ['achieved'] });
    expect(await t.prisma.regionProgress.count()).toBe(1);

    const exp = await download('/api/exports/region-progress.xlsx?year=2022');
    const wb = await loadXlsx(exp.body);
    const ws = wb.getWorksheet('市州进度')!;
    const measure = '万：开展质量提升行动的中小企业（家）';
    expect((ws.getRow(1).values as unknown[]).slice(1, 7)).toEqual(['年度', '市州', '市州类别', `目标：${measure}`, `完成：${measure}`, `完成率：${measure}`]);
    expect(ws.getCell('O1').value).toBe('县市区数');
    expect(ws.getCell('R1').value).toBe('一站式服务站数');
    const snj = ws.getRow(18);
    expect([snj.getCell(2).value, snj.getCell(3).value, snj.getCell(4).value, snj.getCell(5).value, snj.getCell(6).value]).toEqual(['神农架', '林区', 50, 52, 1.04]);
    expect(snj.getCell(6).numFmt).toBe('0.0%');
    expect(snj.getCell(10).value).toBe(1); // 百 target
    expect(snj.getCell(11).value).toBe(1);
    expect(snj.getCell(15).value).toBe(2); // counties
    expect(snj.getCell(18).value).toBe(1); // stations
    expect(snj.getCell(19).value).toBe('不通过'); // 木鱼镇: 40 trainees, no station
    expect(ws.getRow(2).getCell(19).value).toBe('未报送');
    expect(ws.getRow(2).getCell(4).value).toBe(3000); // 武汉's target, though it sent nothing
    expect(ws.getRow(19).getCell(2).value).toBe('全省合计');
    expect(ws.getRow(19).getCell(4).value).toBe(10000);
    expect(ws.getRow(19).getCell(19).value).toBe('不通过'); // the province: 1 station of 150
    expect(wb.getWorksheet('县市区明细')!.getCell('B3').value).toBe('木鱼镇');
  });

  it('imports from the command line, refusing a bad file with exit 2', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-'));
    const good = path.join(dir, 'projects.csv');
    fs.writeFileSync(good, '\ufeff年度,市州,项目名称,项目类别,申请省级资金（万元）\n2022,仙桃,仙桃防护物资质量提升,new,20\n');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, '年度,市州,项目名称,项目类别\n2022,仙桃,X,不存在的类别\n');
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await importCommand(['projects', good, '--dry-run'])).toBe(0);
      expect(await t.prisma.project.count({ where: { region: '仙桃' } })).toBe(0);
      expect(await importCommand(['projects', good])).toBe(0);
      expect(await t.prisma.project.count({ where: { region: '仙桃' } })).toBe(1);
      expect(await importCommand(['projects', bad])).toBe(2);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain('「bad.csv」表第2行D列「项目类别」：未知的项目类别“不存在的类别”');
      expect(JSON.parse(String(out.mock.calls[0][0])).summary).toMatchObject({ create: 1 });
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
  it('follows a new year’s rule set: added fields become template columns that import, a relabelled field still reads old files', async () => {
    await t.http.post('/api/rule-sets/hubei-2022/clone').send({ id: 'hubei-2023', year: 2023, title: '2023年度质量提升活动' }).expect(201);
    const draft = (await t.http.get('/api/rule-sets/hubei-2023/draft').expect(200)).body;
    const doc = draft.document;
    doc.model.project.fields.push(
      { key: 'chain.leader', label: '链主企业', type: 'text', section: 'basic', required: { stages: ['application'], categories: ['new'] } },
      { key: 'chain.partners', label: '带动上下游企业数', type: 'integer', unit: '家', section: 'cluster', min: 0 },
    );
    const profitTax = doc.model.project.fields.find((f: { key: string }) => f.key === 'cluster.profitTax2021');
    Object.assign(profitTax, { label: '2022年利税', aliases: ['2021年利税'] });
    // The fixture of a complete new project names its 链主企业 now, or it would miss a required field.
    for (const test of doc.tests) for (const p of test.projects ?? []) if (p.id === 't-new-ok') p.chain = { leader: '某链主企业' };
    await t.http.put('/api/rule-sets/hubei-2023/draft').set('If-Match', `"${draft.revision}"`).send(doc).expect(200);
    await t.http.post('/api/rule-sets/hubei-2023/draft/publish').set('If-Match', `"${draft.revision + 1}"`).send({ comment: '新增链主企业等字段' }).expect(200);

    const res = await download('/api/templates/projects.xlsx?year=2023');
    expect(res.status).toBe(200);
    const ws = (await loadXlsx(res.body)).getWorksheet(PROJECT_SHEET)!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['链主企业*', '带动上下游企业数', '2022年利税（万元）*']));
    expect(header).not.toContain('2021年利税（万元）*');
    expect(ws.getCell(1, header.indexOf('链主企业*') + 1).note).toBe('申报审查时必填（仅2022年度新项目）');

    const { '2021年利税（万元）': profitTaxCell, ...row } = wuhanRow({ 年度: 2023, 项目名称: '武汉光模块产业链质量提升', 链主企业: '光迅科技', 带动上下游企业数: 42 });
    const form = await fillTemplate(res.body, PROJECT_SHEET, [{ ...row, '2022年利税（万元）': profitTaxCell }]);
    const imported = await t.http.post('/api/projects/import').attach('file', form, '2023推荐表.xlsx').expect(200);
    expect(imported.body).toMatchObject({ year: 2023, ruleSet: { id: 'hubei-2023' }, problems: [], summary: { create: 1 } });
    const id = imported.body.changes[0].key;
    const stored = JSON.parse((await t.prisma.project.findUniqueOrThrow({ where: { id } })).body);
    expect(stored).toMatchObject({ year: 2023, chain: { leader: '光迅科技', partners: 42 }, cluster: { profitTax2021: 120000000 } });

    // A clerk's file still headed 2021年利税 updates the same field.
    const csv = '年度,市州,项目名称,2021年利税（万元）\n2023,武汉,武汉光模块产业链质量提升,13000\n';
    const again = await t.http.post('/api/projects/import').set('Content-Type', 'text/csv').send(Buffer.from(csv)).expect(200);
    expect(again.body).toMatchObject({ problems: [], warnings: [], summary: { update: 1 } });
    expect(again.body.changes[0]).toMatchObject({ key: id, changed: ['cluster'], body: { cluster: { profitTax2021: 130000000 } } });

    // The 2022 template is the 2022 rule set's, whatever 2023 declares.
    const old = (await loadXlsx((await download('/api/templates/projects.xlsx?year=2022')).body)).getWorksheet(PROJECT_SHEET)!;
    expect((old.getRow(1).values as unknown[]).slice(1)).not.toContain('链主企业*');
  });
});

import * as iconv from 'iconv-lite';
import { planProjectImport, StoredProject } from './project-import';
import { buildProjectTemplate } from './project-template';
import { fillTemplate, hubei2022, wuhanRow } from './testing/sheet-fixtures';
import { readWorkbook } from './workbook-reader';

const index = hubei2022();
const PROJECT_SHEET = '示范项目';
const TICK = '已完成的“五个一”事项：';

async function plan(buffer: Buffer, stored: StoredProject[] = []) {
  return planProjectImport(await readWorkbook(buffer, PROJECT_SHEET), index, stored, { year: 2022 });
}

describe('planProjectImport', () => {
  it('reads a filled template: 万元 to yuan, mixed date formats, labels to ids, generated ids', async () => {
    const file = await fillTemplate(await buildProjectTemplate(index), PROJECT_SHEET, [
      wuhanRow(),
      wuhanRow({
        项目名称: '武汉电气产业集群质量提升', 推荐表报送日期: '2022年3月25日', '省级资金（万元）': '25.5',
        '地方配套资金（万元）': 25.5, 所属行业: 'manufacturing', [`${TICK}一个项目实施方案`]: '是', [`${TICK}一次质量诊断`]: '是',
      }),
      wuhanRow({ 市州: '恩施土家族苗族自治州', 项目名称: '恩施硒茶质量提升', 推荐表报送日期: '2022/3/5', '2021年利税（万元）': '1,200.5' }),
    ]);
    const result = await plan(file);
    expect(result.problems).toEqual([]);
    expect(result.summary).toEqual({ create: 3, update: 0, unchanged: 0, problems: 0 });
    const [a, b, c] = result.changes.map((ch) => ch.body);
    expect(a).toMatchObject({
      id: 'wuhan-2022-01', year: 2022, region: '武汉', category: 'new', industry: 'manufacturing',
      funding: { provincial: 250000, localMatching: 250000, sourceSecured: true },
      cluster: { profitTax2021: 120000000, output2021: 8500000000, enterprises: 120 },
      submitted: { recommendation: '2022-03-20', summary: null },
      contact: { name: '张三', phone: '027-00000000' },
      deliverables: null,
    });
    expect(b).toMatchObject({ id: 'wuhan-2022-02', funding: { provincial: 255000 }, submitted: { recommendation: '2022-03-25' }, deliverables: ['plan', 'diagnosis'] });
    expect(c).toMatchObject({ id: 'enshi-2022-01', region: '恩施', submitted: { recommendation: '2022-03-05' }, cluster: { profitTax2021: 12005000 } });
    expect(result.changes.map((ch) => ch.row)).toEqual([2, 3, 4]);
  });

  it('names the cell of every bad value, including rule-set errors from parseProject', async () => {
    const file = await fillTemplate(await buildProjectTemplate(index), PROJECT_SHEET, [
      wuhanRow(),
      wuhanRow({ 项目名称: '第二个', 市州: '武昌', '省级资金（万元）': 25.12345, 推荐表报送日期: '2022-02-30' }),
      wuhanRow({ 项目名称: '', 企业数量: '很多' }),
      wuhanRow({ 项目名称: '第三个', 项目类别: '重点项目', [`${TICK}一次质量诊断`]: '也许' }),
    ]);
    const result = await plan(file);
    expect(result.changes).toHaveLength(1);
    const at = (row: number) => result.problems.filter((p) => p.row === row).map((p) => `${p.column}${p.row} ${p.header}: ${p.message}`);
    // Identity first (A–E), then the rule set's fields in form order.
    expect(at(3)).toEqual([
      expect.stringMatching(/^W3 省级资金（万元）: .*最多保留4位小数/),
      expect.stringMatching(/^Z3 推荐表报送日期: 日期“2022-02-30”不存在/),
      expect.stringMatching(/^C3 市州: 未知的市州“武昌”，可选：武汉、黄石/),
    ]);
    expect(at(4)).toEqual([
      expect.stringMatching(/^D4 项目名称: 必填/),
      expect.stringMatching(/^L4 企业数量: 应为不小于0的整数/),
    ]);
    expect(at(5)).toEqual([
      expect.stringMatching(/^AI5 已完成的“五个一”事项：一次质量诊断: 应填“是”或“否”/),
      expect.stringMatching(/^E5 项目类别: 未知的项目类别“重点项目”，可选：new（2022年度新项目）/),
    ]);
    expect(result.problems.every((p) => p.sheet === PROJECT_SHEET)).toBe(true);
  });

  it('updates on re-import, by year + region + name or by id, and reports unchanged rows', async () => {
    const first = await plan(await fillTemplate(await buildProjectTemplate(index), PROJECT_SHEET, [wuhanRow()]));
    const stored = first.changes.map((c) => ({ id: c.key, body: c.body }));
    const again = await plan(await fillTemplate(await buildProjectTemplate(index), PROJECT_SHEET, [wuhanRow()]), stored);
    expect(again.changes.map((c) => [c.action, c.key])).toEqual([['unchanged', 'wuhan-2022-01']]);

    const edited = await plan(
      await fillTemplate(await buildProjectTemplate(index), PROJECT_SHEET, [wuhanRow({ 市州: '武汉市', '省级资金（万元）': 20 })]),
      stored,
    );
    expect(edited.changes).toMatchObject([{ action: 'update', key: 'wuhan-2022-01', changed: ['funding'], body: { funding: { provincial: 200000 } } }]);

    const renamed = await plan(
      await fillTemplate(await buildProjectTemplate(index), PROJECT_SHEET, [wuhanRow({ 项目编号: 'wuhan-2022-01', 项目名称: '新名称' })]),
      stored,
    );
    expect(renamed.changes).toMatchObject([{ action: 'update', key: 'wuhan-2022-01', changed: ['name'] }]);
  });

  it('keeps stored fields whose columns the file does not have', async () => {
    const stored = [{ id: 'wuhan-2022-01', body: { ...(await plan(await fillTemplate(await buildProjectTemplate(index), PROJECT_SHEET, [wuhanRow()]))).changes[0].body } }];
    const csv = '市州,项目名称,培训次数,宣传报道数\n武汉,武汉光谷激光产业集群质量提升,3,6\n';
    const result = await plan(Buffer.from(csv), stored);
    expect(result.problems).toEqual([]);
    expect(result.changes[0]).toMatchObject({
      action: 'update', changed: ['progress'],
      body: { funding: { provincial: 250000 }, progress: { trainings: 3, publicityItems: 6 } },
    });
  });

  it('reads a GBK CSV with headers in another order and a title row above them', async () => {
    const csv = [
      '2022年度示范项目推荐汇总表,,,,',
      '申请省级资金（万元）,项目名称,项目类别,市州,推荐表报送日期',
      '10,恩施玉露茶产业集群质量提升,616对口支援项目,恩施州,2022/3/18',
    ].join('\r\n');
    const result = await plan(iconv.encode(csv, 'gbk'));
    expect(result.encoding).toBe('gb18030');
    expect(result.problems).toEqual([]);
    expect(result.changes[0].body).toMatchObject({ region: '恩施', category: 'pairing', funding: { provincial: 100000 }, submitted: { recommendation: '2022-03-18' } });
    expect(result.changes[0].row).toBe(3);
  });

  it('refuses duplicate rows, other years and files without a project table', async () => {
    const csv = '项目名称,市州,项目类别,年度\nA,武汉,new,2022\nA,武汉市,new,2022\nB,武汉,new,2021\n';
    const result = await plan(Buffer.from(csv));
    expect(result.problems.map((p) => `${p.column}${p.row}: ${p.message}`)).toEqual([
      'A3: 与第2行（「示范项目」表）是同一项目，请合并为一行',
      'D4: 一次导入只能包含一个年度（2022年度）的项目，请分开导入',
    ]);
    const none = await plan(Buffer.from('姓名,电话\n张三,1\n'));
    expect(none.problems[0].message).toMatch(/未找到项目表/);
  });
});

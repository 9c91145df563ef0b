import { planRegionProgressImport } from './region-progress-import';
import { buildRegionProgressTemplate } from './region-progress-template';
import { fillTemplate, hubei2022Evaluator } from './testing/sheet-fixtures';
import { readWorkbook } from './workbook-reader';

const evaluator = hubei2022Evaluator();
const index = evaluator.index;
const PROGRESS_SHEET = '市州进度';
const COUNTY_SHEET = '县市区';
// The 2022 rule set's labels of the region's fields.
const WAN = '开展质量提升行动的中小企业数（万）';
const QIAN = '导入先进质量管理模式的规上企业数（千）';
const BAI = '培育的质量提升标杆企业数（百）';
const plan = async (buffer: Buffer, stored: { body: never }[] = []) =>
  planRegionProgressImport(await readWorkbook(buffer, PROGRESS_SHEET), index, stored, { year: 2022 });

async function filledTemplate(progress: Record<string, unknown>, counties: Record<string, unknown>[]): Promise<Buffer> {
  // The all-regions template lists 武汉 first (row 2) and 神农架 last (row 18).
  let file = await buildRegionProgressTemplate(evaluator);
  file = await fillTemplate(file, PROGRESS_SHEET, [progress as never], 18);
  return fillTemplate(file, COUNTY_SHEET, counties as never[]);
}

describe('planRegionProgressImport', () => {
  it('reads the progress row and the county rows of a region; untouched prefilled regions are skipped', async () => {
    const file = await filledTemplate(
      { [WAN]: 52, [QIAN]: 3, [BAI]: 1, 实施方案报送日期: '2022/3/24', 工作总结报送日期: new Date(Date.UTC(2022, 11, 14)) },
      [
        { 市州: '神农架林区', 县市区: '松柏镇', 培训次数: 1, 培训人数: 56, 一站式服务站数: 1 },
        { 市州: '神农架', 县市区: '木鱼镇', 培训次数: 2, 培训人数: '60', 一站式服务站数: 0 },
      ],
    );
    const result = await plan(file);
    expect(result.problems).toEqual([]);
    expect(result.changes).toHaveLength(1);
    expect(result.changes[0]).toMatchObject({
      action: 'create', key: '2022/神农架', sheet: PROGRESS_SHEET, row: 18,
      body: {
        year: 2022, region: '神农架', achieved: { wan: 52, qian: 3, bai: 1 },
        submitted: { plan: '2022-03-24', summary: '2022-12-14' },
        counties: [
          { name: '松柏镇', trainings: 1, trainees: 56, stations: 1 },
          { name: '木鱼镇', trainings: 2, trainees: 60, stations: 0 },
        ],
      },
    });
  });

  it('places county problems on the county sheet, and updates on re-import', async () => {
    const bad = await filledTemplate({ [WAN]: 'x' }, [
      { 市州: '神农架', 县市区: '松柏镇', 培训次数: 1 },
      { 市州: '神农架', 县市区: '松柏镇', 培训次数: 2 },
      { 市州: '武昌', 县市区: '洪山', 培训次数: 2 },
    ]);
    const problems = (await plan(bad)).problems.map((p) => `${p.sheet}!${p.column}${p.row} ${p.message}`);
    expect(problems).toEqual([
      expect.stringMatching(/^市州进度!F18 应为不小于0的整数/),
      '县市区!C3 县市区“松柏镇”重复',
      expect.stringMatching(/^县市区!B4 未知的市州“武昌”/),
    ]);

    const good = await filledTemplate({ [WAN]: 40 }, [{ 市州: '神农架', 县市区: '松柏镇', 培训次数: 1 }]);
    const first = await plan(good);
    const stored = first.changes.map((c) => ({ body: c.body as never }));
    expect((await plan(good, stored)).changes[0].action).toBe('unchanged');
    const csv = '市州,万\n神农架,52\n';
    const update = await plan(Buffer.from(csv), stored);
    expect(update.changes[0]).toMatchObject({ action: 'update', changed: ['achieved'], body: { achieved: { wan: 52 }, counties: [{ name: '松柏镇' }] } });
  });

  it('reads a county-only CSV as the county table', async () => {
    const result = await plan(Buffer.from('县市区,市州,培训人数\n松柏镇,神农架,56\n'));
    expect(result.problems).toEqual([]);
    expect(result.changes[0].body).toEqual({ year: 2022, region: '神农架', counties: [{ name: '松柏镇', trainees: 56 }] });
  });
});

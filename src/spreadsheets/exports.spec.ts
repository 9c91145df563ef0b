import { Project } from '../projects/project.types';
import { RegionProgress } from '../regions/region-progress.types';
import { evaluationTable } from './evaluation-export';
import { tableToCsv } from './export-table';
import { listTables, regionProgressTable } from './region-progress-export';
import { editedRuleSet, hubei2022Evaluator } from './testing/sheet-fixtures';

const evaluator = hubei2022Evaluator();

const project = (id: string, region: string, provincial: number, localMatching: number): Project => ({
  id, year: 2022, name: `${region}项目${id}`, region, category: 'new', funding: { provincial, localMatching, sourceSecured: true },
});

const shennongjia: RegionProgress = {
  year: 2022, region: '神农架', achieved: { wan: 52, qian: 3, bai: 0 }, submitted: { plan: '2022-03-24' },
  counties: [{ name: '松柏镇', trainings: 1, trainees: 56, stations: 1 }, { name: '木鱼镇', trainings: 1, trainees: 40, stations: 0 }],
};
const wuhan: RegionProgress = { year: 2022, region: '武汉', achieved: { wan: 3100 }, counties: [{ name: '江岸区', trainings: 2, trainees: 80, stations: 2 }] };

describe('evaluation export', () => {
  it('shows the amounts the rule set sums in 万元, with a total line that says whose it is', async () => {
    const projects = [project('wuhan-2022-01', '武汉', 250000, 250000), project('wuhan-2022-02', '武汉', 255000, 300000)];
    const report = await evaluator.evaluateProjectList(projects, 'application');
    const table = evaluationTable(report, projects, evaluator.index);
    expect(table.columns.slice(0, 7).map((c) => [c.header, c.kind])).toEqual([
      ['项目编号', 'text'], ['年度', 'text'], ['市州', 'text'], ['项目名称', 'text'], ['项目类别', 'text'],
      ['省级资金（万元）', 'wan'], ['地方配套资金（万元）', 'wan'],
    ]);
    expect(table.rows[1].slice(0, 7)).toEqual(['wuhan-2022-02', '2022', '武汉', '武汉项目wuhan-2022-02', '2022年度新项目', 255000, 300000]);
    expect(table.footer![0].slice(0, 8)).toEqual(['全省合计（2个项目）', null, null, null, null, 505000, 550000, null]);
    expect(tableToCsv(table).trim().split('\r\n').pop()!.startsWith('全省合计（2个项目）,,,,,50.5,55,')).toBe(true);

    const scoped = evaluationTable(report, projects, evaluator.index, '武汉');
    expect(scoped.footer![0][0]).toBe('武汉合计（2个项目）');
  });

  it('follows a rule set whose summary sums another amount', async () => {
    const edited = editedRuleSet((doc) => {
      doc.reports.summary.amounts.push({ label: '利税', fact: 'cluster.profitTax2021' });
    });
    const projects = [{ ...project('wuhan-2022-01', '武汉', 250000, 250000), cluster: { profitTax2021: 120000000 } }];
    const table = evaluationTable(await edited.evaluateProjectList(projects, 'application'), projects, edited.index);
    expect(table.columns[7]).toMatchObject({ header: '2021年利税（万元）', kind: 'wan' });
    expect(table.rows[0][7]).toBe(120000000);
  });
});

describe('region progress export', () => {
  it('lays out each measure’s target, achieved and rate, the fields, the county list summed, and a province total', async () => {
    const report = await evaluator.evaluateRegionList([shennongjia, wuhan]);
    const table = regionProgressTable([shennongjia, wuhan], report, evaluator, 2022);
    const headers = table.columns.map((c) => c.header);
    expect(headers.slice(0, 6)).toEqual([
      '年度', '市州', '市州类别',
      '目标：万：开展质量提升行动的中小企业（家）', '完成：万：开展质量提升行动的中小企业（家）', '完成率：万：开展质量提升行动的中小企业（家）',
    ]);
    expect(headers.slice(12, 19)).toEqual(['实施方案报送日期', '工作总结报送日期', '县市区数', '培训次数', '培训人数', '一站式服务站数', '是否合规']);
    const row = (name: string) => table.rows.find((r) => r[1] === name)!;
    expect(row('神农架').slice(0, 19)).toEqual([
      '2022', '神农架', '林区', 50, 52, 1.04, 3, 3, 1, 1, 0, 0, '2022-03-24', null, 2, 2, 96, 1, '不通过',
    ]);
    // A region that sent nothing still shows its targets.
    expect(row('黄石').slice(0, 7)).toEqual(['2022', '黄石', '市、州', 600, null, null, 60]);
    expect(row('黄石')[18]).toBe('未报送');
    const total = table.footer![0];
    expect(total.slice(1, 7)).toEqual(['全省合计', null, 10000, 3152, 0.3152, 1000]);
    expect(total.slice(14, 18)).toEqual([3, 4, 176, 3]);
    expect(total[18]).toBe('不通过'); // the province's own rules: 3 stations, far from 150
    expect(String(total[table.columns.length - 1])).toContain('一站式');
  });

  it('gives a region user their own row only, without a province total', async () => {
    const report = await evaluator.evaluateRegionList([wuhan]);
    const table = regionProgressTable([wuhan], report, evaluator, 2022, '武汉');
    expect(table.rows.map((r) => r[1])).toEqual(['武汉']);
    expect(table.footer).toBeUndefined();
    expect(tableToCsv(table)).not.toContain('全省');
  });

  it('lists every county row of every region that reported', () => {
    const [counties] = listTables([shennongjia, wuhan], evaluator);
    expect(counties.sheet).toBe('县市区明细');
    expect(counties.columns.map((c) => c.header)).toEqual(['市州', '县市区', '培训次数', '培训人数', '一站式服务站数']);
    expect(counties.rows).toEqual([['神农架', '松柏镇', 1, 56, 1], ['神农架', '木鱼镇', 1, 40, 0], ['武汉', '江岸区', 2, 80, 2]]);
  });
});

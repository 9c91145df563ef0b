import { SubjectKind } from '../rule-sets/rule-set.types';

export type FactType = 'amount' | 'integer' | 'number' | 'date' | 'text' | 'boolean' | 'list';

export interface FactInfo {
  name: string;
  label: string;
  type: FactType;
}

/**
 * Every fact a rule can name, per subject kind. Rules are checked against this list when a rule
 * set is saved, so a misspelt fact is refused then rather than failing at evaluation time.
 * Parameters are facts too, as param.<name>.
 */
export const FACTS: Record<SubjectKind, FactInfo[]> = {
  project: [
    { name: 'project.id', label: '项目编号', type: 'text' },
    { name: 'project.name', label: '项目名称', type: 'text' },
    { name: 'project.year', label: '年度', type: 'integer' },
    { name: 'project.category', label: '项目类别', type: 'text' },
    { name: 'project.categoryLabel', label: '项目类别名称', type: 'text' },
    { name: 'project.industry', label: '行业', type: 'text' },
    { name: 'project.industryLabel', label: '行业名称', type: 'text' },
    { name: 'funding.provincial', label: '省级资金', type: 'amount' },
    { name: 'funding.localMatching', label: '地方配套资金', type: 'amount' },
    { name: 'funding.sourceSecured', label: '经费来源已落实', type: 'boolean' },
    { name: 'region.name', label: '市州', type: 'text' },
    { name: 'region.class', label: '市州类别', type: 'text' },
    { name: 'region.classLabel', label: '市州类别名称', type: 'text' },
    { name: 'region.newProjects', label: '本市州本年度新项目数', type: 'integer' },
    { name: 'region.quota', label: '本市州推荐名额', type: 'integer' },
    { name: 'predecessor.name', label: '2021年度项目名称', type: 'text' },
    { name: 'predecessor.rating', label: '2021年度评价等次', type: 'text' },
    { name: 'pairing.named', label: '是否616对口支援指定项目', type: 'boolean' },
    { name: 'submitted.recommendation', label: '推荐表报送日期', type: 'date' },
    { name: 'submitted.summary', label: '工作总结报送日期', type: 'date' },
    { name: 'form.missingFields', label: '推荐表未填项', type: 'list' },
    { name: 'form.missingCount', label: '推荐表未填项数', type: 'integer' },
    { name: 'deliverables.missing', label: '未完成的“五个一”事项', type: 'list' },
    { name: 'deliverables.missingCount', label: '未完成的“五个一”事项数', type: 'integer' },
    { name: 'deliverables.deliveredCount', label: '已完成的“五个一”事项数', type: 'integer' },
    { name: 'progress.trainings', label: '培训次数', type: 'integer' },
    { name: 'progress.trainees', label: '培训人数', type: 'integer' },
    { name: 'progress.enterprisesServed', label: '服务企业数', type: 'integer' },
    { name: 'progress.problemsSolved', label: '解决问题数', type: 'integer' },
    { name: 'progress.publicityItems', label: '宣传报道数', type: 'integer' },
  ],
  region: [
    { name: 'region.name', label: '市州', type: 'text' },
    { name: 'region.class', label: '市州类别', type: 'text' },
    { name: 'region.classLabel', label: '市州类别名称', type: 'text' },
    { name: 'region.year', label: '年度', type: 'integer' },
    { name: 'achieved.wan', label: '开展质量提升行动的中小企业数（万）', type: 'integer' },
    { name: 'achieved.qian', label: '导入先进质量管理模式的规上企业数（千）', type: 'integer' },
    { name: 'achieved.bai', label: '培育的质量提升标杆企业数（百）', type: 'integer' },
    { name: 'target.wan', label: '“万”任务数', type: 'integer' },
    { name: 'target.qian', label: '“千”任务数', type: 'integer' },
    { name: 'target.bai', label: '“百”任务数', type: 'integer' },
    { name: 'counties.count', label: '填报县市区数', type: 'integer' },
    { name: 'counties.shortTraining', label: '培训未达标的县市区', type: 'list' },
    { name: 'counties.shortTrainingCount', label: '培训未达标的县市区数', type: 'integer' },
    { name: 'counties.withoutStation', label: '未建成“一站式”服务站的县市区', type: 'list' },
    { name: 'counties.withoutStationCount', label: '未建成服务站的县市区数', type: 'integer' },
    { name: 'counties.stations', label: '服务站数', type: 'integer' },
    { name: 'submitted.plan', label: '实施方案报送日期', type: 'date' },
    { name: 'submitted.summary', label: '工作总结报送日期', type: 'date' },
  ],
  province: [
    { name: 'province.year', label: '年度', type: 'integer' },
    { name: 'province.stations', label: '全省“一站式”服务站总数', type: 'integer' },
    { name: 'province.regionsReported', label: '已填报进度的市州数', type: 'integer' },
    { name: 'province.counties', label: '已填报的县市区数', type: 'integer' },
    { name: 'province.countiesWithoutStation', label: '未建成服务站的县市区数', type: 'integer' },
  ],
};

export type Facts = Record<string, unknown>;

const byName = new Map<string, FactInfo>();
for (const list of Object.values(FACTS)) for (const f of list) byName.set(f.name, f);

export function factInfo(name: string): FactInfo | undefined {
  return byName.get(name);
}

export function factNames(kind: SubjectKind): Set<string> {
  return new Set(FACTS[kind].map((f) => f.name));
}

/**
 * Derived facts computed with a parameter (the training minimum per county, …): a rule set whose
 * rules read such a fact must define these parameters.
 */
export const FACT_PARAMETERS: Record<string, string[]> = {
  'counties.shortTraining': ['minCountyTrainings', 'minCountyTrainees'],
  'counties.shortTrainingCount': ['minCountyTrainings', 'minCountyTrainees'],
  'counties.withoutStation': ['minCountyStations'],
  'counties.withoutStationCount': ['minCountyStations'],
  'province.countiesWithoutStation': ['minCountyStations'],
};

import { Evaluator } from '../evaluation/evaluator';
import { ScorecardSource } from '../reports/report-view.types';
import { loadRuleSetFile } from '../rule-sets/rule-set-loader';
import { Stage } from '../rule-sets/rule-set.types';
import { Project } from '../projects/project.types';

const REGIONS = ['武汉', '黄石', '十堰', '襄阳', '宜昌', '荆州', '荆门', '鄂州', '孝感', '黄冈', '咸宁', '随州', '恩施', '仙桃', '天门', '潜江', '神农架'];
const PRODUCTS = ['激光器', '汽车零部件', '绿松石', '水生蔬菜', '纺织品', '新型墙体材料', '香稻', '智能机电', '小龙虾', '涂附磨具'];
const CATEGORIES = ['new', 'new', 'new', 'continued', 'pairing', 'self_funded'];

/**
 * Deterministic sample projects for the PDF benchmark and tests: a realistic mix of categories,
 * regions over quota, missing fields and late submissions, so scorecards show passes and failures.
 */
export function sampleProjects(count: number, year = 2022): Project[] {
  return Array.from({ length: count }, (_, i) => {
    const region = REGIONS[i % REGIONS.length];
    const category = CATEGORIES[i % CATEGORIES.length];
    const product = PRODUCTS[i % PRODUCTS.length];
    const provincial = category === 'self_funded' ? 0 : category === 'pairing' ? 100000 : category === 'continued' ? 200000 : 200000 + (i % 8) * 10000;
    return {
      id: `bench-${year}-${String(i + 1).padStart(3, '0')}`,
      year,
      name: `${region}${product}产业集群质量提升（第${i + 1}号）`,
      region,
      county: `${region}示范县`,
      category,
      predecessor: category === 'continued' ? '武汉经开区汽车零部件行业质量提升' : category === 'self_funded' ? '随州香稻产业集群质量提升' : null,
      leadingProduct: product,
      industry: i % 5 === 4 ? 'agriculture' : 'manufacturing',
      contact: { name: '张三', phone: '027-88701901' },
      cluster: {
        enterprises: 100 + i, aboveScaleEnterprises: 30 + (i % 20), employees: 20000 + i * 10,
        profitTax2021: 120000000, output2021: 8500000000, production2021: `${product}12万台`, nationalPosition: '全国前三',
      },
      mainProblems: '产品一致性不足，质量管理体系薄弱',
      serviceNeeds: i % 7 === 3 ? '' : '计量校准、检验检测、标准制定',
      supportingPolicies: '市级配套资金与技术改造补贴',
      regionOpinion: '同意推荐',
      funding: { provincial, localMatching: i % 9 === 2 ? provincial / 2 : provincial, sourceSecured: i % 11 !== 5 },
      submitted: { recommendation: i % 13 === 6 ? '2022-03-28' : '2022-03-20', summary: i % 6 === 1 ? '2022-12-20' : '2022-12-10' },
      deliverables: i % 4 === 0 ? ['plan', 'team', 'diagnosis'] : ['plan', 'team', 'diagnosis', 'solutions', 'report'],
      progress: { trainings: 3, trainees: 180, enterprisesServed: 40, problemsSolved: 25, publicityItems: i % 5 === 2 ? 0 : 6 },
    };
  });
}

/** Sample projects evaluated against the shipped 2022 rule set, ready to print. */
export async function sampleSources(count: number, stage: Stage = 'acceptance'): Promise<ScorecardSource[]> {
  const loaded = loadRuleSetFile('hubei-2022');
  const projects = sampleProjects(count);
  const report = await new Evaluator(loaded).evaluateProjectList(projects, stage);
  return report.evaluations.map((evaluation, i) => ({
    evaluationId: `sample-${i + 1}`,
    evaluatedAt: '2022-12-20',
    ruleSet: report.ruleSet,
    stage: report.stage,
    evaluation,
    document: loaded.document,
    project: projects[i],
  }));
}

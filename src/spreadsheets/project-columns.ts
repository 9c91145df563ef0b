import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { ColumnSpec } from './column-spec';

export const PROJECT_SHEET = '示范项目';

const WAN_NOTE = '单位：万元，最多4位小数（精确到元），如 25 或 25.5';
const DATE_NOTE = '日期，如 2022-03-25、2022/3/25 或 2022年3月25日';

/**
 * The project sheet: Annex 2 (推荐表) fields in the form's order, then what the bureau tracks
 * later (funding, dates, progress, 五个一). Regions, categories, industries and the 五个一 items
 * come from the rule set, so next year's rule set yields next year's template.
 */
export function projectColumns(index: RuleSetIndex): ColumnSpec[] {
  const c = (key: string, header: string, kind: ColumnSpec['kind'], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
    key, header, kind, aliases: [], ...extra,
  });
  const columns: ColumnSpec[] = [
    c('id', '项目编号', 'id', { aliases: ['编号', '项目ID'], width: 16, note: '新项目可留空，系统自动编号；更新已有项目时填写其编号，或保持年度、市州、项目名称不变' }),
    c('year', '年度', 'year', { aliases: ['年份', '项目年度'], width: 8, note: '留空则为规则集年度' }),
    c('region', '市州', 'region', { aliases: ['所属市州', '推荐市州', '地区'], required: true, width: 10 }),
    c('county', '县市区', 'text', { aliases: ['所在县市区', '县（市、区）', '区县'], width: 14 }),
    c('name', '项目名称', 'text', { required: true, width: 36 }),
    c('category', '项目类别', 'category', { aliases: ['类别'], notBlank: true, width: 22 }),
    c('predecessor', '延续的2021年度项目名称', 'text', { aliases: ['原项目名称', '2021年度项目名称'], width: 30, note: '延续实施或自筹经费继续实施的项目填写，名称与附件1一致' }),
    c('leadingProduct', '主导产品', 'text', { width: 16 }),
    c('industry', '所属行业', 'industry', { aliases: ['行业'], width: 10 }),
    c('contact.name', '联系人', 'text', { width: 10 }),
    c('contact.phone', '联系电话', 'text', { aliases: ['电话'], width: 16 }),
    c('cluster.enterprises', '企业数量', 'integer', { aliases: ['企业数'], width: 10 }),
    c('cluster.aboveScaleEnterprises', '规上企业数', 'integer', { aliases: ['规模以上企业数'], width: 10 }),
    c('cluster.employees', '从业人数', 'integer', { width: 10 }),
    c('cluster.profitTax2021', '2021年利税（万元）', 'wan', { aliases: ['2021年利税'], width: 14, note: WAN_NOTE }),
    c('cluster.output2021', '2021年产值（万元）', 'wan', { aliases: ['2021年产值'], width: 14, note: WAN_NOTE }),
    c('cluster.production2021', '2021年产量', 'text', { width: 16 }),
    c('cluster.nationalPosition', '全国行业地位', 'text', { aliases: ['行业地位'], width: 16 }),
    c('mainProblems', '主要问题', 'text', { width: 30 }),
    c('serviceNeeds', '质量技术服务需求', 'text', { aliases: ['服务需求'], width: 30 }),
    c('supportingPolicies', '配套政策', 'text', { width: 30 }),
    c('regionOpinion', '市州局推荐意见', 'text', { aliases: ['推荐意见'], width: 20 }),
    c('submitted.recommendation', '推荐表报送日期', 'date', { aliases: ['推荐日期', '报送日期'], width: 14, note: DATE_NOTE }),
    c('funding.provincial', '申请省级资金（万元）', 'wan', { aliases: ['省级资金'], width: 14, note: WAN_NOTE }),
    c('funding.localMatching', '地方配套资金（万元）', 'wan', { aliases: ['配套资金', '等额配套资金', '地方配套'], width: 14, note: WAN_NOTE }),
    c('funding.sourceSecured', '配套经费来源已落实', 'boolean', { aliases: ['经费来源已落实', '经费已落实'], width: 12, note: '是 / 否' }),
    c('submitted.summary', '工作总结报送日期', 'date', { aliases: ['总结报送日期'], width: 14, note: DATE_NOTE }),
    c('progress.trainings', '培训次数', 'integer', { width: 10 }),
    c('progress.trainees', '培训人数', 'integer', { width: 10 }),
    c('progress.enterprisesServed', '服务企业数', 'integer', { width: 10 }),
    c('progress.problemsSolved', '解决问题数', 'integer', { width: 10 }),
    c('progress.publicityItems', '宣传报道数', 'integer', { aliases: ['宣传次数', '宣传报道'], width: 10 }),
    ...index.doc.tables.fiveOnes.map((f) =>
      c('deliverables', `五个一：${f.label}`, 'deliverable', { aliases: [f.label, f.id], itemId: f.id, width: 14, note: '已完成填“是”' }),
    ),
  ];
  // The rule set's own Annex 2 labels are accepted too, so a form laid out from them reads back.
  for (const field of index.doc.tables.annex2Fields ?? []) {
    const col = columns.find((x) => x.key === field.path);
    if (col && field.label !== col.header) col.aliases.push(field.label);
  }
  return columns;
}

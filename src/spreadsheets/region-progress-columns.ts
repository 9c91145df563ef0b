import { ColumnSpec } from './column-spec';

export const PROGRESS_SHEET = '市州进度';
export const COUNTY_SHEET = '县市区';

const DATE_NOTE = '日期，如 2022-03-25、2022/3/25 或 2022年3月25日';

const c = (key: string, header: string, kind: ColumnSpec['kind'], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  key, header, kind, aliases: [], ...extra,
});

/** One row per region: the Annex 3 achievements and the dates of the plan and the summary. */
export const PROGRESS_COLUMNS: ColumnSpec[] = [
  c('year', '年度', 'year', { aliases: ['年份'], width: 8, note: '留空则为规则集年度' }),
  c('region', '市州', 'region', { required: true, width: 10 }),
  c('target.wan', '目标：万', 'ignored', { width: 9, note: '附件3任务目标，仅供对照，导入时忽略' }),
  c('target.qian', '目标：千', 'ignored', { width: 9, note: '附件3任务目标，仅供对照，导入时忽略' }),
  c('target.bai', '目标：百', 'ignored', { width: 9, note: '附件3任务目标，仅供对照，导入时忽略' }),
  c('achieved.wan', '万：开展质量提升的中小企业（家）', 'integer', { aliases: ['万', '完成万', '中小企业数'], width: 18 }),
  c('achieved.qian', '千：导入先进质量管理的规上企业（家）', 'integer', { aliases: ['千', '完成千', '规上企业数'], width: 18 }),
  c('achieved.bai', '百：质量提升标杆企业（家）', 'integer', { aliases: ['百', '完成百', '标杆企业数'], width: 16 }),
  c('submitted.plan', '实施方案报送日期', 'date', { aliases: ['方案报送日期', '实施方案报送'], width: 14, note: DATE_NOTE }),
  c('submitted.summary', '工作总结报送日期', 'date', { aliases: ['总结报送日期', '工作总结报送'], width: 14, note: DATE_NOTE }),
];

/** One row per county: trainings (二(一)) and one-stop stations (二(五)). */
export const COUNTY_COLUMNS: ColumnSpec[] = [
  c('year', '年度', 'year', { aliases: ['年份'], width: 8, note: '留空则为规则集年度' }),
  c('region', '市州', 'region', { required: true, width: 10 }),
  c('name', '县市区', 'text', { aliases: ['县（市、区）', '县市区名称', '区县'], required: true, width: 16 }),
  c('trainings', '培训次数', 'integer', { aliases: ['质量公益培训次数'], width: 10, note: '每个县市区不少于1次' }),
  c('trainees', '培训人数', 'integer', { width: 10, note: '每个县市区不少于50人' }),
  c('stations', '一站式服务站数', 'integer', { aliases: ['服务站数', '一站式服务站'], width: 14, note: '每个县市区至少1个' }),
];

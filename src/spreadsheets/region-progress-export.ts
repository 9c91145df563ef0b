import { EvaluationReport } from '../evaluation/evaluation.types';
import { RegionProgress } from '../regions/region-progress.types';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { ExportColumn, ExportTable, ExportValue, OUTCOME_TEXT } from './export-table';

const KEYS = [['wan', '万'], ['qian', '千'], ['bai', '百']] as const;

/**
 * Region progress against the Annex 3 targets: every region of the rule set has a row (未报送 when
 * it sent nothing), with achieved, target and rate for 万/千/百, the county coverage, the dates,
 * the outcome of each region rule, and a province total row.
 */
export function regionProgressTable(records: RegionProgress[], report: EvaluationReport, index: RuleSetIndex, year: number): ExportTable {
  const rules = index.doc.rules.filter((r) => r.subject === 'region');
  const byRegion = new Map(records.map((r) => [r.region, r]));
  const evalByRegion = new Map(report.evaluations.filter((e) => e.subject.kind === 'region').map((e) => [e.subject.id, e]));
  const columns: ExportColumn[] = [
    { header: '年度', kind: 'text', width: 7 },
    { header: '市州', kind: 'text', width: 8 },
    { header: '类别', kind: 'text', width: 8 },
    ...KEYS.flatMap(([, label]): ExportColumn[] => [
      { header: `${label}：目标`, kind: 'integer', width: 9 },
      { header: `${label}：完成`, kind: 'integer', width: 9 },
      { header: `${label}：完成率`, kind: 'percent', width: 9 },
    ]),
    { header: '县市区数', kind: 'integer', width: 9 },
    { header: '培训次数', kind: 'integer', width: 9 },
    { header: '培训人数', kind: 'integer', width: 9 },
    { header: '一站式服务站数', kind: 'integer', width: 11 },
    { header: '实施方案报送日期', kind: 'date', width: 12 },
    { header: '工作总结报送日期', kind: 'date', width: 12 },
    { header: '是否合规', kind: 'outcome', width: 9 },
    ...rules.map((r): ExportColumn => ({ header: r.title, kind: 'outcome', width: 12, note: `${r.id}｜条款 ${r.clause}` })),
    { header: '未通过事项', kind: 'text', width: 60 },
  ];
  const sum = (list: RegionProgress['counties'], key: 'trainings' | 'trainees' | 'stations') =>
    (list ?? []).reduce((s, c) => s + (c[key] ?? 0), 0);
  const rate = (done: number | null | undefined, target: number) => (done === null || done === undefined || target === 0 ? null : done / target);

  const rows: ExportValue[][] = index.doc.tables.regions.map((region) => {
    const record = byRegion.get(region.name);
    const evaluation = evalByRegion.get(region.name);
    const outcomes = new Map(evaluation?.results.map((r) => [r.ruleId, r]) ?? []);
    const counties = record?.counties;
    return [
      String(year), region.name, index.regionClass(region.class)?.label ?? region.class,
      ...KEYS.flatMap(([k]) => [region.targets[k], record?.achieved?.[k] ?? null, rate(record?.achieved?.[k], region.targets[k])]),
      counties ? counties.length : null,
      counties ? sum(counties, 'trainings') : null, counties ? sum(counties, 'trainees') : null, counties ? sum(counties, 'stations') : null,
      record?.submitted?.plan ?? null, record?.submitted?.summary ?? null,
      evaluation ? (evaluation.compliant ? '通过' : '不通过') : '未报送',
      ...rules.map((r) => (outcomes.get(r.id) ? OUTCOME_TEXT[outcomes.get(r.id)!.outcome] : null)),
      evaluation?.results.filter((r) => r.outcome === 'fail').map((r) => `${r.title}：${r.message}`).join('；') || null,
    ];
  });

  const total = (col: number) => rows.reduce((s, r) => s + ((r[col] as number | null) ?? 0), 0);
  const totals: ExportValue[] = columns.map(() => null);
  totals[1] = '全省合计';
  KEYS.forEach((_, i) => {
    const base = 3 + i * 3;
    totals[base] = total(base);
    totals[base + 1] = total(base + 1);
    totals[base + 2] = totals[base] ? (totals[base + 1] as number) / (totals[base] as number) : null;
  });
  for (let c = 12; c <= 15; c++) totals[c] = total(c);
  const province = report.evaluations.find((e) => e.subject.kind === 'province');
  if (province) {
    totals[columns.length - 1] = province.results.filter((r) => r.outcome === 'fail').map((r) => `${r.title}：${r.message}`).join('；') || null;
    totals[18] = province.compliant ? '通过' : '不通过';
  }
  return { sheet: '市州进度', columns, rows, footer: [totals] };
}

/** One row per county of every region that reported, for checking coverage county by county. */
export function countyTable(records: RegionProgress[]): ExportTable {
  return {
    sheet: '县市区明细',
    columns: [
      { header: '市州', kind: 'text', width: 8 },
      { header: '县市区', kind: 'text', width: 16 },
      { header: '培训次数', kind: 'integer', width: 9 },
      { header: '培训人数', kind: 'integer', width: 9 },
      { header: '一站式服务站数', kind: 'integer', width: 11 },
    ],
    rows: records.flatMap((r) => (r.counties ?? []).map((c) => [r.region, c.name, c.trainings ?? null, c.trainees ?? null, c.stations ?? null])),
  };
}

import { formatChineseDate } from '../common/dates';
import { RuleOutcome } from '../evaluation/evaluation.types';
import { CountyRowView, RegionScorecardView, ScorecardSource, TargetRowView } from './report-view.types';
import { formatFactValue, NOT_FILLED, noticeOf, OUTCOME_LABELS, traceOf } from './report-format';
import { conclusionOf, otherSubjectsNote, partitionBySubject, ruleRow } from './rule-rows';

const TARGETS: { key: 'wan' | 'qian' | 'bai'; label: string }[] = [
  { key: 'wan', label: '万：开展质量提升行动的中小企业（家）' },
  { key: 'qian', label: '千：导入先进质量管理模式的规上企业（家）' },
  { key: 'bai', label: '百：培育的质量提升标杆企业（家）' },
];

function num(value: unknown): string {
  return typeof value === 'number' ? String(value) : NOT_FILLED;
}

function outcomeOf(results: RuleOutcome[], ruleId: string): { outcome: string; outcomeLabel: string } {
  const r = results.find((x) => x.ruleId === ruleId);
  if (!r) return { outcome: 'not_applicable', outcomeLabel: '—' };
  return { outcome: r.outcome, outcomeLabel: OUTCOME_LABELS[r.outcome] };
}

function param(src: ScorecardSource, name: string): unknown {
  return src.document?.parameters.find((p) => p.name === name)?.value;
}

/** Builds the region scorecard (市州任务完成情况) against Annex 3. Pure: no I/O, no clock. */
export function buildRegionScorecard(src: ScorecardSource): RegionScorecardView {
  const ev = src.evaluation;
  const f = ev.facts;
  const name = String(f['region.name'] ?? ev.subject.name);
  const targets: TargetRowView[] = TARGETS.map(({ key, label }) => {
    const target = f[`target.${key}`];
    const achieved = f[`achieved.${key}`];
    const rate =
      typeof target === 'number' && target > 0 && typeof achieved === 'number'
        ? `${Math.round((achieved * 1000) / target) / 10}%`
        : '—';
    return { label, target: num(target), achieved: num(achieved), rate, ...outcomeOf(ev.results, `targets.${key}`) };
  });
  const minTrainings = Number(param(src, 'minCountyTrainings') ?? 1);
  const minTrainees = Number(param(src, 'minCountyTrainees') ?? 50);
  const minStations = Number(param(src, 'minCountyStations') ?? 1);
  const counties: CountyRowView[] = (src.region?.counties ?? []).map((c) => ({
    name: c.name,
    trainings: num(c.trainings),
    trainees: num(c.trainees),
    stations: num(c.stations),
    trainingOk: (c.trainings ?? 0) >= minTrainings && (c.trainees ?? 0) >= minTrainees,
    stationOk: (c.stations ?? 0) >= minStations,
  }));
  // Without the progress record the facts still name the counties that fall short.
  const countiesNote = src.region
    ? `每个县市区培训不少于 ${minTrainings} 次、培训人数不少于 ${minTrainees} 人，建成“一站式”服务站不少于 ${minStations} 个`
    : `培训未达标：${formatFactValue('counties.shortTraining', f['counties.shortTraining'])}；未建成服务站：${formatFactValue('counties.withoutStation', f['counties.withoutStation'])}`;
  const deadlines = [
    { label: '“万千百十一”质量提升工作实施方案', due: param(src, 'planDeadline'), submitted: f['submitted.plan'], ruleId: 'deadline.plan' },
    { label: '“万千百十一”质量提升工作总结', due: param(src, 'summaryDeadline'), submitted: f['submitted.summary'], ruleId: 'deadline.region-summary' },
  ].map((d) => ({
    label: d.label,
    due: typeof d.due === 'string' ? formatChineseDate(d.due) : '—',
    submitted: typeof d.submitted === 'string' ? formatChineseDate(d.submitted) : '未报送',
    ...outcomeOf(ev.results, d.ruleId),
  }));
  const { own, others } = partitionBySubject(ev.results, 'region', src.document);
  return {
    reportTitle: '“万千百十一”质量提升活动市州任务完成情况评估报告',
    bookmark: `${name} 任务完成情况`,
    notice: noticeOf(src.document, src.ruleSet),
    region: {
      name,
      year: ev.subject.year,
      classLabel: String(f['region.classLabel'] ?? '—'),
      countyCount: num(f['counties.count']),
      stations: num(f['counties.stations']),
    },
    targets,
    counties,
    countiesNote,
    deadlines,
    rules: own.map((r, i) => ruleRow(r, i + 1, f)),
    otherSubjects: otherSubjectsNote(others),
    conclusion: conclusionOf(own, ev.compliant, '各项任务均已完成', '任务未全部完成'),
    trace: traceOf(src.ruleSet, src.evaluationId, src.evaluatedAt),
  };
}

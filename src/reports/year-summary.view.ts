import { formatChineseDate } from '../common/dates';
import { formatWan } from '../common/money';
import { RuleSetDocument } from '../rule-sets/rule-set.types';
import { ScorecardSource, SummaryRowView, SummaryTotalView, YearSummaryView } from './report-view.types';
import { formatScore, noticeOf, STAGE_LABELS } from './report-format';

function amount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function regionOrder(document: RuleSetDocument | null | undefined): (name: string) => number {
  const names = document?.tables.regions.map((r) => r.name) ?? [];
  return (name) => {
    const i = names.indexOf(name);
    return i === -1 ? names.length : i;
  };
}

/**
 * Builds the year summary (年度汇总表): one row per project evaluation, totals by region in the
 * order of Annex 3, then the grand total. `today` is passed in so the builder stays pure.
 */
export function buildYearSummary(
  sources: ScorecardSource[],
  opts: { year: number; region?: string | null; today: string; document?: RuleSetDocument | null },
): YearSummaryView {
  const document = opts.document ?? sources.find((s) => s.document)?.document ?? null;
  const order = regionOrder(document);
  const sorted = [...sources].sort((a, b) => {
    const ra = String(a.evaluation.facts['region.name'] ?? a.evaluation.subject.region ?? '');
    const rb = String(b.evaluation.facts['region.name'] ?? b.evaluation.subject.region ?? '');
    return order(ra) - order(rb) || ra.localeCompare(rb, 'zh') || a.evaluation.subject.name.localeCompare(b.evaluation.subject.name, 'zh');
  });
  const totals = new Map<string, { projects: number; compliant: number; provincial: number; localMatching: number }>();
  const grand = { projects: 0, compliant: 0, provincial: 0, localMatching: 0 };
  const rows: SummaryRowView[] = sorted.map((s, i) => {
    const ev = s.evaluation;
    const region = String(ev.facts['region.name'] ?? ev.subject.region ?? '—');
    const provincial = amount(ev.facts['funding.provincial'] ?? s.project?.funding?.provincial);
    const localMatching = amount(ev.facts['funding.localMatching'] ?? s.project?.funding?.localMatching);
    const t = totals.get(region) ?? { projects: 0, compliant: 0, provincial: 0, localMatching: 0 };
    for (const acc of [t, grand]) {
      acc.projects += 1;
      acc.compliant += ev.compliant ? 1 : 0;
      acc.provincial += provincial;
      acc.localMatching += localMatching;
    }
    totals.set(region, t);
    return {
      no: i + 1,
      name: ev.subject.name.trim() || '（未命名项目）',
      region,
      categoryLabel: String(ev.facts['project.categoryLabel'] ?? '—'),
      stageLabel: STAGE_LABELS[s.stage],
      outcomeLabel: ev.compliant ? '符合' : '不符合',
      compliant: ev.compliant,
      score: formatScore(ev.score),
      grade: ev.grade ?? '—',
      provincial: formatWan(provincial),
      localMatching: formatWan(localMatching),
      evaluationId: s.evaluationId,
    };
  });
  const view = (region: string, t: typeof grand): SummaryTotalView => ({
    region,
    projects: t.projects,
    compliant: t.compliant,
    provincial: formatWan(t.provincial),
    localMatching: formatWan(t.localMatching),
  });
  const ruleSets = [...new Set(sources.map((s) => `${s.ruleSet.id} ${s.ruleSet.version === null || s.ruleSet.version === undefined ? '(本地文件)' : `v${s.ruleSet.version}`}（${s.ruleSet.hash}）`))];
  const ref = sources[0]?.ruleSet ?? { id: document?.id ?? '—', version: 0, hash: '' };
  return {
    reportTitle: `${opts.year}年度省级质量提升示范项目评估汇总表`,
    bookmark: `${opts.year}年度汇总${opts.region ? `（${opts.region}）` : ''}`,
    notice: noticeOf(document, ref),
    year: opts.year,
    region: opts.region ?? null,
    rows,
    byRegion: [...totals.entries()].map(([region, t]) => view(region, t)),
    total: view('合计', grand),
    ruleSets: ruleSets.join('；') || '—',
    generatedOn: formatChineseDate(opts.today),
  };
}

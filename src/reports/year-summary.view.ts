import { formatChineseDate } from '../common/dates';
import { formatWan } from '../common/money';
import { RuleSetDocument } from '../rule-sets/rule-set.types';
import { SUBJECT_LABELS } from '../subjects/subject-identity';
import { FactWording } from './fact-wording';
import { ScorecardSource, SummaryRowView, SummaryTotalView, YearSummaryView } from './report-view.types';
import { formatScore, noticeOf, STAGE_LABELS } from './report-format';

/** Columns of the detail table besides the amounts: 序号 名称 市州 类别 阶段 结论 得分 等次. */
const FIXED_COLUMNS = 8;

function amount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

interface Totals {
  projects: number;
  compliant: number;
  amounts: number[];
}

/**
 * Builds the year summary (年度汇总表): one row per project evaluation, totals by region in the
 * order of the rule set's regions table, then the grand total. The amount columns are the rule
 * set's (reports.summary.amounts). `today` is passed in so the builder stays pure.
 */
export function buildYearSummary(
  sources: ScorecardSource[],
  opts: { year: number; region?: string | null; today: string; document?: RuleSetDocument | null },
): YearSummaryView {
  const document = opts.document ?? sources.find((s) => s.document)?.document ?? null;
  const wording = FactWording.of(document);
  const index = wording.index;
  const amounts = document?.reports.summary.amounts ?? [];
  const names = index?.regionNames() ?? [];
  const order = (name: string) => {
    const i = names.indexOf(name);
    return i === -1 ? names.length : i;
  };
  // The region's short name as the regions table spells it (stored records may use the full name).
  const regionOf = (s: ScorecardSource) => {
    const stored = s.evaluation.subject.region ?? '';
    return (index?.region(stored)?.name ?? stored) || '—';
  };
  const sorted = [...sources].sort((a, b) => {
    const ra = regionOf(a);
    const rb = regionOf(b);
    return order(ra) - order(rb) || ra.localeCompare(rb, 'zh') || a.evaluation.subject.name.localeCompare(b.evaluation.subject.name, 'zh');
  });
  const empty = (): Totals => ({ projects: 0, compliant: 0, amounts: amounts.map(() => 0) });
  const totals = new Map<string, Totals>();
  const grand = empty();
  const rows: SummaryRowView[] = sorted.map((s, i) => {
    const ev = s.evaluation;
    const region = regionOf(s);
    // Each source is read with its own version's catalogue: a year may mix versions.
    const own = FactWording.of(s.document ?? document);
    const values = amounts.map((a) => amount(own.value('project', a.fact, ev.facts, s.project)));
    const t = totals.get(region) ?? empty();
    for (const acc of [t, grand]) {
      acc.projects += 1;
      acc.compliant += ev.compliant ? 1 : 0;
      values.forEach((v, j) => (acc.amounts[j] += v));
    }
    totals.set(region, t);
    const category = own.value('project', 'project.category', ev.facts, s.project);
    return {
      no: i + 1,
      name: ev.subject.name.trim() || '（未命名项目）',
      region,
      categoryLabel: typeof category === 'string' && category ? (own.index?.categoryLabel(category) ?? category) : '—',
      stageLabel: STAGE_LABELS[s.stage],
      outcomeLabel: ev.compliant ? '符合' : '不符合',
      compliant: ev.compliant,
      score: formatScore(ev.score),
      grade: ev.grade ?? '—',
      amounts: values.map(formatWan),
      evaluationId: s.evaluationId,
    };
  });
  const view = (region: string, t: Totals): SummaryTotalView => ({
    region,
    projects: t.projects,
    compliant: t.compliant,
    amounts: t.amounts.map(formatWan),
  });
  const computed = sources.filter((s) => s.stored === false).length;
  const stored = sources.filter((s) => s.stored === true).length;
  if (computed > 0 && stored > 0) rows.forEach((r, i) => (r.computed = sorted[i].stored === false));
  const ruleSets = [...new Set(sources.map((s) => `${s.ruleSet.id} ${s.ruleSet.version === null || s.ruleSet.version === undefined ? '(本地文件)' : `v${s.ruleSet.version}`}（${s.ruleSet.hash}）`))];
  const ref = sources[0]?.ruleSet ?? { id: document?.id ?? '—', version: 0, hash: '' };
  return {
    reportTitle: document ? document.reports.summary.title.replace(/\{\{\s*year\s*\}\}/g, String(opts.year)) : `${opts.year}年度${SUBJECT_LABELS.project}评估汇总表`,
    bookmark: `${opts.year}年度汇总${opts.region ? `（${opts.region}）` : ''}`,
    notice: noticeOf(document, ref),
    year: opts.year,
    heading: `${opts.year}年度${SUBJECT_LABELS.project}评估汇总${opts.region ? `（${opts.region}）` : ''}`,
    region: opts.region ?? null,
    amountLabels: amounts.map((a) => a.label),
    columnCount: FIXED_COLUMNS + amounts.length,
    rows,
    byRegion: [...totals.entries()].map(([region, t]) => view(region, t)),
    total: view('合计', grand),
    ruleSets: ruleSets.join('；') || '—',
    basis: summaryBasis(stored, computed),
    generatedOn: formatChineseDate(opts.today),
  };
}

/** Whether the summary prints stored evaluations or ones made for it (marked * when both). */
function summaryBasis(stored: number, computed: number): string | null {
  if (computed === 0) return stored === 0 ? null : `依据存储的评估记录（各项目最新一次评估，共 ${stored} 项）`;
  if (stored === 0) return `打印时即时评估，未存储（共 ${computed} 项）`;
  return `依据存储的评估记录 ${stored} 项；标 * 的 ${computed} 项打印时即时评估，未存储`;
}

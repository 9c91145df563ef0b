import { RuleOutcome } from '../evaluation/evaluation.types';
import { Facts } from '../evaluation/fact-catalogue';
import { ReportLayouts, RuleSetDocument } from '../rule-sets/rule-set.types';
import { valueAt } from '../subjects/field-values';
import { SUBJECT_LABELS } from '../subjects/subject-identity';
import { FactWording } from './fact-wording';
import { informationRows } from './information-table';
import {
  DeadlineRowView, MeasureRowView, OutcomeCellView, RegionScorecardView, ScorecardSource, SubjectRowView, VerificationView,
} from './report-view.types';
import { noticeOf, OUTCOME_LABELS, ratioText, sectionNumbers, traceOf } from './report-format';
import { RowChecks } from './row-checks';
import { conclusionOf, otherSubjectsNote, partitionBySubject, ruleRow } from './rule-rows';

type RegionLayout = ReportLayouts['region'];

function outcomeOf(results: RuleOutcome[], ruleId: string | undefined): OutcomeCellView {
  const r = ruleId ? results.find((x) => x.ruleId === ruleId) : undefined;
  if (!r) return { outcome: 'not_applicable', outcomeLabel: '—' };
  return { outcome: r.outcome, outcomeLabel: OUTCOME_LABELS[r.outcome] };
}

/** The rows as evaluated when the evaluation kept them, else as the record holds them today. */
function rowsAtHand(field: string, facts: Facts, record: Record<string, unknown> | null | undefined): unknown[] | null {
  const evaluated = facts[field];
  if (Array.isArray(evaluated)) return evaluated;
  const current = record ? valueAt(record, field) : undefined;
  return Array.isArray(current) ? current : record ? [] : null;
}

function rowsSection(
  layout: NonNullable<RegionLayout['rows']>,
  doc: RuleSetDocument | null | undefined,
  facts: Facts,
  record: Record<string, unknown> | null | undefined,
  wording: FactWording,
): { note: string; columns: string[]; checkLabels: string[]; rows: SubjectRowView[] } {
  const checks = doc ? RowChecks.of(doc) : null;
  const rows = checks ? rowsAtHand(layout.field, facts, record) : null;
  // Without the rows (no record, no stored rows) the facts still name the rows that fall short.
  if (!checks || rows === null) {
    const note = layout.noteWithoutRows ?? layout.note ?? '';
    return { note: wording.text('region', note, facts, record), columns: [], checkLabels: [], rows: [] };
  }
  const fields = checks.field.fields ?? [];
  return {
    note: wording.text('region', layout.note ?? '', facts, record),
    columns: fields.map((f) => f.label),
    checkLabels: checks.checks.map((c) => c.label),
    rows: rows.map((row) => ({
      cells: fields.map((f) => {
        const numeric = f.type === 'integer' || f.type === 'number' || f.type === 'amount';
        return { value: wording.wordField(f, valueAt(row, f.key) ?? null), numeric };
      }),
      checks: checks.run(row).map((ok, i) => ({
        text: ok === null ? '—' : ok ? checks.checks[i].pass : checks.checks[i].fail,
        ok: ok !== false,
      })),
    })),
  };
}

/** Builds the region scorecard (市州进度评估报告) as the rule set lays it out. Pure: no I/O, no clock. */
export function buildRegionScorecard(src: ScorecardSource, verification: VerificationView | null = null): RegionScorecardView {
  const ev = src.evaluation;
  const f = ev.facts;
  const record = src.region ?? null;
  const wording = FactWording.of(src.document);
  const layout: Partial<RegionLayout> = src.document?.reports.region ?? {};
  const value = (name: string) => wording.value('region', name, f, record);
  const heading = sectionNumbers();
  const name = String(f['region.name'] ?? ev.subject.name);

  const information = layout.information?.length
    ? { heading: heading('基本情况'), rows: informationRows(layout.information, 'region', f, record, wording) }
    : null;
  const measures = layout.measures
    ? {
        heading: heading(layout.measures.title),
        rows: layout.measures.rows.map((m): MeasureRowView => ({
          label: m.label,
          target: wording.word('region', m.target, value(m.target)),
          achieved: wording.word('region', m.achieved, value(m.achieved)),
          rate: ratioText(value(m.achieved), value(m.target)),
          ...outcomeOf(ev.results, m.rule),
        })),
      }
    : null;
  const rows = layout.rows ? { heading: heading(layout.rows.title), ...rowsSection(layout.rows, src.document, f, record, wording) } : null;
  const deadlines = layout.deadlines
    ? {
        heading: heading(layout.deadlines.title),
        rows: layout.deadlines.rows.map((d): DeadlineRowView => {
          const due = value(d.due);
          const submitted = value(d.submitted);
          return {
            label: d.label,
            due: due === null ? '—' : wording.word('region', d.due, due),
            submitted: submitted === null || submitted === '' ? '未报送' : wording.word('region', d.submitted, submitted),
            ...outcomeOf(ev.results, d.rule),
          };
        }),
      }
    : null;
  const { own, others } = partitionBySubject(ev.results, 'region', src.document);
  return {
    reportTitle: layout.title ?? `${SUBJECT_LABELS.region}评估报告`,
    bookmark: `${name} 任务完成情况`,
    notice: noticeOf(src.document, src.ruleSet),
    region: { name, year: ev.subject.year },
    headline: layout.headline ? wording.text('region', layout.headline, f, record) : `年度：${ev.subject.year}`,
    information,
    measures,
    rows,
    deadlines,
    rulesHeading: heading('规则核查明细'),
    rules: own.map((r, i) => ruleRow(r, i + 1, f, wording, 'region')),
    otherSubjects: otherSubjectsNote(others),
    conclusion: conclusionOf(own, ev.compliant, '各项任务均已完成', '任务未全部完成'),
    trace: traceOf(src.ruleSet, src.evaluationId, src.evaluatedAt, src.stored, verification),
  };
}

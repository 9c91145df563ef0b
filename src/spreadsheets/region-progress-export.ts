import { EvaluationReport } from '../evaluation/evaluation.types';
import { Evaluator } from '../evaluation/evaluator';
import { RegionProgress } from '../regions/region-progress.types';
import { FieldDefinition } from '../rule-sets/rule-set.types';
import { valueAt } from '../subjects/field-values';
import { ExportColumn, ExportTable, ExportValue, OUTCOME_TEXT } from './export-table';
import { totalsRow } from './export-totals';
import { exportKindOf, exportValue, factHeader } from './fact-cells';
import { regionFacts } from './measure-columns';
import { orderedFields } from './sheet-layout';

/** One column of the progress table and how a region's value for it is found. */
interface ProgressColumn {
  column: ExportColumn;
  value: (ctx: { record?: RegionProgress; facts: Record<string, unknown>; region: Record<string, unknown> }) => ExportValue;
  /** A rate's numerator and denominator columns, recomputed on the total line. */
  rate?: [number, number];
  /** Summed on the total line (counts and amounts; not a region's own settings). */
  summed?: boolean;
}

const isNumberField = (f: FieldDefinition) => f.type === 'integer' || f.type === 'amount' || f.type === 'number';

/**
 * Region progress against the rule set's measures: every region (of the scope) has a row (未报送
 * when it sent nothing) with its descriptors from the regions table, target, achieved and rate of
 * each measure, the other declared fields, each list summarised as its count and sums, the
 * outcome of each region rule — and, for the whole province, a total line with the province's
 * outcome. A region user (`scope`) gets their row only: a 全省 total of one region would mislead.
 */
export function regionProgressTable(
  records: RegionProgress[],
  report: EvaluationReport,
  evaluator: Evaluator,
  year: number,
  scope: string | null = null,
): ExportTable {
  const index = evaluator.index;
  const rules = index.doc.rules.filter((r) => r.subject === 'region');
  const byRegion = new Map(records.map((r) => [r.region, r]));
  const evalByRegion = new Map(report.evaluations.filter((e) => e.subject.kind === 'region').map((e) => [e.subject.id, e]));
  const fact = (name: string) => index.facts.get('region', name);
  const measures = index.doc.reports.region.measures?.rows ?? [];
  const measured = new Set(measures.map((m) => m.achieved));

  const spec: ProgressColumn[] = [
    { column: { header: '年度', kind: 'text', width: 7 }, value: () => String(year) },
    { column: { header: '市州', kind: 'text', width: 8 }, value: (c) => String(c.region.name) },
    // Columns of the regions table that name a row of another table (a region's class).
    ...(index.table('regions')?.columns ?? [])
      .filter((col) => col.references?.table)
      .map((col): ProgressColumn => ({
        column: { header: col.label, kind: 'text', width: 8 },
        value: (c) => {
          const v = valueAt(c.region, col.key);
          return v === undefined || v === null ? null : index.rowLabel(col.references!.table!, v);
        },
      })),
  ];
  for (const m of measures) {
    const target = spec.length;
    spec.push(
      { column: { header: `目标：${m.label}`, kind: exportKindOf(fact(m.target)?.type), width: 10 }, value: (c) => exportValue(index, fact(m.target), c.facts[m.target]), summed: true },
      { column: { header: `完成：${m.label}`, kind: exportKindOf(fact(m.achieved)?.type), width: 10 }, value: (c) => (c.record ? exportValue(index, fact(m.achieved), c.facts[m.achieved]) : null), summed: true },
      {
        column: { header: `完成率：${m.label}`, kind: 'percent', width: 9 }, rate: [target + 1, target],
        value: (c) => {
          const done = c.record ? c.facts[m.achieved] : null;
          const goal = c.facts[m.target];
          return typeof done === 'number' && typeof goal === 'number' && goal !== 0 ? done / goal : null;
        },
      },
    );
  }
  for (const f of orderedFields(index, 'region').filter((x) => !measured.has(x.key))) {
    if (f.type === 'rows') {
      const list = (c: { record?: RegionProgress }) => {
        const rows = valueAt(c.record, f.key);
        return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : null;
      };
      spec.push({ column: { header: `${f.label}数`, kind: 'integer', width: 9 }, value: (c) => list(c)?.length ?? null, summed: true });
      for (const rf of (f.fields ?? []).filter(isNumberField)) {
        spec.push({
          column: { header: factHeader(rf), kind: exportKindOf(rf.type), width: 10 }, summed: true,
          value: (c) => list(c)?.reduce<number>((s, row) => s + (typeof valueAt(row, rf.key) === 'number' ? (valueAt(row, rf.key) as number) : 0), 0) ?? null,
        });
      }
      continue;
    }
    spec.push({
      column: { header: factHeader(f), kind: exportKindOf(f.type), width: f.type === 'date' ? 12 : 10 }, summed: isNumberField(f),
      value: (c) => exportValue(index, { type: f.type, table: f.table }, valueAt(c.record, f.key)),
    });
  }
  const outcomeAt = spec.length;
  const columns: ExportColumn[] = [
    ...spec.map((s) => s.column),
    { header: '是否合规', kind: 'outcome', width: 9 },
    ...rules.map((r): ExportColumn => ({ header: r.title, kind: 'outcome', width: 12, note: `${r.id}｜条款 ${r.clause}` })),
    { header: '未通过事项', kind: 'text', width: 60 },
  ];

  const wanted = measures.flatMap((m) => [m.target, m.achieved]);
  const regions = index.tableRows('regions').filter((r) => scope === null || r.name === scope);
  const rows: ExportValue[][] = regions.map((region) => {
    const name = String(region.name);
    const record = byRegion.get(name);
    const evaluation = evalByRegion.get(name);
    // Facts as evaluated; a region that sent nothing still shows its targets.
    const facts = { ...regionFacts(evaluator, year, name, wanted, record), ...(evaluation?.facts ?? {}) };
    const outcomes = new Map(evaluation?.results.map((r) => [r.ruleId, r]) ?? []);
    return [
      ...spec.map((s) => s.value({ record, facts, region })),
      evaluation ? (evaluation.compliant ? '通过' : '不通过') : '未报送',
      ...rules.map((r) => (outcomes.get(r.id) ? OUTCOME_TEXT[outcomes.get(r.id)!.outcome] : null)),
      evaluation?.results.filter((r) => r.outcome === 'fail').map((r) => `${r.title}：${r.message}`).join('；') || null,
    ];
  });
  if (scope !== null) return { sheet: '市州进度', columns, rows };

  const totals = totalsRow(columns, rows, { text: '全省合计', at: 1 }, (_c, i) => Boolean(spec[i]?.summed));
  spec.forEach((s, i) => {
    if (!s.rate) return;
    const [done, goal] = s.rate.map((at) => totals[at]);
    totals[i] = typeof done === 'number' && typeof goal === 'number' && goal !== 0 ? done / goal : null;
  });
  const province = report.evaluations.find((e) => e.subject.kind === 'province');
  if (province) {
    totals[outcomeAt] = province.compliant ? '通过' : '不通过';
    totals[columns.length - 1] = province.results.filter((r) => r.outcome === 'fail').map((r) => `${r.title}：${r.message}`).join('；') || null;
  }
  return { sheet: '市州进度', columns, rows, footer: [totals] };
}

/** One sheet per list of rows (e.g. a region's counties): every row of every region that reported it. */
export function listTables(records: RegionProgress[], evaluator: Evaluator): ExportTable[] {
  const index = evaluator.index;
  return orderedFields(index, 'region')
    .filter((f) => f.type === 'rows')
    .map((f): ExportTable => {
      const fields = f.fields ?? [];
      return {
        sheet: `${f.label}明细`.slice(0, 31),
        columns: [
          { header: '市州', kind: 'text', width: 8 },
          ...fields.map((rf): ExportColumn => ({ header: factHeader(rf), kind: exportKindOf(rf.type), width: rf.key === f.rowKey ? 16 : 10 })),
        ],
        rows: records.flatMap((r) => {
          const rows = valueAt(r, f.key);
          if (!Array.isArray(rows)) return [];
          return rows.map((row) => [r.region, ...fields.map((rf) => exportValue(index, { type: rf.type, table: rf.table }, valueAt(row, rf.key)))]);
        }),
      };
    });
}

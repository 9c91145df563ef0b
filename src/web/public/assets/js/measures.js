// The measures a rule set reports for each region (reports.region.measures: a label, the fact
// holding the target and the fact holding what was achieved), with their values. Targets are
// facts the rule set computes (from Annex 3 in 2022), so the API's dry run works them out.
import { ApiError, post } from './api.js';
import { valueAt } from './catalog.js';

const strip = ({ revision: _r, ...body }) => body;

/** The rule set's measure rows, each with the unit of its achieved field. */
export function measureRows(doc) {
  const fields = doc.model?.region?.fields ?? [];
  return (doc.reports?.region?.measures?.rows ?? []).map((m) => ({ ...m, unit: fields.find((f) => f.key === m.achieved)?.unit ?? null }));
}

/**
 * Map region name → [{ label, field, target, achieved, unit }] for `records` (region progress
 * bodies; a bare { year, region } gives the targets of a region that has reported nothing).
 * Empty when the rule set has no measures or the role may not run a dry evaluation.
 */
export async function measureTargets(doc, records) {
  const rows = measureRows(doc);
  const result = new Map();
  if (rows.length === 0 || records.length === 0) return result;
  let report;
  try {
    report = await post('/api/evaluate', { regions: records.map(strip) });
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) return result;
    throw err;
  }
  const byRegion = new Map(records.map((r) => [r.region, r]));
  for (const e of report.evaluations) {
    if (e.subject.kind !== 'region') continue;
    const name = e.subject.region ?? e.subject.id;
    const number = (v) => (typeof v === 'number' ? v : null);
    result.set(name, rows.map((m) => ({
      label: m.label,
      field: m.achieved,
      unit: m.unit,
      target: number(e.facts?.[m.target]),
      achieved: number(e.facts?.[m.achieved] ?? valueAt(byRegion.get(name), m.achieved)),
    })));
  }
  return result;
}

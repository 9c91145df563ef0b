import { RuleSetDocument, SubjectKind } from '../rule-sets/rule-set.types';
import { placeholders } from './message-text';

/**
 * The facts a kind of subject's reports show (its scorecard's information table, measures and
 * deadlines, the year summary's amounts): evaluations compute and keep them, so a scorecard
 * prints what was evaluated, not what the record says today.
 */
export function reportFacts(doc: RuleSetDocument, kind: SubjectKind): string[] {
  const r = doc.reports;
  const names: string[] = [];
  const info = (entries: { fact?: string; ratio?: [string, string] }[] | undefined) => {
    for (const e of entries ?? []) {
      if (e.fact) names.push(e.fact);
      if (e.ratio) names.push(...e.ratio);
    }
  };
  if (kind === 'project') {
    info(r.project.information);
    names.push(...r.summary.amounts.map((a) => a.fact));
  }
  if (kind === 'region') {
    info(r.region.information);
    for (const m of r.region.measures?.rows ?? []) names.push(m.target, m.achieved);
    for (const d of r.region.deadlines?.rows ?? []) names.push(d.due, d.submitted);
    for (const text of [r.region.headline, r.region.rows?.note, r.region.rows?.noteWithoutRows]) if (text) names.push(...placeholders(text));
  }
  return names.filter((n) => !n.startsWith('param.'));
}

import { ReportPart } from './report-document';
import { ScorecardSource } from './report-view.types';
import { buildProjectScorecard } from './project-scorecard.view';
import { buildRegionScorecard } from './region-scorecard.view';
import { buildYearSummary } from './year-summary.view';
import { RuleSetDocument } from '../rule-sets/rule-set.types';
import { evidenceOf } from './evidence/evaluation-evidence';

/** Binds a source to its template. A broken source fails here or at render, per report. */
export function projectPart(src: ScorecardSource): ReportPart {
  return { key: src.evaluationId, template: 'project-scorecard', model: buildProjectScorecard(src), evidence: evidenceOf(src) };
}

export function regionPart(src: ScorecardSource): ReportPart {
  return { key: src.evaluationId, template: 'region-scorecard', model: buildRegionScorecard(src), evidence: evidenceOf(src) };
}

export function summaryPart(
  sources: ScorecardSource[],
  opts: { year: number; region?: string | null; today: string; document?: RuleSetDocument | null },
): ReportPart {
  const model = buildYearSummary(sources, opts);
  // The summary carries every row's evaluation, as the scorecards do theirs.
  return { key: `summary-${opts.year}`, template: 'year-summary', model, footer: `${model.reportTitle} · 制表日期 ${model.generatedOn}`, carries: sources.map(evidenceOf) };
}

/**
 * Builds parts for a batch; a source whose view model cannot be built becomes a failure
 * entry instead of aborting the batch.
 */
export function projectParts(sources: ScorecardSource[]): { parts: ReportPart[]; failures: { key: string; bookmark: string; error: string }[] } {
  const parts: ReportPart[] = [];
  const failures: { key: string; bookmark: string; error: string }[] = [];
  for (const src of sources) {
    try {
      parts.push(projectPart(src));
    } catch (err) {
      failures.push({ key: src.evaluationId, bookmark: src.evaluation?.subject?.name ?? src.evaluationId, error: (err as Error).message });
    }
  }
  return { parts, failures };
}

import { loadConfig } from '../config/app-config';
import { ReportPart } from './report-document';
import { ScorecardSource } from './report-view.types';
import { buildProjectScorecard } from './project-scorecard.view';
import { buildRegionScorecard } from './region-scorecard.view';
import { buildYearSummary } from './year-summary.view';
import { RuleSetDocument } from '../rule-sets/rule-set.types';
import { evidenceOf } from './evidence/evaluation-evidence';
import { verificationView } from './evidence/verification-view';

/**
 * Binds a source to its template. A broken source fails here or at render, per report. Each
 * scorecard's evidence is computed here, once: the code it prints and the bytes it attaches are
 * the same serialisation. `baseUrl` is PUBLIC_BASE_URL (read once per batch by projectParts).
 */
export function projectPart(src: ScorecardSource, baseUrl = loadConfig().publicBaseUrl): ReportPart {
  const evidence = evidenceOf(src);
  return { key: src.evaluationId, template: 'project-scorecard', model: buildProjectScorecard(src, verificationView(src, evidence, baseUrl)), evidence };
}

export function regionPart(src: ScorecardSource, baseUrl = loadConfig().publicBaseUrl): ReportPart {
  const evidence = evidenceOf(src);
  return { key: src.evaluationId, template: 'region-scorecard', model: buildRegionScorecard(src, verificationView(src, evidence, baseUrl)), evidence };
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
  const baseUrl = loadConfig().publicBaseUrl;
  for (const src of sources) {
    try {
      parts.push(projectPart(src, baseUrl));
    } catch (err) {
      failures.push({ key: src.evaluationId, bookmark: src.evaluation?.subject?.name ?? src.evaluationId, error: (err as Error).message });
    }
  }
  return { parts, failures };
}

// Current outcomes of a year's stored projects and regions, computed by the API's dry run
// (POST /api/evaluate) under the year's active rule set: what the lists and the home page show
// is always today's verdict, even for a project edited since its last stored evaluation.
import { ApiError, post } from './api.js';

const strip = ({ revision: _r, ...body }) => body;

// The most projects one dry run takes (DRY_RUN_LIMITS in src/evaluation/evaluation-request.ts).
const PROJECTS_PER_DRY_RUN = 500;

/** Map project id → SubjectEvaluation at `stage`. Empty when there are no projects. */
export async function projectOutcomes(projects, stage = 'application') {
  if (projects.length === 0) return new Map();
  const outcomes = new Map();
  // Stored projects stand for themselves in the quota's count, so evaluating them in parts
  // gives the same verdicts as all at once.
  for (let i = 0; i < projects.length; i += PROJECTS_PER_DRY_RUN) {
    const report = await dryRun({ projects: projects.slice(i, i + PROJECTS_PER_DRY_RUN).map(strip), stage });
    if (!report) return unavailable();
    for (const e of report.evaluations) if (e.subject.kind === 'project') outcomes.set(e.subject.id, e);
  }
  return outcomes;
}

/** The dry run is not open to every role (read-only viewers): then outcomes are just not shown. */
async function dryRun(body) {
  try {
    return await post('/api/evaluate', body);
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) return null;
    throw err;
  }
}

function unavailable() {
  const map = new Map();
  map.unavailable = true;
  return map;
}

/** Map region name (and "province") → SubjectEvaluation for the year's progress records. */
export async function regionOutcomes(records) {
  if (records.length === 0) return new Map();
  const report = await dryRun({ regions: records.map(strip) });
  if (!report) return unavailable();
  return new Map(report.evaluations.map((e) => [e.subject.kind === 'province' ? 'province' : e.subject.region ?? e.subject.id, e]));
}

/** The failed rules of an evaluation, blocking first. */
export function failures(e) {
  return (e?.results ?? []).filter((r) => r.outcome === 'fail').sort((a, b) => (a.severity === 'blocking' ? -1 : 1) - (b.severity === 'blocking' ? -1 : 1));
}

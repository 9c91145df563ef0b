import { AuditEntry } from './audit.service';

/** What the audit row of an HTTP write keeps of the request and its answer: enough to say it in words. */
export interface WriteSummary {
  id?: string;
  name?: string;
  region?: string;
  year?: number;
  stage?: string;
  compliant?: boolean;
  imported?: { create: number; update: number; unchanged: number };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const text = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined);

/**
 * A few scalars of the request body and the result (never whole documents): the created
 * project's id, the stage evaluated, the verdict, an import's counts.
 */
export function writeSummary(route: string, body: unknown, result: unknown): WriteSummary | undefined {
  const b = record(body);
  const r = record(result);
  const subject = record(r.subject);
  const summary: WriteSummary = {
    // A route without :id created something: its answer names it.
    id: route.includes(':id') ? undefined : text(r.id),
    name: text(r.name) ?? text(subject.name),
    region: text(r.region) ?? text(subject.region),
    year: typeof r.year === 'number' ? r.year : typeof subject.year === 'number' ? subject.year : typeof b.year === 'number' ? b.year : undefined,
    stage: text(r.stage) ?? text(b.stage),
    compliant: typeof r.compliant === 'boolean' ? r.compliant : undefined,
  };
  const counts = record(r.summary);
  if (typeof counts.create === 'number') {
    summary.imported = { create: counts.create, update: Number(counts.update) || 0, unchanged: Number(counts.unchanged) || 0 };
  }
  const kept = Object.fromEntries(Object.entries(summary).filter(([, v]) => v !== undefined));
  return Object.keys(kept).length ? (kept as WriteSummary) : undefined;
}

/**
 * The URL as the audit log shows it: percent-escapes decoded where they spell text, kept as sent
 * where they do not (`?x=%`, a cut-off UTF-8 sequence), control characters (CR/LF) escaped so a
 * row stays one line, at most 500 characters. Never throws: describing a request must not be
 * what fails a write.
 */
export function describeUrl(url: string): string {
  const decoded = url.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
  const escaped = decoded.replace(/[\u0000-\u001f\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return escaped.length > 500 ? `${escaped.slice(0, 499)}…` : escaped;
}

/** The audit row of a successful write through the API: the route, the URL (describeUrl) and what it did. */
export function writeAuditEntry(method: string, route: string, url: string, body: unknown, result: unknown): AuditEntry {
  return { action: `${method} ${route}`, comment: url, diff: writeSummary(route, body, result) };
}

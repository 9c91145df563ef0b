import { createHash } from 'node:crypto';
import { canonicalJson } from '../../rule-sets/rule-set-hash';
import { ScorecardSource } from '../report-view.types';

/**
 * The evidence a printed report carries about its evaluation: the evaluation serialised once
 * (subject, facts, results, rule-set id, version and hash, evaluation id and time, whether it is
 * stored), attached to the PDF as evaluation.json exactly as these bytes, their SHA-256, and the
 * verification code printed on the report — the first 64 bits of that SHA-256 in four groups
 * (BF21-9069-96CE-09DB), so that anyone holding the file, or only its paper copy, can check it.
 */
export interface EvaluationEvidence {
  /** The bytes of evaluation.json (canonical JSON, UTF-8: keys sorted, so equal evaluations are equal bytes). */
  json: Buffer;
  /** Hex SHA-256 of `json`. */
  sha256: string;
  /** 16 hex digits of `sha256`, upper case, grouped by four. */
  code: string;
}

/** What evaluation.json holds for one report. */
export function evidenceDocument(src: ScorecardSource): Record<string, unknown> {
  const e = src.evaluation;
  return {
    evaluationId: src.evaluationId,
    stored: src.stored ?? null,
    evaluatedAt: src.evaluatedAt ?? null,
    ruleSet: { id: src.ruleSet.id, version: src.ruleSet.version, hash: src.ruleSet.hash },
    stage: src.stage,
    subject: e.subject,
    compliant: e.compliant,
    score: e.score,
    grade: e.grade,
    results: e.results,
    facts: e.facts,
  };
}

export function verificationCode(sha256Hex: string): string {
  return sha256Hex.slice(0, 16).toUpperCase().match(/.{4}/g)!.join('-');
}

/** A code as people type it back (lower case, spaces or no dashes) in its printed form, or null. */
export function normaliseCode(input: string): string | null {
  const hex = input.replace(/[\s-]/g, '').toUpperCase();
  return /^[0-9A-F]{16}$/.test(hex) ? verificationCode(hex) : null;
}

export function evidenceOf(src: ScorecardSource): EvaluationEvidence {
  return evidenceFromBytes(Buffer.from(canonicalJson(evidenceDocument(src)), 'utf8'));
}

/** The evidence of attached bytes as found in a file (the CLI's verify reads them back). */
export function evidenceFromBytes(json: Buffer): EvaluationEvidence {
  const sha256 = createHash('sha256').update(json).digest('hex');
  return { json, sha256, code: verificationCode(sha256) };
}

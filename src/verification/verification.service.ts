import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EvaluationsService } from '../evaluation/evaluations.service';
import { PrismaService } from '../prisma/prisma.service';
import { EvaluationEvidence, evidenceOf } from '../reports/evidence/evaluation-evidence';
import { sourceOfEvaluation } from '../reports/report-sources.service';
import { VerificationLimiter } from './verification-limiter';
import { VerifiedScorecard, verifiedScorecard } from './verified-scorecard';

/** The answer to "does this code belong to this evaluation?": the same for a wrong code and an unknown id. */
export interface CodeCheck {
  evaluationId: string;
  code: string;
  match: boolean;
  /** Only when the code matches. */
  scorecard: VerifiedScorecard | null;
}

/** Longer than any id the service gives (UUIDs): not looked up at all. */
const MAX_ID_LENGTH = 100;

/**
 * Checks printed scorecards against the stored evaluations. A stored evaluation's code is
 * recomputed from the evaluation itself, serialised exactly as printing serialised it
 * (sourceOfEvaluation, then evidenceOf): so a code checks out whether the file was printed
 * yesterday or before the register of issued files existed, and whatever became of the file.
 */
@Injectable()
export class VerificationService {
  /** One per process, shared by the page and its JSON twin. */
  readonly limiter = new VerificationLimiter();

  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly prisma: PrismaService,
  ) {}

  /** The evidence a report of the stored evaluation `id` carries, and what may be said of it; null if none is stored. */
  async stored(id: string): Promise<{ evidence: EvaluationEvidence; scorecard: VerifiedScorecard } | null> {
    if (id.length === 0 || id.length > MAX_ID_LENGTH) return null;
    const ev = await this.evaluations.findForVerification(id);
    if (!ev) return null;
    return { evidence: evidenceOf(sourceOfEvaluation(ev)), scorecard: verifiedScorecard(ev) };
  }

  /** The register of issued files (IssuedDocument) for one evaluation: how many files, and whether one is `pdfSha256`. */
  async issued(evaluationId: string, pdfSha256: string): Promise<{ files: number; identical: boolean }> {
    const rows = await this.prisma.issuedDocument.findMany({ where: { evaluationId }, select: { pdfSha256: true } });
    return { files: new Set(rows.map((r) => r.pdfSha256)).size, identical: rows.some((r) => r.pdfSha256 === pdfSha256) };
  }

  /** `code` in its printed form (normaliseCode). */
  async checkCode(evaluationId: string, code: string): Promise<CodeCheck> {
    const stored = await this.stored(evaluationId);
    const match = stored !== null && sameText(stored.evidence.code, code);
    return { evaluationId, code, match, scorecard: match ? stored!.scorecard : null };
  }
}

function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

import { Injectable } from '@nestjs/common';
import { currentActor } from '../audit/actor';
import { PrismaService } from '../prisma/prisma.service';
import { EvaluationEvidence } from './evidence/evaluation-evidence';
import { ScorecardSource } from './report-view.types';

/** One printed file as it leaves the service, with the evaluations it carries and where they come from. */
export interface IssuedFileEntry {
  kind: 'project' | 'region' | 'summary' | 'booklet';
  title: string;
  pdfSha256: string;
  /** What the file attaches, each with the source it was serialised from. */
  carries: { evidence: EvaluationEvidence; source: ScorecardSource }[];
}

/**
 * The register of issued files (IssuedDocument): for each stored evaluation a printed file
 * carries, the SHA-256 of its evaluation.json, its verification code, the SHA-256 of the file as
 * issued, who printed it and when — so that a file brought back can be checked against what was
 * issued (the CLI's verify, the public /verify page). An evaluation made for one print only is
 * kept nowhere, so its files are not registered: there is nothing to check them against.
 *
 * Printing is a GET and changes no data: this row is an archival record of issue, like a
 * register kept at a counter, not an edit. A GET has no unit of writing (only unsafe requests
 * open one, with their audit row), so prisma.write() gives the rows a transaction of their own:
 * all of a file's rows or none, committed before the file is sent. The row itself is the trail —
 * who, when, what — so no audit row is added: the audit log records changes, and a print is not
 * one (tests check that a GET leaves the audit log and the evaluations untouched). A register
 * that cannot be written (the database busy for 10 s) fails the download with 503: a file that
 * could not be registered is not issued.
 */
@Injectable()
export class IssueRegisterService {
  constructor(private readonly prisma: PrismaService) {}

  async record(files: IssuedFileEntry[]): Promise<number> {
    const issuedBy = currentActor();
    const rows = files.flatMap((file) =>
      file.carries
        .filter(({ source }) => source.stored === true)
        .map(({ evidence, source }) => ({
          evaluationId: source.evaluationId,
          kind: file.kind,
          title: file.title,
          evidenceSha256: evidence.sha256,
          code: evidence.code,
          pdfSha256: file.pdfSha256,
          issuedBy,
        })),
    );
    if (rows.length === 0) return 0;
    await this.prisma.write((tx) => tx.issuedDocument.createMany({ data: rows }));
    return rows.length;
  }
}

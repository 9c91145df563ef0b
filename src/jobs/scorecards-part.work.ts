import { Injectable } from '@nestjs/common';
import { safeFileName } from '../reports/atomic-write';
import { IssueRegisterService } from '../reports/issue-register.service';
import { projectParts } from '../reports/report-parts';
import { ReportSourcesService } from '../reports/report-sources.service';
import { ReportsService } from '../reports/reports.service';
import { ScorecardSource } from '../reports/report-view.types';
import { SUBJECT_LABELS } from '../subjects/subject-identity';
import { BatchParams } from './batch.types';
import { PartOutcome, PartWork } from './part-work';

/** The download name of a project's scorecard: readable, and the same whichever worker prints it. */
export function scorecardFileName(src: ScorecardSource): string {
  const subject = src.evaluation.subject;
  return `${safeFileName(`${subject.region ?? ''}-${subject.name}`, subject.id)}（${safeFileName(subject.id)}）.pdf`;
}

/**
 * Prints the scorecards of a part's projects through the service's ReportPrinter (the same
 * sources, rule-set version and archival files as the projects ZIP), one file each, and
 * registers the issued files with the part.
 */
@Injectable()
export class ScorecardsPartWork implements PartWork {
  constructor(
    private readonly sources: ReportSourcesService,
    private readonly reports: ReportsService,
    private readonly register: IssueRegisterService,
  ) {}

  async run(items: string[], params: BatchParams, batchId: string): Promise<PartOutcome> {
    const { sources, failures } = await this.sources.forProjectIds(items, params.year, params.stage ?? undefined, params.ruleSet);
    const { parts, failures: modelFailures } = projectParts(sources);
    const title = `${params.year}年度${SUBJECT_LABELS.project}评估报告（批量任务 ${batchId}）`;
    const printed = await this.reports.printer.printBatch(parts, { title });
    const byKey = new Map(sources.map((s) => [s.evaluationId, s]));
    const files = printed.reports.map((r) => {
      const src = byKey.get(r.key)!;
      return { key: src.evaluation.subject.id, src, report: r, name: scorecardFileName(src) };
    });
    return {
      files: files.map((f) => ({ name: f.name, mediaType: 'application/pdf', content: Buffer.from(f.report.pdf), sha256: f.report.sha256 })),
      record: { files: files.map((f) => ({ key: f.key, name: f.name })), failures: [...failures, ...modelFailures, ...printed.failures] },
      store: async () => {
        await this.register.record(
          files.map((f) => ({ kind: 'project', title: f.report.bookmark, pdfSha256: f.report.sha256, carries: f.report.evidence.map((evidence) => ({ evidence, source: f.src })) })),
        );
      },
    };
  }
}

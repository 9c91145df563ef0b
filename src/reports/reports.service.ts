import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InputError } from '../common/errors';
import { shanghaiToday } from '../common/dates';
import { Stage } from '../rule-sets/rule-set.types';
import { SUBJECT_LABELS } from '../subjects/subject-identity';
import { buildBatchZip } from './batch-zip';
import { createReportPrinter } from './report-engine';
import { ReportPart } from './report-document';
import { projectPart, projectParts, regionPart, summaryPart } from './report-parts';
import { ReportPrinter } from './report-printer';
import { PrintQueue } from './print-queue';
import { loadReportsConfig } from './reports.config';
import { ReportSourcesService } from './report-sources.service';
import { ScorecardSource } from './report-view.types';
import { RuleSetChoice } from '../rule-sets/rule-set-choice';
import { IssuedFileEntry, IssueRegisterService } from './issue-register.service';
import { PrintedReport } from './report-printer';
import { loadConfig } from '../config/app-config';
import { RemotePrints } from '../jobs/bullmq-print-service';
import { requesterOf } from '../jobs/run-as-requester';
import { currentUser } from '../auth/current-user';

export interface PdfFile {
  fileName: string;
  body: Buffer;
  contentType: string;
}

const STAGES: Stage[] = ['application', 'acceptance'];

export function parseStage(value: string | undefined): Stage | undefined {
  if (value === undefined || value === '') return undefined;
  if (!STAGES.includes(value as Stage)) {
    throw new InputError('查询参数 stage 无效', [{ pointer: '?stage', message: `“${value}”无效，可选：application、acceptance` }]);
  }
  return value as Stage;
}

/** The PDF endpoints' use cases; one Chromium for the process, closed when the app shuts down. */
@Injectable()
export class ReportsService implements OnApplicationShutdown {
  readonly printer: ReportPrinter;

  /** ROLE=api with REDIS_URL: single reports are printed by the workers (none on this process's Chromium). */
  private readonly remote: RemotePrints | null = null;

  constructor(
    private readonly sources: ReportSourcesService,
    private readonly register: IssueRegisterService,
    queue: PrintQueue,
  ) {
    const config = loadReportsConfig();
    this.printer = createReportPrinter(config, undefined, queue);
    const { queue: jobs } = loadConfig();
    if (jobs.role === 'api' && jobs.redisUrl) {
      this.remote = new RemotePrints(jobs, config.printTimeoutMs);
      this.printer.printSinglesOn(this.remote);
    }
  }

  /** ROLE=api: how many workers take its pages (null: it prints here). */
  remoteWorkers(): Promise<number> | null {
    return this.remote?.workers() ?? null;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.printer.close(), this.remote?.close()]);
  }

  private partFor(src: ScorecardSource): ReportPart {
    if (src.evaluation.subject.kind === 'project') return projectPart(src);
    if (src.evaluation.subject.kind === 'region') return regionPart(src);
    throw new InputError('全省汇总评估没有单独的报告，请使用年度汇总表 /api/reports/summary.pdf');
  }

  async evaluationHtml(id: string): Promise<string> {
    return this.printer.html(this.partFor(await this.sources.forEvaluation(id)));
  }

  async evaluationPdf(id: string): Promise<PdfFile> {
    this.printer.singles.assertCapacity(); // refuse early, before reading anything
    const src = await this.sources.forEvaluation(id);
    const printed = await this.printer.printOne(this.partFor(src));
    await this.register.record([entryOf(printed, [src])]);
    return { fileName: `${printed.bookmark}-评估报告.pdf`, body: Buffer.from(printed.pdf), contentType: 'application/pdf' };
  }

  async regionPdf(region: string, year: number, ruleSet?: RuleSetChoice): Promise<PdfFile> {
    this.printer.singles.assertCapacity(); // refuse early, before evaluating anything
    const src = await this.sources.forRegion(region, year, ruleSet);
    const printed = await this.printer.printOne(regionPart(src));
    await this.register.record([entryOf(printed, [src])]);
    return { fileName: `${year}年度${printed.bookmark}.pdf`, body: Buffer.from(printed.pdf), contentType: 'application/pdf' };
  }

  async summaryPdf(year: number, region: string | undefined, stage: Stage | undefined, ruleSet?: RuleSetChoice): Promise<PdfFile> {
    this.printer.singles.assertCapacity();
    const { sources } = await this.sources.forProjects(year, region, stage, ruleSet);
    const part = summaryPart(sources, { year, region: region ?? null, today: shanghaiToday(), document: sources[0]?.document });
    const printed = await this.printer.printOne(part);
    await this.register.record([{ ...entryOf(printed, sources), kind: 'summary' }]);
    return { fileName: `${printed.bookmark}.pdf`, body: Buffer.from(printed.pdf), contentType: 'application/pdf' };
  }

  /** ZIP of one PDF per project, the bookmarked booklet, and a list of what failed. */
  async batchZip(year: number, region: string | undefined, stage: Stage | undefined, ruleSet?: RuleSetChoice): Promise<PdfFile> {
    // ROLE=api: a worker makes the whole ZIP, as this user (no Chromium on an API process).
    if (this.remote) return this.remote.projectsZip({ year, region, stage, ruleSet, requester: requesterOf(currentUser()) });
    this.printer.queue.assertCapacity();
    const { sources, failures: sourceFailures } = await this.sources.forProjects(year, region, stage, ruleSet);
    const { parts, failures: modelFailures } = projectParts(sources);
    const title = `${year}年度${SUBJECT_LABELS.project}评估报告汇编${region ? `（${region}）` : ''}`;
    const result = await this.printer.printBatch(parts, { title, booklet: true });
    result.failures.unshift(...sourceFailures, ...modelFailures);
    const byKey = new Map(sources.map((s) => [s.evaluationId, s]));
    const files = result.reports.map((r) => entryOf(r, [byKey.get(r.key)!]));
    if (result.booklet) files.push({ kind: 'booklet', title, pdfSha256: result.bookletSha256!, carries: files.flatMap((f) => f.carries) });
    await this.register.record(files);
    const names = new Map(sources.map((s) => [s.evaluationId, `${s.evaluation.subject.region ?? ''}-${s.evaluation.subject.name}`]));
    const body = await buildBatchZip(result, names, { title, bookletName: `${title}.pdf` });
    return { fileName: `${title}.zip`, body, contentType: 'application/zip' };
  }
}

/** A printed file for the register: what it carries, with the sources in the order it attaches them. */
function entryOf(printed: PrintedReport, sources: ScorecardSource[]): IssuedFileEntry {
  const kind = sources[0]?.evaluation.subject.kind === 'region' ? 'region' : 'project';
  return { kind, title: printed.bookmark, pdfSha256: printed.sha256, carries: printed.evidence.map((evidence, i) => ({ evidence, source: sources[i] })) };
}

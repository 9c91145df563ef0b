import { Logger } from '@nestjs/common';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import Redis from 'ioredis';
import { BusyError } from '../common/errors';
import { QueueConfig } from '../config/queue-config';
import { REDIS_TIMEOUT_MS, redisCall, within } from './redis-calls';
import { BatchRequester } from './batch.types';
import { runAsRequester } from './run-as-requester';
import { fromWireError, toWireError, WireError } from './wire-errors';
import type { IssuedFile } from '../reports/cutting/cut-job';
import type { ArchivalContent } from '../reports/pdfa/archival-pdf';
import type { AttachedFile } from '../reports/pdfa/attachments';
import type { PageJob, ReportPrinter } from '../reports/report-printer';
import type { PdfFile } from '../reports/reports.service';
import type { Stage } from '../rule-sets/rule-set.types';
import type { RuleSetChoice } from '../rule-sets/rule-set-choice';

/**
 * Single reports (the HTTP downloads) printed by the workers in the multi-machine mode, as a
 * Gotenberg cluster does it: an API process (ROLE=api) gathers the report and renders its HTML,
 * but runs no Chromium, subsets no font and writes no PDF. The page and what makes it a record go
 * to a BullMQ queue of their own, apart from the batches' parts; a worker prints the page in one
 * of its print slots and makes it the archival file (ReportPrinter.printRecord), and the file
 * comes back under a Redis key that expires (never kept on the worker's disk, nor in the job,
 * whose events every API process reads). The API process registers it as issued. Before, each
 * API process printed downloads on its own Chromium, on the cores its requests needed.
 *
 * The projects ZIP (/api/reports/projects.zip: a year's scorecards and their bookmarked booklet)
 * goes the same way as a request, not a page: the worker gathers, prints, registers and zips it as
 * the requesting user (ReportsService.batchZip, as one process does), and a refusal it meets (a
 * region the user may not see, a full print queue) comes back as the same HTTP answer.
 */
const QUEUE_NAME = 'single-prints';
/** A printed file waits this long for its API process to collect it. */
const RESULT_TTL_MS = 120_000;
/** How long a count of the workers that print is trusted. */
const WORKERS_SEEN_MS = 5_000;
const NO_WORKER = '暂无可用的打印进程（worker），请稍后重试';
const UNAVAILABLE = '打印队列（Redis）暂时不可用，请稍后重试';
const TOO_SLOW = '打印进程繁忙，报告未能按时生成，请稍后重试';
/** A year's ZIP prints hundreds of pages: the request waits as long as one process would take. */
const ZIP_WAIT_MS = 15 * 60_000;

/** A PageJob as JSON: the attached files' bytes in base64. */
interface WirePageJob {
  html: string;
  record: Omit<ArchivalContent, 'files'> & { files: (Omit<AttachedFile, 'bytes'> & { bytes: string })[] };
}

/** What /api/reports/projects.zip asks for, and who asks. */
export interface ProjectsZipRequest {
  year: number;
  region?: string;
  stage?: Stage;
  ruleSet?: RuleSetChoice;
  /** Null outside a request (no user: the operator's rights, as in the CLI). */
  requester: BatchRequester | null;
}

type PrintJob = { name: 'print'; data: WirePageJob } | { name: 'projects-zip'; data: ProjectsZipRequest };

interface Printed {
  /** The Redis key the file waits under. */
  key: string;
  sha256: string;
  pages: number;
}

interface Zipped {
  key: string;
  fileName: string;
}

/** A worker's answer: the file's key, or the refusal it met. */
type Answer<T> = T | { refused: WireError };

function toWire(job: PageJob): WirePageJob {
  return { html: job.html, record: { ...job.record, files: job.record.files.map((f) => ({ ...f, bytes: f.bytes.toString('base64') })) } };
}

function fromWire(job: WirePageJob): PageJob {
  return { html: job.html, record: { ...job.record, files: job.record.files.map((f) => ({ ...f, bytes: Buffer.from(f.bytes, 'base64') })) } };
}

const resultKey = (prefix: string, jobId: string) => `${prefix}:${QUEUE_NAME}:result:${jobId}`;


/** The API's half: sends a page to the workers and waits for its PDF. */
export class RemotePrints {
  private readonly logger = new Logger('RemotePrints');
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly redis: Redis;
  private workersSeen = { count: 0, at: 0 };

  constructor(
    private readonly config: QueueConfig,
    /** A print's own timeout; the wait allows the queue on top of it. */
    private readonly printTimeoutMs: number,
  ) {
    const connection = { url: config.redisUrl!, maxRetriesPerRequest: 1, retryStrategy: (n: number) => Math.min(n * 200, 2000) };
    this.queue = new Queue(QUEUE_NAME, { prefix: config.prefix, connection });
    // Events are read with blocking calls: a connection of their own, which must not give up.
    this.events = new QueueEvents(QUEUE_NAME, { prefix: config.prefix, connection: { ...connection, maxRetriesPerRequest: null } });
    this.redis = new Redis(config.redisUrl!, { maxRetriesPerRequest: 1 });
    const warn = (err: Error) => this.logger.warn(`Redis: ${err.message}`);
    this.queue.on('error', warn);
    this.events.on('error', warn);
    this.redis.on('error', warn);
  }

  /** The report printed and made its archival file by a worker (503 when no worker prints, or Redis is away). */
  async print(page: PageJob): Promise<IssuedFile> {
    // The print's own timeout, and as long again for the queue ahead of it.
    const printed = await this.run<Printed>({ name: 'print', data: toWire(page) }, 2 * this.printTimeoutMs);
    const pdf = await this.collect(printed.key);
    return { pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), sha256: printed.sha256, pages: printed.pages };
  }

  /** The projects ZIP, gathered, printed, registered and zipped by a worker as the requester. */
  async projectsZip(request: ProjectsZipRequest): Promise<PdfFile> {
    const zipped = await this.run<Zipped>({ name: 'projects-zip', data: request }, ZIP_WAIT_MS);
    return { fileName: zipped.fileName, body: await this.collect(zipped.key), contentType: 'application/zip' };
  }

  private async run<T>(job: PrintJob, waitMs: number): Promise<T> {
    await this.assertWorkers();
    const added = await this.call(() => this.queue.add(job.name, job.data, { removeOnComplete: true, removeOnFail: true }));
    let answer: Answer<T>;
    try {
      answer = (await added.waitUntilFinished(this.events, waitMs)) as Answer<T>;
    } catch (err) {
      const message = (err as Error).message;
      if (/timed out|Job wait/i.test(message)) {
        void this.queue.remove(added.id!).catch(() => 0);
        throw new BusyError(TOO_SLOW, 10);
      }
      throw new Error(`a worker could not print the report: ${message}`);
    }
    if (answer && typeof answer === 'object' && 'refused' in answer) throw fromWireError(answer.refused);
    return answer as T;
  }

  /** The file a worker left under `key`, taken (deleted) from Redis. */
  private async collect(key: string): Promise<Buffer> {
    const file = await this.call(() => this.redis.getBuffer(key));
    void this.redis.del(key).catch(() => 0);
    if (!file) throw new BusyError(TOO_SLOW, 10);
    return file;
  }

  async close(): Promise<void> {
    await Promise.all([this.events.close(), this.queue.close()].map((p) => within(REDIS_TIMEOUT_MS, p).catch(() => undefined)));
    this.redis.disconnect();
  }

  /** Workers taking pages now (counted at most every WORKERS_SEEN_MS while there are any). */
  async workers(): Promise<number> {
    if (Date.now() - this.workersSeen.at > WORKERS_SEEN_MS) this.workersSeen = { count: await this.call(() => this.queue.getWorkersCount()), at: Date.now() };
    const { count } = this.workersSeen;
    if (count === 0) this.workersSeen.at = 0; // none: ask again next time
    return count;
  }

  /** A page sent with no worker taking pages would wait for nothing: refused at once instead. */
  private async assertWorkers(): Promise<void> {
    if ((await this.workers()) === 0) throw new BusyError(NO_WORKER, 10);
  }

  private call<T>(work: () => Promise<T>): Promise<T> {
    return redisCall(this.logger, UNAVAILABLE, work);
  }
}

/** The worker's half: prints the pages in the worker's own print slots. */
export class PrintConsumer {
  private readonly logger = new Logger('PrintConsumer');
  private worker: Worker | null = null;
  private readonly redis: Redis;

  constructor(
    private readonly config: QueueConfig,
    private readonly printer: ReportPrinter,
    /** Makes the projects ZIP here, as the one process of the embedded mode does. */
    private readonly projectsZip: (request: Omit<ProjectsZipRequest, 'requester'>) => Promise<PdfFile>,
  ) {
    this.redis = new Redis(config.redisUrl!, { maxRetriesPerRequest: null });
    this.redis.on('error', (err: Error) => this.logger.warn(`Redis: ${err.message}`));
  }

  async start(): Promise<void> {
    this.worker = new Worker(QUEUE_NAME, (job) => this.take(job), {
      prefix: this.config.prefix,
      connection: { url: this.config.redisUrl!, maxRetriesPerRequest: null },
      // A worker keeps no core for requests of its own: pages may take every print slot.
      concurrency: this.printer.queue.concurrency,
    });
    this.worker.on('error', (err) => this.logger.warn(`worker: ${err.message}`));
    await this.worker.waitUntilReady();
    this.logger.log(`printing single reports from ${this.config.prefix}:${QUEUE_NAME}`);
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.redis.disconnect();
  }

  private take(job: Job): Promise<Answer<Printed | Zipped>> {
    return job.name === 'projects-zip' ? this.zip(job.id!, job.data as ProjectsZipRequest) : this.print(job.id!, job.data as WirePageJob);
  }

  private async print(jobId: string, page: WirePageJob): Promise<Printed> {
    const { printer } = this;
    const file = await printer.queue.run(() => printer.printRecord(fromWire(page)), { admitted: true });
    const key = await this.keep(jobId, file.pdf);
    return { key, sha256: file.sha256, pages: file.pages };
  }

  private async zip(jobId: string, { requester, ...request }: ProjectsZipRequest): Promise<Answer<Zipped>> {
    try {
      const file = await (requester ? runAsRequester(requester, () => this.projectsZip(request)) : this.projectsZip(request));
      return { key: await this.keep(jobId, file.body), fileName: file.fileName };
    } catch (err) {
      const refused = toWireError(err);
      if (refused) return { refused };
      throw err;
    }
  }

  /** Leaves a file in Redis for the API process that waits for it, for RESULT_TTL_MS at most. */
  private async keep(id: string, bytes: Uint8Array): Promise<string> {
    const key = resultKey(this.config.prefix, id);
    await this.redis.set(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'PX', RESULT_TTL_MS);
    return key;
  }
}

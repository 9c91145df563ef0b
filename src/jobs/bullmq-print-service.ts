import { Logger } from '@nestjs/common';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import Redis from 'ioredis';
import { BusyError } from '../common/errors';
import { QueueConfig } from '../config/queue-config';
import { REDIS_TIMEOUT_MS, redisCall, within } from './redis-calls';
import type { IssuedFile } from '../reports/cutting/cut-job';
import type { ArchivalContent } from '../reports/pdfa/archival-pdf';
import type { AttachedFile } from '../reports/pdfa/attachments';
import type { PageJob, ReportPrinter } from '../reports/report-printer';

/**
 * Single reports (the HTTP downloads) printed by the workers in the multi-machine mode, as a
 * Gotenberg cluster does it: an API process (ROLE=api) gathers the report and renders its HTML,
 * but runs no Chromium, subsets no font and writes no PDF. The page and what makes it a record go
 * to a BullMQ queue of their own, apart from the batches' parts; a worker prints the page in one
 * of its print slots and makes it the archival file (ReportPrinter.printRecord), and the file
 * comes back under a Redis key that expires (never kept on the worker's disk, nor in the job,
 * whose events every API process reads). The API process registers it as issued. Before, each
 * API process printed downloads on its own Chromium, on the cores its requests needed.
 */
const QUEUE_NAME = 'single-prints';
/** A printed file waits this long for its API process to collect it. */
const RESULT_TTL_MS = 120_000;
/** How long a count of the workers that print is trusted. */
const WORKERS_SEEN_MS = 5_000;
const NO_WORKER = '暂无可用的打印进程（worker），请稍后重试';
const UNAVAILABLE = '打印队列（Redis）暂时不可用，请稍后重试';
const TOO_SLOW = '打印进程繁忙，报告未能按时生成，请稍后重试';

/** A PageJob as JSON: the attached files' bytes in base64. */
interface WirePageJob {
  html: string;
  record: Omit<ArchivalContent, 'files'> & { files: (Omit<AttachedFile, 'bytes'> & { bytes: string })[] };
}

interface Printed {
  /** The Redis key the file waits under. */
  key: string;
  sha256: string;
  pages: number;
}

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
  private readonly queue: Queue<WirePageJob, Printed>;
  private readonly events: QueueEvents;
  private readonly redis: Redis;
  private workersSeen = { count: 0, at: 0 };

  constructor(
    private readonly config: QueueConfig,
    /** A print's own timeout; the wait allows the queue on top of it. */
    private readonly printTimeoutMs: number,
  ) {
    const connection = { url: config.redisUrl!, maxRetriesPerRequest: 1, retryStrategy: (n: number) => Math.min(n * 200, 2000) };
    this.queue = new Queue<WirePageJob, Printed>(QUEUE_NAME, { prefix: config.prefix, connection });
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
    await this.assertWorkers();
    const job = await this.call(() => this.queue.add('print', toWire(page), { removeOnComplete: true, removeOnFail: true }));
    let printed: Printed;
    try {
      // The print's own timeout, and as long again for the queue ahead of it.
      printed = await job.waitUntilFinished(this.events, 2 * this.printTimeoutMs);
    } catch (err) {
      const message = (err as Error).message;
      if (/timed out|Job wait/i.test(message)) {
        void this.queue.remove(job.id!).catch(() => 0);
        throw new BusyError(TOO_SLOW, 10);
      }
      throw new Error(`a worker could not print the report: ${message}`);
    }
    const pdf = await this.call(() => this.redis.getBuffer(printed.key));
    void this.redis.del(printed.key).catch(() => 0);
    if (!pdf) throw new BusyError(TOO_SLOW, 10);
    return { pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), sha256: printed.sha256, pages: printed.pages };
  }

  async close(): Promise<void> {
    await Promise.all([this.events.close(), this.queue.close()].map((p) => within(REDIS_TIMEOUT_MS, p).catch(() => undefined)));
    this.redis.disconnect();
  }

  /** A page sent with no worker taking pages would wait for nothing: refused at once instead. */
  private async assertWorkers(): Promise<void> {
    if (Date.now() - this.workersSeen.at > WORKERS_SEEN_MS) this.workersSeen = { count: await this.call(() => this.queue.getWorkersCount()), at: Date.now() };
    if (this.workersSeen.count === 0) {
      this.workersSeen.at = 0; // ask again next time
      throw new BusyError(NO_WORKER, 10);
    }
  }

  private call<T>(work: () => Promise<T>): Promise<T> {
    return redisCall(this.logger, UNAVAILABLE, work);
  }
}

/** The worker's half: prints the pages in the worker's own print slots. */
export class PrintConsumer {
  private readonly logger = new Logger('PrintConsumer');
  private worker: Worker<WirePageJob, Printed> | null = null;
  private readonly redis: Redis;

  constructor(
    private readonly config: QueueConfig,
    private readonly printer: ReportPrinter,
  ) {
    this.redis = new Redis(config.redisUrl!, { maxRetriesPerRequest: null });
    this.redis.on('error', (err: Error) => this.logger.warn(`Redis: ${err.message}`));
  }

  async start(): Promise<void> {
    this.worker = new Worker<WirePageJob, Printed>(QUEUE_NAME, (job) => this.print(job), {
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

  private async print(job: Job<WirePageJob, Printed>): Promise<Printed> {
    const { printer } = this;
    const file = await printer.queue.run(() => printer.printRecord(fromWire(job.data)), { admitted: true });
    const key = resultKey(this.config.prefix, job.id!);
    await this.redis.set(key, Buffer.from(file.pdf.buffer, file.pdf.byteOffset, file.pdf.byteLength), 'PX', RESULT_TTL_MS);
    return { key, sha256: file.sha256, pages: file.pages };
  }
}

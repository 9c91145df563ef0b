import { PDFDocument } from 'pdf-lib';
import { BusyError } from '../common/errors';
import { ChromiumPrinter } from './chromium-printer';
import { PrintQueue } from './print-queue';
import { ReportPart } from './report-document';
import { ReportPrinter } from './report-printer';
import { loadReportsConfig } from './reports.config';
import { TemplateStore } from './template-store';

/** A stand-in for Chromium: each print waits until released, and the peak of prints at once is kept. */
class HeldPrinter {
  active = 0;
  peak = 0;
  private readonly held: (() => void)[] = [];
  readonly options = { printTimeoutMs: 1000 };

  async print(): Promise<Uint8Array> {
    this.active++;
    this.peak = Math.max(this.peak, this.active);
    await new Promise<void>((resolve) => this.held.push(resolve));
    this.active--;
    const doc = await PDFDocument.create();
    doc.addPage();
    return doc.save();
  }

  releaseAll(): void {
    this.held.splice(0).forEach((release) => release());
  }
}

const part = (key: string): ReportPart => ({ key, template: 'project-scorecard', model: { bookmark: key } });
const ticks = () => new Promise((r) => setImmediate(r));

function printerWith(queue: PrintQueue, singleConcurrency?: number): { reports: ReportPrinter; chromium: HeldPrinter } {
  const chromium = new HeldPrinter();
  const reports = new ReportPrinter(new TemplateStore(), chromium as unknown as ChromiumPrinter, queue, () => null, { maxChunk: 60, perReportTimeoutMs: 300, singleConcurrency });
  jest.spyOn(reports, 'html').mockReturnValue('<p>report</p>');
  return { reports, chromium };
}

describe('ReportPrinter single reports', () => {
  it('prints single reports in one slot fewer than the queue has, so a core stays with the API', async () => {
    const { reports, chromium } = printerWith(new PrintQueue(2, 2));
    expect(reports.singles.concurrency).toBe(1);
    const downloads = [reports.printOne(part('a')), reports.printOne(part('b')), reports.printOne(part('c'))];
    await ticks();
    expect(chromium.active).toBe(1);
    expect(reports.singles.size).toEqual({ running: 1, waiting: 2 });
    // The waiting line of single reports is full: the next download is refused with 503,
    // before its HTML is rendered (under load most downloads are refused).
    const rendered = jest.mocked(reports.html).mock.calls.length;
    await expect(reports.printOne(part('d'))).rejects.toBeInstanceOf(BusyError);
    expect(jest.mocked(reports.html).mock.calls.length).toBe(rendered);
    while (chromium.active > 0 || reports.singles.size.running > 0) {
      chromium.releaseAll();
      await ticks();
    }
    expect((await Promise.all(downloads)).map((r) => [r.key, r.pages])).toEqual([['a', 1], ['b', 1], ['c', 1]]);
    expect(chromium.peak).toBe(1);
  });

  it('lets the reports of an admitted batch use every slot', async () => {
    const { reports, chromium } = printerWith(new PrintQueue(2, 2));
    const inBatch = [reports.printOne(part('a'), true), reports.printOne(part('b'), true)];
    await ticks();
    expect(chromium.active).toBe(2);
    chromium.releaseAll();
    await Promise.all(inBatch);
  });

  it('never gives single reports more slots than the queue has, and keeps one slot on a 1-slot queue', () => {
    expect(printerWith(new PrintQueue(2, 2), 5).reports.singles.concurrency).toBe(2);
    expect(printerWith(new PrintQueue(1, 2)).reports.singles.concurrency).toBe(1);
  });
});

describe('loadReportsConfig print slots', () => {
  it('leaves single reports one slot fewer than REPORT_CONCURRENCY unless REPORT_SINGLE_CONCURRENCY says otherwise', () => {
    expect(loadReportsConfig({ REPORT_CONCURRENCY: '2' })).toMatchObject({ concurrency: 2, singleConcurrency: 1 });
    expect(loadReportsConfig({ REPORT_CONCURRENCY: '1' })).toMatchObject({ concurrency: 1, singleConcurrency: 1 });
    expect(loadReportsConfig({ REPORT_CONCURRENCY: '4', REPORT_SINGLE_CONCURRENCY: '4' })).toMatchObject({ singleConcurrency: 4 });
    expect(loadReportsConfig({ REPORT_CONCURRENCY: '2', REPORT_SINGLE_CONCURRENCY: '3' })).toMatchObject({ singleConcurrency: 2 });
    expect(() => loadReportsConfig({ REPORT_SINGLE_CONCURRENCY: '0' })).toThrow('REPORT_SINGLE_CONCURRENCY must be a positive integer');
  });

  it('sizes an API process that prints on the workers for the pages waiting on them, not for its own cores', () => {
    const api = { ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(loadReportsConfig(api)).toMatchObject({ concurrency: 8, singleConcurrency: 8 });
    expect(loadReportsConfig({ ...api, REPORT_CONCURRENCY: '3' })).toMatchObject({ concurrency: 3, singleConcurrency: 3 });
    expect(loadReportsConfig({ ...api, REPORT_SINGLE_CONCURRENCY: '2' })).toMatchObject({ concurrency: 8, singleConcurrency: 2 });
    // A process that prints itself (ROLE=all with Redis, a worker) keeps the core-based default.
    expect(loadReportsConfig({ ROLE: 'all', REDIS_URL: 'redis://127.0.0.1:6379', REPORT_CONCURRENCY: '2' })).toMatchObject({ concurrency: 2, singleConcurrency: 1 });
    expect(loadReportsConfig({ ROLE: 'worker', REDIS_URL: 'redis://127.0.0.1:6379', REPORT_CONCURRENCY: '2' })).toMatchObject({ concurrency: 2, singleConcurrency: 1 });
  });
});

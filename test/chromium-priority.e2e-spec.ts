import fs from 'node:fs';
import { sampleSources } from '../src/bench/pdf-fixtures';
import { descendantPids } from '../src/bench/spawned-server';
import { createReportPrinter } from '../src/reports/report-engine';
import { projectPart } from '../src/reports/report-parts';
import { ReportPrinter } from '../src/reports/report-printer';
import { loadReportsConfig } from '../src/reports/reports.config';
import { pdfTextCompact } from './support/pdf-tools';

/**
 * REPORT_CPU_PRIORITY=idle: Chromium prints in Linux's idle scheduling class, so a service's
 * requests are answered before a batch's prints. Read back from /proc: the policy of every thread
 * of every Chromium process (field 41 of /proc/<pid>/task/<tid>/stat; 5 is SCHED_IDLE).
 */
const SCHED_IDLE = 5;

function threadPolicies(pids: number[]): { pid: number; name: string; policy: number }[] {
  const out: { pid: number; name: string; policy: number }[] = [];
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // gone meanwhile
    }
    for (const tid of tids) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.push({ pid, name: fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(), policy: Number(fields[41 - 3]) });
      } catch {
        // thread ended meanwhile
      }
    }
  }
  return out;
}

const chromiumPids = () => descendantPids(process.pid).filter((pid) => /chrom/i.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1')));

describe('REPORT_CPU_PRIORITY', () => {
  it('is normal unless set, and refuses anything but normal or idle with the setting named', () => {
    expect(loadReportsConfig({}).cpuPriority).toBe('normal');
    expect(loadReportsConfig({ REPORT_CPU_PRIORITY: 'idle', PATH: process.env.PATH }).cpuPriority).toBe('idle');
    expect(() => loadReportsConfig({ REPORT_CPU_PRIORITY: 'low' })).toThrow('REPORT_CPU_PRIORITY must be normal or idle, got "low"');
    expect(() => loadReportsConfig({ REPORT_CPU_PRIORITY: 'idle', PATH: '/nonexistent' })).toThrow('REPORT_CPU_PRIORITY=idle needs Linux and its chrt command (Debian package util-linux)');
  });

  describe('idle', () => {
    let printer: ReportPrinter;
    beforeAll(() => {
      printer = createReportPrinter({ ...loadReportsConfig({ ...process.env, REPORT_CPU_PRIORITY: 'idle' }), concurrency: 1, printTimeoutMs: 60000 });
    });
    afterAll(() => printer.close());

    it('prints the scorecard with every Chromium process in the idle scheduling class', async () => {
      const [source] = await sampleSources(1, 'acceptance');
      const printed = await printer.printOne(projectPart(source));
      expect(pdfTextCompact(printed.pdf)).toContain(source.evaluation.subject.name.replace(/\s+/g, ''));

      const pids = chromiumPids();
      expect(pids.length).toBeGreaterThanOrEqual(2); // the browser and at least its renderer
      const threads = threadPolicies(pids);
      expect(threads.length).toBeGreaterThan(10);
      // Every thread inherits the class from the process that started it; glib's dconf helper
      // thread alone is started with a policy of its own (seen: 1 thread of some 100, idle).
      expect(threads.filter((t) => t.policy !== SCHED_IDLE && t.name !== 'dconf worker')).toEqual([]);
    });
  });
});

/**
 * npm run bench:pdf — 100 project scorecards written as separate PDF files, against the
 * straightforward path (one Chromium page, setContent + pdf per report, sequentially) in the same
 * run, with reports per second and the peak resident memory of Node and Chromium together.
 * BENCH_COUNT changes the batch size; BENCH_BASELINE_COUNT how many reports the slow path prints
 * (its rate is per report, so a sample is enough and keeps the run short); BENCH_ROUNDS how many
 * times the batch is printed (the median is reported: single rounds vary by ±20 % on this shared
 * machine).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../reports/atomic-write';
import { createReportPrinter } from '../reports/report-engine';
import { projectParts } from '../reports/report-parts';
import { sampleSources } from './pdf-fixtures';
import { peakSampler, treeCpuSeconds } from './process-memory';

const COUNT = Number(process.env.BENCH_COUNT ?? 100);
const BASELINE = Number(process.env.BENCH_BASELINE_COUNT ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => Number(process.hrtime.bigint()) / 1e6;
/** A UUID-shaped id, as stored evaluations have (its length sets the QR code's size). */
const sampleEvaluationId = (i: number) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;

async function main(): Promise<void> {
  // Printed as the service prints stored evaluations: each with its verification code and QR code.
  const sources = (await sampleSources(COUNT, 'acceptance')).map((s, i) => ({ ...s, stored: true, evaluationId: sampleEvaluationId(i) }));
  const { parts } = projectParts(sources);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-bench-'));
  const printer = createReportPrinter();
  const log = (s: string) => process.stdout.write(s + '\n');
  log(`bench:pdf — ${COUNT} project scorecards (acceptance stage), ${os.cpus().length} cores, Chromium ${printer.printer.options.executablePath}`);
  try {
    let t = now();
    await printer.warmUp(); // launches Chromium, loads the CJK font, prints the page-number stamps once
    log(`warm-up (launch, font, page-number stamps): ${(now() - t).toFixed(0)} ms`);

    // Straightforward path: one page per report, setContent + pdf, one after the other.
    const baselineSampler = peakSampler();
    let cpu = treeCpuSeconds();
    t = now();
    for (let i = 0; i < BASELINE; i++) {
      const r = await printer.printOne(parts[i % parts.length]);
      await writeFileAtomic(path.join(out, `baseline-${i}.pdf`), r.pdf);
    }
    const baseMs = now() - t;
    const basePeak = baselineSampler.stop();
    const baseCpu = (treeCpuSeconds() - cpu) / BASELINE;
    const basePerReport = baseMs / BASELINE;
    log(`straightforward (sequential, one print per report): ${BASELINE} reports in ${baseMs.toFixed(0)} ms = ${basePerReport.toFixed(0)} ms/report, ${(1000 / basePerReport).toFixed(1)} reports/s; ${COUNT} would take ~${((basePerReport * COUNT) / 1000).toFixed(1)} s; CPU ${(baseCpu * 1000).toFixed(0)} ms/report; peak memory (PSS, Node + Chromium) ${mib(basePeak)}`);

    // Batched path: chunks printed side by side, cut into one file per report, written atomically.
    const times: number[] = [];
    const cpus: number[] = [];
    let peak = 0;
    let pages = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const sampler = peakSampler();
      cpu = treeCpuSeconds();
      t = now();
      const result = await printer.printBatch(parts, { title: 'bench' });
      await Promise.all(result.reports.map((r, i) => writeFileAtomic(path.join(out, `report-${i}.pdf`), r.pdf)));
      times.push(now() - t);
      cpus.push(treeCpuSeconds() - cpu);
      peak = Math.max(peak, sampler.stop());
      pages = result.reports.reduce((s, r) => s + r.pages, 0);
      if (result.reports.length !== parts.length) throw new Error(`only ${result.reports.length} of ${parts.length} reports printed`);
    }
    const ms = median(times);
    log(`batched (chunks side by side, cut per report): ${COUNT} reports (${pages} pages) in ${ms.toFixed(0)} ms median of ${ROUNDS} [${times.map((x) => x.toFixed(0)).join(', ')}] = ${((COUNT * 1000) / ms).toFixed(1)} reports/s; CPU ${median(cpus).toFixed(1)} s over ${os.cpus().length} cores (${((median(cpus) * 1000) / COUNT).toFixed(0)} ms/report); peak memory (PSS, Node + Chromium) ${mib(peak)}`);
    log(`speed-up over straightforward: ${((basePerReport * COUNT) / ms).toFixed(1)}x; goal: ${COUNT} in ≤ 3000 ms (${ms <= 3000 ? 'met' : 'NOT met'}), peak < 1536 MiB (${peak < 1536 * 1024 * 1024 ? 'met' : 'NOT met'})`);

    // One scorecard with a warm browser (the HTTP path without HTTP).
    const single: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = now();
      await printer.printOne(parts[i]);
      single.push(now() - t);
    }
    log(`single scorecard, warm browser: median ${median(single).toFixed(0)} ms [${single.map((x) => x.toFixed(0)).join(', ')}] (goal < 400 ms)`);
    // Wall time suffers when other work shares the cores; CPU time says what an idle machine would do.
    log(`load average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (wall times above include any other load on the machine)`);
  } finally {
    await printer.printer.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

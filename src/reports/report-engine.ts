import { Logger } from '@nestjs/common';
import { subsetterOnFirstUse } from './cjk-font-subset';
import { ChromiumPrinter } from './chromium-printer';
import { PrintQueue } from './print-queue';
import { ReportPrinter } from './report-printer';
import { loadReportsConfig, ReportsConfig } from './reports.config';
import { TemplateStore } from './template-store';

/** Wires templates, the bounded queue (the API passes its shared one) and the Chromium printer; shared by the API, CLI and bench. */
export function createReportPrinter(
  config: ReportsConfig = loadReportsConfig(),
  templatesDir?: string,
  queue = new PrintQueue(config.concurrency, config.queueSize),
): ReportPrinter {
  const printer = new ChromiumPrinter({
    executablePath: config.chromiumPath,
    maxPrintsPerBrowser: config.maxPrintsPerBrowser,
    printTimeoutMs: config.printTimeoutMs,
    launchTimeoutMs: 30000,
    cpuPriority: config.cpuPriority,
  });
  // Not fatal: the reports then print with the system CJK fonts, only slower.
  const fonts = subsetterOnFirstUse(config.cjkFontPath, (problem) =>
    new Logger('Reports').warn(`${problem}; printing with the system CJK fonts (slower). Set REPORT_CJK_FONT to a TrueType CJK font.`),
  );
  return new ReportPrinter(new TemplateStore(templatesDir), printer, queue, fonts, {
    // 25 rather than 60: two chunks of 50 and their cutting held some 370 MiB more at once (bench:pdf
    // peak 1525–1602 MiB, over its 1536 MiB goal; 1160–1184 MiB with 25) for 3–5 % of the time.
    maxChunk: 25,
    perReportTimeoutMs: 300,
    singleConcurrency: config.singleConcurrency,
  });
}

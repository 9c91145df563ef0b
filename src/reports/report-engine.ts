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
  });
  // Not fatal: the reports then print with the system CJK fonts, only slower.
  const fonts = subsetterOnFirstUse(config.cjkFontPath, (problem) =>
    new Logger('Reports').warn(`${problem}; printing with the system CJK fonts (slower). Set REPORT_CJK_FONT to a TrueType CJK font.`),
  );
  return new ReportPrinter(new TemplateStore(templatesDir), printer, queue, fonts, {
    maxChunk: 60,
    perReportTimeoutMs: 300,
    singleConcurrency: config.singleConcurrency,
  });
}

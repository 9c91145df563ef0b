import { ChromiumPrinter } from './chromium-printer';
import { PrintQueue } from './print-queue';
import { ReportPrinter } from './report-printer';
import { loadReportsConfig, ReportsConfig } from './reports.config';
import { TemplateStore } from './template-store';

/** Wires templates, the bounded queue and the Chromium printer; shared by the API, CLI and bench. */
export function createReportPrinter(config: ReportsConfig = loadReportsConfig(), templatesDir?: string): ReportPrinter {
  const printer = new ChromiumPrinter({
    executablePath: config.chromiumPath,
    maxPrintsPerBrowser: config.maxPrintsPerBrowser,
    printTimeoutMs: config.printTimeoutMs,
    launchTimeoutMs: 30000,
  });
  return new ReportPrinter(new TemplateStore(templatesDir), printer, new PrintQueue(config.concurrency, config.queueSize));
}

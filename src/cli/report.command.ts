import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../common/errors';
import { shanghaiToday } from '../common/dates';
import { Evaluator } from '../evaluation/evaluator';
import { loadRuleSetFile } from '../rule-sets/rule-set-loader';
import { Stage } from '../rule-sets/rule-set.types';
import { removeTempFiles, safeFileName, writeFileAtomic } from '../reports/atomic-write';
import { createReportPrinter } from '../reports/report-engine';
import { projectParts, summaryPart } from '../reports/report-parts';
import { ReportPrinter } from '../reports/report-printer';
import { ScorecardSource } from '../reports/report-view.types';
import { parseArgs, printJson } from './cli-args';
import { parseProjectFile } from './evaluate.command';

/** A progress bar on stderr when it is a terminal; silent otherwise (logs, CI). */
export function progressBar(label: string): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (done, total) => {
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
    if (done >= total) process.stderr.write('\n');
  };
}

/**
 * Evaluations printed from a file are not stored, so their id is derived from what was evaluated:
 * the same rule-set version, stage and project always print the same id.
 */
function fileEvaluationId(ruleSetHash: string, stage: Stage, project: unknown): string {
  return 'file-' + createHash('sha256').update(`${ruleSetHash}\n${stage}\n${JSON.stringify(project)}`).digest('hex').slice(0, 16);
}

/**
 * npm run -s cli -- report --rules <path|id> --projects <file> --out <dir> [--stage application|acceptance]
 * Writes one PDF per project and the year summary into <dir>, each file atomically; stdout gets a
 * JSON list of what was written and what failed. Exit 0 when every report was written, 1 when
 * some failed (the others are still written), 2 for bad input.
 */
export async function reportCommand(argv: string[]): Promise<number> {
  const held: { printer: ReportPrinter | null } = { printer: null };
  const interrupted = () => {
    // Nothing half-written stays behind: drop temp files, stop Chromium, exit.
    removeTempFiles();
    void (held.printer?.close() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await run(argv, (p) => (held.printer = p));
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    await held.printer?.close();
  }
}

async function run(argv: string[], started: (p: ReportPrinter) => void): Promise<number> {
  const { options } = parseArgs(argv, ['rules', 'projects', 'out', 'stage']);
  if (!options.rules) throw new InputError('缺少 --rules <规则集文件或标识>');
  if (!options.projects) throw new InputError('缺少 --projects <项目文件>');
  if (!options.out) throw new InputError('缺少 --out <输出目录>');
  const stage = (options.stage ?? 'application') as Stage;
  if (!['application', 'acceptance'].includes(stage)) throw new InputError(`未知的阶段“${stage}”，可选：application、acceptance`);
  if (fs.existsSync(options.out) && !fs.statSync(options.out).isDirectory()) throw new InputError(`--out “${options.out}”不是目录`);

  const loaded = loadRuleSetFile(options.rules);
  const evaluator = new Evaluator(loaded);
  const projects = parseProjectFile(options.projects, evaluator);
  const report = await evaluator.evaluateProjectList(projects, stage);
  const sources: ScorecardSource[] = report.evaluations.map((evaluation, i) => ({
    evaluationId: fileEvaluationId(report.ruleSet.hash, stage, projects[i]),
    evaluatedAt: shanghaiToday(),
    ruleSet: report.ruleSet,
    stage,
    evaluation,
    document: loaded.document,
    project: projects[i],
  }));

  const printer = createReportPrinter();
  started(printer);
  {
    const { parts, failures } = projectParts(sources);
    const result = await printer.printBatch(parts, { title: `${loaded.document.title} 项目评估报告`, onProgress: progressBar('生成评估报告') });
    failures.push(...result.failures);
    const written: { project: string; file: string; pages: number }[] = [];
    const used = new Set<string>();
    const byKey = new Map(sources.map((s) => [s.evaluationId, s]));
    for (const r of result.reports) {
      const s = byKey.get(r.key)!;
      let name = safeFileName(`${s.evaluation.subject.region ?? ''}-${s.evaluation.subject.name}`, s.evaluation.subject.id);
      if (used.has(name)) name = `${name}-${s.evaluation.subject.id}`;
      used.add(name);
      const file = path.join(options.out, `${name}.pdf`);
      await writeFileAtomic(file, r.pdf);
      written.push({ project: s.evaluation.subject.id, file, pages: r.pages });
    }
    const years = [...new Set(projects.map((p) => p.year))].sort();
    const summaries: string[] = [];
    for (const year of years) {
      const part = summaryPart(sources.filter((s) => s.evaluation.subject.year === year), { year, today: shanghaiToday(), document: loaded.document });
      const printed = await printer.printOne(part);
      const file = path.join(options.out, `${year}年度汇总表.pdf`);
      await writeFileAtomic(file, printed.pdf);
      summaries.push(file);
    }
    await printJson({ ruleSet: report.ruleSet, stage, reports: written, summaries, failures });
    for (const f of failures) process.stderr.write(`未能生成：${f.bookmark}（${f.key}）：${f.error}\n`);
    return failures.length > 0 ? 1 : 0;
  }
}

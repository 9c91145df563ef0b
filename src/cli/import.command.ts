import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../common/errors';
import { describe } from '../spreadsheets/sheet-problem';
import { ImportRequest, SpreadsheetsService } from '../spreadsheets/spreadsheets.service';
import { withAppContext } from './app-context';
import { parseArgs, printJson } from './cli-args';

const USAGE = '用法：import projects|regions <文件.xlsx|文件.csv> [--year 2022] [--dry-run]';

/**
 * Imports a spreadsheet into the database like POST /api/projects/import (or
 * /api/regions/progress/import). stdout carries the plan JSON; every problem is also written to
 * stderr by sheet, row and column. Exit 0 when imported (or a clean dry run), 2 when the file has
 * problems — then nothing was written.
 */
export async function importCommand(argv: string[]): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const { options, positional } = parseArgs(argv.filter((a) => a !== '--dry-run'), ['year']);
  const [kind, file] = positional;
  if (!['projects', 'regions'].includes(kind ?? '') || !file) throw new InputError(USAGE);
  if (!fs.existsSync(file)) throw new InputError(`文件不存在：${file}`);
  if (options.year !== undefined && !/^\d{4}$/.test(options.year)) throw new InputError(`--year 应为四位年份，实际为“${options.year}”`);

  return withAppContext(async (app) => {
    const sheets = app.get(SpreadsheetsService);
    const request: ImportRequest = {
      file: fs.readFileSync(file), fileName: path.basename(file), dryRun: true,
      year: options.year ? Number(options.year) : undefined,
    };
    const run = (r: ImportRequest) => (kind === 'projects' ? sheets.importProjects(r) : sheets.importRegionProgress(r));
    const plan = await run(request);
    if (plan.problems.length > 0) {
      await printJson(plan);
      for (const p of plan.problems) process.stderr.write(`${describe(p)}\n`);
      process.stderr.write(`共 ${plan.problems.length} 处错误，未导入任何数据\n`);
      return 2;
    }
    const result = dryRun ? plan : await run({ ...request, dryRun: false });
    await printJson(result);
    const s = result.summary;
    process.stderr.write(`${dryRun ? '试导入（未写入）' : '已导入'}：新建 ${s.create}，更新 ${s.update}，无变化 ${s.unchanged}\n`);
    return 0;
  });
}

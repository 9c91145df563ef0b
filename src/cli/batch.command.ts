import os from 'node:os';
import { runWithUser } from '../auth/current-user';
import { InputError } from '../common/errors';
import { loadConfig } from '../config/app-config';
import { BatchDownloadsService } from '../jobs/batch-downloads.service';
import { UNFINISHED } from '../jobs/batch.types';
import { BatchesService } from '../jobs/batches.service';
import { PrismaService } from '../prisma/prisma.service';
import { removeTempFiles, writeFileAtomic } from '../reports/atomic-write';
import { withAppContext } from './app-context';
import { parseArgs, printJson } from './cli-args';
import { progressBar } from './report.command';

const USAGE = '用法：batch --year <年度> --out <文件.zip> [--stage application|acceptance] [--region <市州>] [--rules <规则集标识@版本>] [--kind scorecards|evaluations]';
const POLL_MS = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * npm run -s cli -- batch --year 2022 [--region 武汉] [--stage application] --out 评估报告.zip
 * Submits a batch as the API does (the same batch if an unfinished one of the same request
 * exists), follows its progress with the report command's bar, then writes the ZIP atomically.
 * Embedded (no REDIS_URL): this process runs the parts itself. With REDIS_URL: the workers do,
 * and this process only watches. Ctrl-C cancels the batch. Exit 0 completed, 1 failed or
 * cancelled, 2 bad input.
 */
export async function batchCommand(argv: string[]): Promise<number> {
  const { options } = parseArgs(argv, ['year', 'out', 'stage', 'region', 'rules', 'kind']);
  if (!options.year || !/^\d{4}$/.test(options.year)) throw new InputError(`缺少或无效的 --year（四位年份）。${USAGE}`);
  if (!options.out) throw new InputError(`缺少 --out <文件.zip>。${USAGE}`);
  // The operator at the machine acts with every right, under a name the batch and its files record.
  const operator = { id: 0, name: `命令行（${os.userInfo().username}）`, role: 'admin' as const, region: null, via: 'cli' as const };
  return withAppContext((app) =>
    runWithUser(operator, async () => {
      const batches = app.get(BatchesService);
      const prisma = app.get(PrismaService);
      const submitted = await batches.submit({
        kind: options.kind ?? 'scorecards',
        year: Number(options.year),
        ...(options.stage ? { stage: options.stage } : {}),
        ...(options.region ? { region: options.region } : {}),
        ...(options.rules ? { ruleSet: options.rules } : {}),
      });
      const mode = loadConfig().queue.redisUrl ? '由工作进程处理' : '在本进程处理';
      process.stderr.write(`批量任务 ${submitted.id}：共 ${submitted.total} 项，${mode}\n`);
      let interrupted = false;
      const cancel = () => {
        interrupted = true;
      };
      process.once('SIGINT', cancel);
      process.once('SIGTERM', cancel);
      try {
        const bar = progressBar(options.kind === 'evaluations' ? '批量评估' : '批量打印');
        let last = -1;
        for (;;) {
          const row = (await prisma.batch.findUnique({ where: { id: submitted.id } }))!;
          if (row.done !== last) bar(row.done, row.total);
          last = row.done;
          if (!UNFINISHED.includes(row.state as never)) break;
          if (interrupted) {
            await batches.cancel(submitted.id).catch(() => undefined);
            removeTempFiles();
            process.stderr.write(`\n已取消批量任务 ${submitted.id}\n`);
            return 130;
          }
          await sleep(POLL_MS);
        }
        const batch = await batches.get(submitted.id);
        const zip = await app.get(BatchDownloadsService).zip(submitted.id);
        await writeFileAtomic(options.out, zip.body);
        await printJson({ batch: { ...batch, files: batch.files.length }, zip: options.out });
        if (batch.reason) process.stderr.write(`${batch.reason}\n`);
        return batch.state === 'completed' ? 0 : 1;
      } finally {
        process.removeListener('SIGINT', cancel);
        process.removeListener('SIGTERM', cancel);
      }
    }),
  );
}

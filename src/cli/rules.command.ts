import { InputError } from '../common/errors';
import { readJsonFile, resolveRuleSetPath } from '../rule-sets/rule-set-files';
import { runFixtures } from '../rule-sets/fixture-runner';
import { loadRuleSetFile } from '../rule-sets/rule-set-loader';
import { validateRuleSet } from '../rule-sets/rule-set-validator';
import { printJson } from './cli-args';
import { rulesDiff, rulesExport, rulesImport } from './rules-store.command';

const USAGE = '用法：rules validate <路径> | rules test <路径> | rules import <文件> | rules export <标识> [--version N] [--out 文件] | rules diff <a> <b>';

/**
 * npm run -s cli -- rules …; validate/test exit 0 when valid / all fixtures pass, 1 when not.
 * import/export/diff work on the database (see rules-store.command.ts).
 */
export async function rulesCommand(argv: string[]): Promise<number> {
  const [action, target] = argv;
  if (action === 'import') return rulesImport(argv.slice(1));
  if (action === 'export') return rulesExport(argv.slice(1));
  if (action === 'diff') return rulesDiff(argv.slice(1));
  if (!target) throw new InputError(USAGE);
  if (action === 'validate') {
    const file = resolveRuleSetPath(target);
    const problems = validateRuleSet(readJsonFile(file, '规则集文件'));
    await printJson({ file, valid: problems.length === 0, problems });
    if (problems.length > 0) process.stderr.write(`规则集有 ${problems.length} 处错误\n`);
    return problems.length === 0 ? 0 : 1;
  }
  if (action === 'test') {
    const run = await runFixtures(loadRuleSetFile(target));
    await printJson(run);
    process.stderr.write(`${run.total - run.failed} passed, ${run.failed} failed\n`);
    for (const u of run.uncovered) process.stderr.write(`${u.message}\n`);
    return run.passed ? 0 : 1;
  }
  throw new InputError(`未知的 rules 子命令“${action}”。${USAGE}`);
}

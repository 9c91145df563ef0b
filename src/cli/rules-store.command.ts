import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../common/errors';
import { diffRuleSets } from '../rule-sets/rule-set-diff';
import { readJsonFile, resolveRuleSetPath } from '../rule-sets/rule-set-files';
import { RuleSetCopiesService } from '../rule-sets/rule-set-copies.service';
import { RuleSetDocument } from '../rule-sets/rule-set.types';
import { RuleSetsService } from '../rule-sets/rule-sets.service';
import { withAppContext } from './app-context';
import { parseArgs, printJson } from './cli-args';

const STORED = /^([a-z0-9][a-z0-9-]*)@(\d+)$/;

/** rules import <file>: the file becomes a draft in the database (validated; a bad file changes nothing). */
export async function rulesImport(argv: string[]): Promise<number> {
  const { positional } = parseArgs(argv, []);
  if (!positional[0]) throw new InputError('用法：rules import <规则集文件>');
  const input = readJsonFile(positional[0], '规则集文件');
  const draft = await withAppContext((app) => app.get(RuleSetCopiesService).import(input));
  await printJson({ ruleSetId: draft.ruleSetId, version: draft.version, revision: draft.revision, status: 'draft', hash: draft.hash });
  process.stderr.write(`已导入为规则集“${draft.ruleSetId}”的草稿（第 ${draft.version} 版），发布前请运行测试\n`);
  return 0;
}

/** rules export <id> [--version N] [--out file]: a stored version in the rules/ file format. */
export async function rulesExport(argv: string[]): Promise<number> {
  const { options, positional } = parseArgs(argv, ['version', 'out']);
  const id = positional[0];
  if (!id) throw new InputError('用法：rules export <规则集标识> [--version N] [--out 文件]');
  if (options.version !== undefined && !/^\d+$/.test(options.version)) throw new InputError(`--version 应为版本号，而不是“${options.version}”`);
  const document = await withAppContext(async (app) => {
    const ruleSets = app.get(RuleSetsService);
    const version = options.version ? Number(options.version) : (await ruleSets.requireSet(id)).activeVersion;
    if (!version) throw new InputError(`规则集“${id}”没有生效版本，请用 --version 指定`);
    return ruleSets.exportVersion(id, version);
  });
  if (options.out) {
    // Write beside the target and rename, so an interrupted export never leaves half a file.
    const tmp = path.join(path.dirname(options.out), `.${path.basename(options.out)}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(document, null, 2) + '\n');
    fs.renameSync(tmp, options.out);
    process.stderr.write(`已导出到 ${options.out}\n`);
  } else {
    await printJson(document);
  }
  return 0;
}

async function loadSide(ref: string): Promise<{ label: string; document: RuleSetDocument }> {
  const stored = STORED.exec(ref);
  if (!stored) return { label: ref, document: readJsonFile(resolveRuleSetPath(ref), '规则集文件') as RuleSetDocument };
  const loaded = await withAppContext((app) => app.get(RuleSetsService).loadVersion(stored[1], Number(stored[2])));
  return { label: ref, document: loaded.document };
}

/** rules diff <a> <b>: each side a file, a shipped rule-set id, or <id>@<version> from the database. */
export async function rulesDiff(argv: string[]): Promise<number> {
  const { positional } = parseArgs(argv, []);
  if (positional.length !== 2) throw new InputError('用法：rules diff <a> <b>（文件、rules/ 中的标识，或 标识@版本号）');
  const [a, b] = [await loadSide(positional[0]), await loadSide(positional[1])];
  const changes = diffRuleSets(a.document, b.document);
  await printJson({ from: a.label, to: b.label, changes });
  process.stderr.write(changes.length ? changes.map((c) => `- ${c.text}`).join('\n') + '\n' : '没有差异\n');
  return 0;
}

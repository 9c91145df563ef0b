#!/usr/bin/env node
import { InputError } from '../common/errors';
import { oneLine } from './cli-args';
import { evaluateCommand } from './evaluate.command';
import { rulesCommand } from './rules.command';

/**
 * The command line (see shared/docs/domain.md). stdout carries only JSON; messages go to stderr.
 * Exit 0 when the command ran, 2 with a one-line reason for bad input.
 */
const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  evaluate: evaluateCommand,
  rules: rulesCommand,
  import: async (argv) => (await import('./import.command')).importCommand(argv),
  seed: async () => (await import('./seed.command')).seedCommand(),
  users: async (argv) => (await import('./users.command')).usersCommand(argv),
  backup: async (argv) => (await import('./backup.command')).backupCommand(argv),
  report: async (argv) => (await import('./report.command')).reportCommand(argv),
  verify: async (argv) => (await import('./verify.command')).verifyCommand(argv),
  batch: async (argv) => (await import('./batch.command')).batchCommand(argv),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS[name];
  if (!command) throw new InputError(`未知的命令“${name ?? ''}”，可用：${Object.keys(COMMANDS).join('、')}`);
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof InputError) {
      process.stderr.write(`错误：${oneLine(err)}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`内部错误：${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  },
);

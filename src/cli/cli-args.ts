import { InputError } from '../common/errors';

/** Minimal option parser: --name value pairs and positional words; unknown options are refused. */
export function parseArgs(argv: string[], known: string[]): { options: Record<string, string>; positional: string[] } {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2);
      if (!known.includes(name)) throw new InputError(`未知的选项 --${name}，可用：${known.map((k) => '--' + k).join(' ')}`);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new InputError(`选项 --${name} 缺少取值`);
      options[name] = value;
    } else {
      positional.push(arg);
    }
  }
  return { options, positional };
}

/** Writes JSON to stdout and resolves once it is flushed (large results must not be cut). */
export function printJson(value: unknown): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(JSON.stringify(value, null, 2) + '\n')) resolve();
    else process.stdout.once('drain', resolve);
  });
}

/**
 * Writes a report `{ ruleSet, stage, evaluations: [...] }` to stdout one evaluation at a time, in
 * chunks, waiting for the pipe to drain: 10,000 evaluations never sit in memory as one string.
 */
export async function printReport(head: Record<string, unknown>, evaluations: AsyncIterable<unknown>): Promise<void> {
  let buffer = '{\n' + Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`).join('') + '  "evaluations": [';
  const flush = async () => {
    if (!process.stdout.write(buffer)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    buffer = '';
  };
  let first = true;
  for await (const e of evaluations) {
    buffer += (first ? '\n    ' : ',\n    ') + JSON.stringify(e);
    first = false;
    if (buffer.length > 1 << 16) await flush();
  }
  buffer += (first ? ']' : '\n  ]') + '\n}\n';
  await flush();
}

/** One line for stderr: the message and every detail with its pointer. */
export function oneLine(err: InputError): string {
  const details = err.details.map((d) => `${d.pointer} ${d.message}`).join('；');
  return (details ? `${err.message}：${details}` : err.message).replace(/\s*\n\s*/g, ' ');
}

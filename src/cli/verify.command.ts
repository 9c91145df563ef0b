import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../common/errors';
import { attachedEvaluation, verifyFile } from '../verification/file-verification';
import { VerificationService } from '../verification/verification.service';
import { withAppContext } from './app-context';
import { parseArgs, printJson } from './cli-args';

/**
 * npm run -s cli -- verify <file.pdf>
 * Checks a printed scorecard against the database: whether the evaluation it carries
 * (evaluation.json) is the stored one, and whether the file is byte for byte one the service
 * issued. Prints { file, evaluationId, code, genuine, reason, pdfIdentical, subject }; exit 0
 * when the check ran, whatever it found; 2 when the file cannot be checked (missing, not a PDF,
 * no evaluation attached).
 */
export async function verifyCommand(argv: string[]): Promise<number> {
  const { positional } = parseArgs(argv, []);
  if (positional.length !== 1) throw new InputError('用法：verify <评估报告.pdf>');
  const file = path.resolve(positional[0]);
  let pdf: Buffer;
  try {
    pdf = fs.readFileSync(file);
  } catch (err) {
    throw new InputError(`无法读取文件 ${positional[0]}：${(err as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (err as Error).message}`);
  }
  // Bad input is refused before the database is opened.
  const attached = await attachedEvaluation(positional[0], pdf);
  const result = await withAppContext((app) => verifyFile(positional[0], pdf, attached, app.get(VerificationService)));
  await printJson(result);
  return 0;
}

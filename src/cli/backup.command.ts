import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../config/app-config';
import { InputError } from '../common/errors';
import { parseArgs, printJson } from './cli-args';
import { backupPostgres } from './postgres-backup';

/**
 * A consistent copy of the live database, safe while the service runs. PostgreSQL: pg_dump
 * (postgres-backup.ts). SQLite: the online backup
 * API copies a snapshot page by page (WAL readers and writers are not blocked). The copy is
 * written beside the target and renamed into place only after an integrity check, so a failed
 * or interrupted backup never leaves a half-written file under the requested name.
 */
export async function backupCommand(argv: string[]): Promise<number> {
  const { options } = parseArgs(argv, ['out']);
  if (!options.out) throw new InputError('缺少 --out <备份文件路径>');
  const out = path.resolve(options.out);
  if (fs.existsSync(out)) throw new InputError(`备份文件已存在：${out}（不会覆盖，请换一个文件名）`);
  const config = loadConfig();
  if (config.databaseEngine === 'postgresql') {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    return backupPostgres(config.databaseUrl, out);
  }
  const source = config.databaseUrl.replace(/^file:/, '');
  if (!fs.existsSync(source)) throw new InputError(`数据库文件不存在：${source}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const partial = `${out}.partial-${process.pid}`;
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(partial);
  } finally {
    db.close();
  }
  try {
    const copy = new Database(partial, { fileMustExist: true });
    let check: string;
    let counts: Record<string, number>;
    try {
      // The copy stands alone: no -wal beside it, readable by any SQLite tool.
      copy.pragma('journal_mode = DELETE');
      check = String(copy.pragma('integrity_check', { simple: true }));
      counts = Object.fromEntries(
        ['Project', 'RegionProgress', 'RuleSetVersion', 'Evaluation', 'User', 'AuditLog'].map((t) => [t, Number((copy.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n)]),
      );
    } finally {
      copy.close();
    }
    if (check !== 'ok') throw new Error(`backup copy failed its integrity check: ${check}`);
    fs.chmodSync(partial, 0o600); // it holds password hashes and every region's data
    fs.renameSync(partial, out);
    await printJson({ backup: out, bytes: fs.statSync(out).size, integrity: check, rows: counts });
    return 0;
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

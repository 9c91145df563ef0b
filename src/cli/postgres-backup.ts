import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { InputError } from '../common/errors';
import { printJson } from './cli-args';

/** The tables whose rows the backup reports, as the SQLite backup does. */
const COUNTED = ['Project', 'RegionProgress', 'RuleSetVersion', 'Evaluation', 'User', 'AuditLog'];

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** pg_dump's connection: the URL without its password, which goes in PGPASSWORD (not on the command line, where ps shows it). */
function connection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} failed (exit ${code}): ${err.trim()}`))));
  });
}

/**
 * A PostgreSQL database is backed up by pg_dump (custom format, what pg_restore reads), run here
 * when it is installed; otherwise the command says so and how, and fails. The dump and the row
 * counts it prints come from one snapshot (exported by a repeatable-read transaction that stays
 * open meanwhile): writers are not stopped. The file is checked with pg_restore --list, made
 * readable by its owner only and given the requested name only then.
 */
export async function backupPostgres(databaseUrl: string, out: string): Promise<number> {
  if (!onPath('pg_dump') || !onPath('pg_restore')) {
    throw new InputError(
      `PostgreSQL 数据库请用 pg_dump 备份：本机未找到 pg_dump/pg_restore（Debian 请安装 postgresql-client，版本不低于数据库服务器）。` +
        `也可在数据库服务器上执行：pg_dump --format=custom --file=${out} <数据库名>`,
    );
  }
  const { dbname, env } = connection(databaseUrl);
  const partial = `${out}.partial-${process.pid}`;
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id;
    const rows: Record<string, number> = {};
    for (const table of COUNTED) rows[table] = (await client.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "${table}"`)).rows[0].n;
    await run('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, `--file=${partial}`, `--dbname=${dbname}`], env);
    await client.query('COMMIT');
    const listing = await run('pg_restore', ['--list', partial], env);
    const tables = listing.split('\n').filter((line) => / TABLE DATA /.test(line)).length;
    const missing = COUNTED.filter((t) => !listing.includes(` TABLE DATA public ${t} `) && !listing.includes(` TABLE DATA public "${t}" `));
    if (missing.length > 0) throw new Error(`the dump lacks the data of ${missing.join(', ')}`);
    fs.chmodSync(partial, 0o600); // it holds password hashes and every region's data
    fs.renameSync(partial, out);
    await printJson({ backup: out, bytes: fs.statSync(out).size, format: 'pg_dump custom (pg_restore)', tables, rows });
    return 0;
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    await client.end();
  }
}

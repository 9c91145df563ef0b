import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../config/app-config';

/**
 * The built service (dist/main.js) as a separate process on 127.0.0.1 and a random port, with its
 * own SQLite file: what the load bench drives and what the SIGTERM / kill tests kill.
 */
export interface SpawnedServer {
  proc: ChildProcess;
  pid: number;
  url: string;
  dbFile: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

const DIST = path.join(ROOT_DIR, 'dist');

function cli(databaseUrl: string, args: string[]): string {
  return execFileSync(process.execPath, [path.join(DIST, 'cli', 'main.js'), ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * A database with the migrations applied, the shipped rule set and the sample data (seed), and an
 * admin token for the caller. `template` is an already migrated file to copy (faster than migrating).
 */
export function prepareDatabase(dbFile: string, template?: string): { token: string } {
  if (!fs.existsSync(path.join(DIST, 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first');
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  if (template) fs.copyFileSync(template, dbFile);
  else {
    execFileSync(path.join(ROOT_DIR, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy', '--config', 'prisma/prisma.config.ts'], {
      cwd: ROOT_DIR, env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, stdio: 'ignore',
    });
  }
  return seedWithAdmin(`file:${dbFile}`);
}

/** Seeds a migrated database (SQLite file or PostgreSQL, by its URL) and creates an admin with a token. */
export function seedWithAdmin(databaseUrl: string): { token: string } {
  cli(databaseUrl, ['seed']);
  return { token: createUserToken(databaseUrl, 'admin') };
}

/** A new user of `role` (a name of its own) and its API token. */
export function createUserToken(databaseUrl: string, role: string, name = `driver-${process.pid}-${Date.now()}`): string {
  return (JSON.parse(cli(databaseUrl, ['users', 'create', '--name', name, '--role', role])) as { token: string }).token;
}

export async function startServer(dbFile: string, env: Record<string, string> = {}): Promise<SpawnedServer> {
  // SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the service under load.
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, path.join(DIST, 'main.js')], {
    env: { ...process.env, DATABASE_URL: `file:${dbFile}`, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 20 s:\n${out}`)), 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
  return { proc, pid: proc.pid!, url, dbFile, output: () => out, exited };
}

/** Direct children of a process (Chromium's browser process is a child of the service). */
export function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Every descendant: Chromium's zygote, GPU and renderer processes hang below its browser process. */
export function descendantPids(pid: number): number[] {
  const out: number[] = [];
  const stack = childPids(pid);
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...childPids(p));
  }
  return out;
}

/** Running (a zombie waiting to be reaped counts as gone: it holds no memory and does nothing). */
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

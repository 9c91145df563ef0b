import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(__dirname, '..', '..');
/** Lets the Prisma CLI exit when it is done (see src/setup/prisma-cli-timers.cjs). */
export const PRISMA_CLI_TIMERS = `--require "${path.join(ROOT, 'src', 'setup', 'prisma-cli-timers.cjs')}"`;

/**
 * The PostgreSQL server the tests use: 127.0.0.1:5432 as user postgres with trust auth (the
 * machines this project runs on start one there), or TEST_POSTGRES_URL (a URL without database).
 */
export const POSTGRES_SERVER = (process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432').replace(/\/+$/, '');

function urlOf(database: string): string {
  return `${POSTGRES_SERVER}/${database}`;
}

async function canConnect(): Promise<string | null> {
  const client = new pg.Client({ connectionString: urlOf('postgres'), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * Makes sure the server answers. When nothing listens on 127.0.0.1:5432 and this runs as root,
 * installs Debian's postgresql and starts its cluster (never a second server on a taken port);
 * otherwise fails saying exactly what is missing.
 */
export async function ensurePostgresServer(): Promise<void> {
  const problem = await canConnect();
  if (!problem) return;
  const custom = process.env.TEST_POSTGRES_URL !== undefined;
  if (custom || (await listens(5432)) || process.getuid?.() !== 0) {
    throw new Error(
      `PostgreSQL tests need a server at ${POSTGRES_SERVER} accepting user postgres without a password (${problem}). ` +
        (custom ? 'Check TEST_POSTGRES_URL.' : process.getuid?.() !== 0 ? 'As root, install it: apt-get install -y postgresql && pg_ctlcluster 15 main start (trust auth for 127.0.0.1 in pg_hba.conf), or set TEST_POSTGRES_URL.' : 'Something else listens on 127.0.0.1:5432: set TEST_POSTGRES_URL to a server the tests may use.'),
    );
  }
  const installed = !fs.existsSync('/usr/lib/postgresql');
  if (installed) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  const version = fs.readdirSync('/usr/lib/postgresql').sort().pop();
  // A cluster installed here, for the tests only: Debian's asks a password over TCP, which its
  // postgres user has none of; trust its own user on loopback, as the tests expect.
  const hba = `/etc/postgresql/${version}/main/pg_hba.conf`;
  if (installed && fs.existsSync(hba)) {
    fs.writeFileSync(hba, `host all postgres 127.0.0.1/32 trust\n${fs.readFileSync(hba, 'utf8')}`);
  }
  execFileSync('pg_ctlcluster', [version!, 'main', 'start'], { stdio: 'ignore' });
  const after = await canConnect();
  if (after) throw new Error(`PostgreSQL ${version} was started but refuses ${POSTGRES_SERVER} (${after}): allow trust auth for 127.0.0.1 in its pg_hba.conf, or set TEST_POSTGRES_URL.`);
}

/** A database of its own for one test file (unique name per run), dropped by drop(). */
export async function createThrowawayDatabase(label: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  await ensurePostgresServer();
  const name = `nct_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return {
    name,
    url: urlOf(name),
    // WITH (FORCE) ends connections a failed test left open.
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined),
  };
}

export async function adminQuery(sql: string, database = 'postgres'): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: urlOf(database), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `prisma migrate deploy` of prisma/postgresql/migrations to `url`, as set-up runs it. */
export function deployMigrations(url: string): Promise<{ code: number | null; output: string }> {
  if (!fs.existsSync(path.join(ROOT, 'prisma', 'postgresql', 'schema.prisma'))) {
    throw new Error('prisma/postgresql/schema.prisma is missing: run `npm run setup` (it generates it from prisma/schema.prisma)');
  }
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy', '--config', 'prisma/postgresql/prisma.config.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, NODE_OPTIONS: PRISMA_CLI_TIMERS },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Folder names of prisma/postgresql/migrations, in order. */
export function postgresMigrationNames(): string[] {
  return fs.readdirSync(path.join(ROOT, 'prisma', 'postgresql', 'migrations')).filter((d) => !d.endsWith('.toml')).sort();
}

/**
 * TEST_DATABASE=postgresql runs the e2e tests that start an app through test support on
 * PostgreSQL: global set-up migrates a template database once, and each app gets a copy of it.
 */
export const ON_POSTGRES = process.env.TEST_DATABASE === 'postgresql';

export async function createTemplateDatabase(): Promise<string> {
  const db = await createThrowawayDatabase('template');
  const deployed = await deployMigrations(db.url);
  if (deployed.code !== 0) {
    await db.drop();
    throw new Error(`prisma migrate deploy failed on ${db.name}:\n${deployed.output}`);
  }
  return db.name;
}

/** A copy of the template database (CREATE DATABASE … TEMPLATE, a file copy on the server). */
export async function copyOfTemplate(template: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `nct_app_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return { url: urlOf(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined) };
}

/**
 * Drops the throwaway databases of test runs on this machine whose process is gone (killed, or
 * ended by --forceExit before dropping them). Named nct_<label>_<pid>_<random> by this file; a
 * machine without a PostgreSQL server skips this.
 */
export async function dropDatabasesOfDeadRuns(): Promise<void> {
  // Only on the loopback server: on another one, a run's process may live on another machine.
  if (process.env.TEST_POSTGRES_URL !== undefined || (await canConnect())) return;
  const { rows } = await adminQuery(`SELECT datname FROM pg_database WHERE datname ~ '^nct_(e2e|app|template|restore)_[0-9]+_[0-9a-f]{8}$'`);
  for (const { datname } of rows as { datname: string }[]) {
    const pid = Number(datname.split('_')[2]);
    if (pid === process.pid || alive(pid)) continue;
    await adminQuery(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

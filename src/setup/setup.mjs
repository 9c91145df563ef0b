#!/usr/bin/env node
// Idempotent set-up run by `npm start`, `npm test` and `npm run cli`: installs what is missing
// (Debian packages when root, npm packages, the Prisma client, the TypeScript build, database
// migrations and the seed) and is quick when nothing is. Uses Node built-ins only, because it runs
// before node_modules exists. Everything it prints goes to stderr: the CLI's stdout is JSON only.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTestRedis } from './test-redis.mjs';
import { POSTGRES_SCHEMA, writePostgresSchema } from './postgres-schema.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const quiet = process.argv.includes('--quiet');
const skipDb = process.argv.includes('--no-db');
const log = (msg) => process.stderr.write(`[setup] ${msg}\n`);
const info = (msg) => { if (!quiet) log(msg); };

function run(cmd, args, env = {}) {
  const result = spawnSync(cmd, args, {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    log(`failed: ${cmd} ${args.join(' ')} (exit ${result.status})`);
    process.exit(result.status || 1);
  }
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function hashOf(...files) {
  const h = createHash('sha256');
  for (const f of files) h.update(fs.existsSync(f) ? fs.readFileSync(f) : '');
  return h.digest('hex');
}

function stampMatches(stampFile, value) {
  return fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === value;
}

function writeStamp(stampFile, value) {
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, value);
}

// 1. Debian packages: Chromium prints the PDFs, a CJK font keeps Chinese from printing as boxes,
// poppler-utils lets the tests read the PDFs back.
function ensureSystemPackages() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const missing = [];
  if (!fs.existsSync(chromium)) missing.push('chromium');
  const cjk = has('fc-list') ? execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }) : '';
  // Zen Hei is the complete CJK font; Droid Sans Fallback is a 4 MB font that prints much faster
  // and is the one subset into each report; Liberation Sans prints the Latin letters and digits,
  // which Droid lacks (see templates/report.css).
  if (!/WenQuanYi Zen Hei/i.test(cjk)) missing.push('fonts-wqy-zenhei');
  if (!/Droid Sans Fallback/i.test(cjk)) missing.push('fonts-droid-fallback');
  const latin = has('fc-list') ? execFileSync('fc-list', [':family=Liberation Sans', 'family'], { encoding: 'utf8' }) : '';
  if (!/Liberation Sans/i.test(latin)) missing.push('fonts-liberation');
  if (!has('pdftotext')) missing.push('poppler-utils');
  // The conformance gate of the printed PDF/A files (test/pdfa-conformance.e2e-spec.ts): qpdf, and
  // PDFBox Preflight with the two libraries it needs on a Java runtime.
  if (!has('qpdf')) missing.push('qpdf');
  if (!has('java')) missing.push('default-jre-headless');
  if (!fs.existsSync('/usr/share/java/preflight.jar')) missing.push('libpdfbox2-java');
  if (!fs.existsSync('/usr/share/java/javax.activation.jar')) missing.push('libactivation-java');
  if (!fs.existsSync('/usr/share/java/jaxb-api.jar')) missing.push('libjaxb-api-java');
  if (missing.length === 0) return;
  if (process.getuid?.() === 0 && has('apt-get')) {
    log(`installing Debian packages: ${missing.join(' ')}`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { DEBIAN_FRONTEND: 'noninteractive' });
  } else {
    log(`missing Debian packages: ${missing.join(' ')}. PDF scorecards and their tests need them.`);
    log(`install them as root: sudo apt-get install -y ${missing.join(' ')}` +
      (fs.existsSync(chromium) ? '' : ` (or set CHROMIUM_PATH to a Chromium executable)`));
  }
}

// 2. npm packages, reinstalled when the lockfile changes.
function ensureNodeModules() {
  const stamp = path.join(root, 'node_modules', '.setup-lock-hash');
  const want = hashOf(path.join(root, 'package-lock.json'));
  if (stampMatches(stamp, want)) return;
  log('installing npm packages (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeStamp(stamp, want);
}

// 3. Prisma clients, regenerated when the schema changes: SQLite's, and PostgreSQL's from the
// copy of the schema with its provider swapped (prisma/postgresql/schema.prisma, generated).
// Both are built, so dist/ is the same whichever engine DATABASE_URL names.
function ensurePrismaClient() {
  const stamp = path.join(root, 'src', 'generated', '.schema-hash');
  const want = hashOf(path.join(root, 'prisma', 'schema.prisma'), path.join(root, 'src', 'setup', 'postgres-schema.mjs'));
  if (stampMatches(stamp, want) && fs.existsSync(path.join(root, POSTGRES_SCHEMA))) return;
  log('generating the Prisma clients');
  // Prisma checks DATABASE_URL against each schema's provider (else it tries to download an
  // engine); generate connects to neither.
  const prisma = path.join(root, 'node_modules', '.bin', 'prisma');
  run(prisma, ['generate', '--config', 'prisma/prisma.config.ts'], { DATABASE_URL: `file:${path.join(root, 'data', 'app.db')}` });
  writePostgresSchema(root);
  run(prisma, ['generate', '--config', 'prisma/postgresql/prisma.config.ts'], { DATABASE_URL: 'postgresql://generate@127.0.0.1:1/unused' });
  writeStamp(stamp, want);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

// 4. TypeScript build, redone when a source file is newer than the last build.
function ensureBuild() {
  const stamp = path.join(root, 'dist', '.build-stamp');
  const newest = String(Math.max(newestMtime(path.join(root, 'src')), fs.statSync(path.join(root, 'tsconfig.json')).mtimeMs));
  if (stampMatches(stamp, newest) && fs.existsSync(path.join(root, 'dist', 'main.js'))) return;
  log('compiling TypeScript');
  run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json']);
  writeStamp(stamp, newest);
}

// 5. Database: migrations applied when the set of migrations changes, then the idempotent seed
// (again when a shipped rule set changes: a new format is published beside the stored versions).
function ensureDatabase() {
  if (/^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL)) return ensurePostgresDatabase();
  const dbFile = process.env.DATABASE_URL?.replace(/^file:/, '') ?? path.join(root, 'data', 'app.db');
  const migrations = fs.readdirSync(path.join(root, 'prisma', 'migrations')).filter((d) => !d.endsWith('.toml')).sort();
  const state = [...migrations, shippedRulesHash()].join('\n');
  const stamp = `${dbFile}.migrations`;
  if (fs.existsSync(dbFile) && stampMatches(stamp, state)) return;
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  log(`applying database migrations to ${path.relative(root, dbFile)}`);
  run(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy', '--config', 'prisma/prisma.config.ts']);
  log('seeding the 2022 rule set and sample projects');
  run(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), 'seed']);
  // Fresh install: a first admin, its credentials in a 0600 file beside the database (the
  // command says where on stderr). Does nothing once any user exists.
  run(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), 'users', 'bootstrap', '--out', path.join(path.dirname(dbFile), 'admin-credentials.txt')]);
  writeStamp(stamp, state);
  // It holds password hashes and every region's data: readable by the service account only.
  fs.chmodSync(dbFile, 0o600);
}

// Lets the Prisma CLI exit when it is done instead of 10 s later (src/setup/prisma-cli-timers.cjs).
const PRISMA_CLI_TIMERS = `--require "${path.join(root, 'src', 'setup', 'prisma-cli-timers.cjs')}"`;

function shippedRulesHash() {
  const rules = fs.readdirSync(path.join(root, 'rules')).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(root, 'rules', f));
  return hashOf(...rules);
}

// 5'. PostgreSQL (DATABASE_URL=postgresql://…): the database is shared by every machine, so what
// it holds is asked of it, not of a local stamp. When a migration of prisma/postgresql/migrations
// is not applied yet, or the shipped rule sets changed since this machine last seeded: migrate
// deploy (Prisma holds an advisory lock: machines starting together apply each migration once),
// then the seed and the first admin (each under a lock of their own, see
// PrismaService.exclusively). The first admin's credentials are written on the machine that
// created it, to data/admin-credentials-<database>.txt.
async function ensurePostgresDatabase() {
  const folder = path.join(root, 'prisma', 'postgresql', 'migrations');
  const migrations = fs.readdirSync(folder).filter((d) => !d.endsWith('.toml')).sort();
  const applied = await appliedPostgresMigrations();
  const urlHash = createHash('sha256').update(process.env.DATABASE_URL).digest('hex').slice(0, 16);
  const stamp = path.join(root, '.setup-stamps', `postgresql-${urlHash}`);
  const state = [...migrations, shippedRulesHash()].join('\n');
  if (migrations.every((m) => applied.has(m)) && stampMatches(stamp, state)) return;
  log('applying PostgreSQL migrations (prisma/postgresql/migrations)');
  run(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy', '--config', 'prisma/postgresql/prisma.config.ts'], { NODE_OPTIONS: PRISMA_CLI_TIMERS });
  log('seeding the 2022 rule set and sample projects where missing');
  run(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), 'seed']);
  // Named after the database: a machine that also has a SQLite install keeps that one's file.
  const database = decodeURIComponent(new URL(process.env.DATABASE_URL).pathname.slice(1));
  run(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), 'users', 'bootstrap', '--out', path.join(root, 'data', `admin-credentials-${database}.txt`)]);
  writeStamp(stamp, state);
}

/** Names of the migrations applied to the PostgreSQL database (none if it has no table yet). */
async function appliedPostgresMigrations() {
  const pg = createRequire(import.meta.url)('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    log(`cannot reach the PostgreSQL server of DATABASE_URL: ${err.message}`);
    process.exit(1);
  }
  try {
    const { rows } = await client.query(`SELECT to_regclass('_prisma_migrations')::text AS t`);
    if (!rows[0].t) return new Set();
    const done = await client.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
    return new Set(done.rows.map((r) => r.migration_name));
  } finally {
    await client.end();
  }
}

process.env.DATABASE_URL ??= `file:${path.join(root, 'data', 'app.db')}`;
ensureSystemPackages();
ensureNodeModules();
ensurePrismaClient();
ensureBuild();
if (!skipDb) await ensureDatabase();
// npm test: the multi-machine tests' Redis (npm sets npm_lifecycle_event to the script's name).
if (process.env.npm_lifecycle_event === 'test') await ensureTestRedis({ log, run, has });
info('ready');

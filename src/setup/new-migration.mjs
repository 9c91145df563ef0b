#!/usr/bin/env node
// Writes one migration for both providers from a change of prisma/schema.prisma:
//
//   npm run -s db:migration -- <name> [--from <git revision | schema file>] [--dry-run]
//
// The SQL takes the schema as it was (--from: prisma/schema.prisma at a git revision, HEAD by
// default, or a file) to prisma/schema.prisma as it is, diffed datamodel to datamodel by
// `prisma migrate diff --from-schema-datamodel … --to-schema-datamodel … --script` once as SQLite
// and once as PostgreSQL; no database is read. The same <timestamp>_<name> folder is written
// under prisma/migrations and prisma/postgresql/migrations (--dry-run prints both instead).
// Never `--from-migrations`: with a driver adapter it applies the migrations to the database
// DATABASE_URL names. Offline, Prisma 6.19 must run through the adapter config and needs some
// DATABASE_URL to read the schema (else it tries to download a native engine): a scratch SQLite
// file in a temporary folder, removed afterwards. test/postgres-migrations.e2e-spec.ts checks
// that each folder's migrations produce the schema.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresSchemaOf } from './postgres-schema.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FOLDERS = { sqlite: path.join(root, 'prisma', 'migrations'), postgresql: path.join(root, 'prisma', 'postgresql', 'migrations') };
const EMPTY = '-- This is an empty migration.';

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parse(argv) {
  const args = { name: null, from: 'HEAD', dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--from') args.from = argv[++i];
    else if (argv[i] === '--dry-run') args.dryRun = true;
    else if (!args.name && !argv[i].startsWith('--')) args.name = argv[i];
    else fail(`unknown argument: ${argv[i]}`);
  }
  if (!args.name || !/^[a-z][a-z0-9_]{0,60}$/.test(args.name)) fail('usage: npm run -s db:migration -- <name: lower-case letters, digits, _> [--from <git revision | schema file>] [--dry-run]');
  if (!args.from) fail('--from needs a git revision or a schema file');
  return args;
}

function oldSchema(from) {
  if (fs.existsSync(from)) return fs.readFileSync(from, 'utf8');
  try {
    return execFileSync('git', ['show', `${from}:prisma/schema.prisma`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return fail(`--from ${from}: neither a file nor a git revision that has prisma/schema.prisma`);
  }
}

function diff(scratch, from, to) {
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'diff', '--config', 'prisma/prisma.config.ts', '--from-schema-datamodel', from, '--to-schema-datamodel', to, '--script'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: `file:${path.join(scratch, 'scratch.db')}`, NODE_OPTIONS: `--require "${path.join(root, 'src', 'setup', 'prisma-cli-timers.cjs')}"` },
  });
  if (result.status !== 0) fail(`prisma migrate diff failed:\n${result.stderr}${result.stdout}`);
  // The CLI may print where it loaded its config from on stdout too.
  return result.stdout.split('\n').filter((line) => !line.startsWith('Loaded Prisma config from')).join('\n').trim();
}

/** UTC yyyymmddhhmmss, after every migration already in either folder. */
function timestamp() {
  const now = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const newest = Object.values(FOLDERS).flatMap((dir) => (fs.existsSync(dir) ? fs.readdirSync(dir) : [])).filter((d) => /^\d{14}_/.test(d)).map((d) => d.slice(0, 14)).sort().pop() ?? '';
  return now > newest ? now : String(BigInt(newest) + 1n);
}

const args = parse(process.argv.slice(2));
const before = oldSchema(args.from);
const after = fs.readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-'));
let scripts;
try {
  const files = { old: path.join(scratch, 'old.prisma'), new: path.join(scratch, 'new.prisma'), oldPg: path.join(scratch, 'old-pg.prisma'), newPg: path.join(scratch, 'new-pg.prisma') };
  fs.writeFileSync(files.old, before);
  fs.writeFileSync(files.new, after);
  fs.writeFileSync(files.oldPg, postgresSchemaOf(before));
  fs.writeFileSync(files.newPg, postgresSchemaOf(after));
  scripts = { sqlite: diff(scratch, files.old, files.new), postgresql: diff(scratch, files.oldPg, files.newPg) };
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
if (scripts.sqlite === EMPTY && scripts.postgresql === EMPTY) fail(`prisma/schema.prisma has not changed since ${args.from}: no migration written`);
const folder = `${timestamp()}_${args.name}`;
for (const [provider, sql] of Object.entries(scripts)) {
  if (args.dryRun) {
    process.stdout.write(`-- ${provider}: ${path.relative(root, path.join(FOLDERS[provider], folder, 'migration.sql'))}\n${sql}\n\n`);
    continue;
  }
  fs.mkdirSync(path.join(FOLDERS[provider], folder), { recursive: true });
  fs.writeFileSync(path.join(FOLDERS[provider], folder, 'migration.sql'), `${sql}\n`);
  process.stderr.write(`wrote ${path.relative(root, path.join(FOLDERS[provider], folder, 'migration.sql'))}\n`);
}
if (!args.dryRun) process.stderr.write('Read both before committing (a rename diffs as drop and add), then: npm run -s setup (applies them)\n');

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PRISMA_CLI_TIMERS } from './support/postgres';
import { ROOT } from './support/test-app';

/**
 * One schema (prisma/schema.prisma), a migrations folder per provider. These fail when a
 * folder's migrations do not produce the schema (a migration forgotten for one provider, or
 * edited by hand), when the generated PostgreSQL copy of the schema is stale, or when the command
 * that writes a migration for both stops doing so. PostgreSQL's own folder is checked the same
 * way in test/postgres.e2e-spec.ts, on the database it migrates there.
 */
const prisma = path.join(ROOT, 'node_modules', '.bin', 'prisma');
let scratch: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-test-'));
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

it('SQLite: a database migrated by prisma/migrations is in sync with prisma/schema.prisma', () => {
  // The e2e template was made by `migrate deploy` of prisma/migrations (global-setup.ts).
  const db = path.join(scratch, 'migrated.db');
  fs.copyFileSync(process.env.TEST_TEMPLATE_DB!, db);
  // db push reports "already in sync", or changes the scratch copy (and says so), or refuses.
  const push = spawnSync(prisma, ['db', 'push', '--config', 'prisma/prisma.config.ts', '--skip-generate'], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: `file:${db}`, NODE_OPTIONS: PRISMA_CLI_TIMERS },
  });
  expect({ status: push.status, output: /already in sync/.test(push.stdout) ? 'in sync' : push.stdout + push.stderr }).toEqual({ status: 0, output: 'in sync' });
});

it('the PostgreSQL schema set-up generated is prisma/schema.prisma with its provider swapped', () => {
  const expected = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "import { postgresSchemaOf } from './src/setup/postgres-schema.mjs'; import fs from 'node:fs'; process.stdout.write(postgresSchemaOf(fs.readFileSync('prisma/schema.prisma', 'utf8')))"],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const generated = fs.readFileSync(path.join(ROOT, 'prisma', 'postgresql', 'schema.prisma'), 'utf8');
  expect(generated).toBe(expected);
  expect(generated).toMatch(/datasource db \{[^}]*provider = "postgresql"/);
  expect(generated.replace(/^\/\/ GENERATED.*\n/, '').replace('"postgresql"', '"sqlite"').replace('../../src/generated/prisma-postgresql', '../src/generated/prisma'))
    .toBe(fs.readFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), 'utf8'));
});

it('db:migration writes the same change for both providers from a schema change, offline', () => {
  // The schema as it was before ApiToken.lastUsedAt was added.
  const before = path.join(scratch, 'before.prisma');
  const current = fs.readFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), 'utf8');
  expect(current).toMatch(/\n  lastUsedAt DateTime\?\n/);
  fs.writeFileSync(before, current.replace(/\n  lastUsedAt DateTime\?\n/, '\n'));
  const run = spawnSync(process.execPath, ['src/setup/new-migration.mjs', 'token_last_used', '--from', before, '--dry-run'], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status).toBe(0);
  const [sqlite, postgresql] = run.stdout.split(/^-- postgresql: /m);
  expect(sqlite).toMatch(/^-- sqlite: prisma\/migrations\/\d{14}_token_last_used\/migration\.sql\n/);
  expect(sqlite).toContain('ALTER TABLE "ApiToken" ADD COLUMN "lastUsedAt" DATETIME;');
  expect(postgresql).toMatch(/^prisma\/postgresql\/migrations\/\d{14}_token_last_used\/migration\.sql\n/);
  expect(postgresql).toMatch(/ALTER TABLE "ApiToken" ADD COLUMN\s+"lastUsedAt" TIMESTAMP\(3\);/);
  // Unchanged schema: nothing to write, and it says so.
  const unchanged = spawnSync(process.execPath, ['src/setup/new-migration.mjs', 'nothing', '--from', path.join(ROOT, 'prisma', 'schema.prisma'), '--dry-run'], { cwd: ROOT, encoding: 'utf8' });
  expect(unchanged.status).toBe(2);
  expect(unchanged.stderr).toContain('has not changed');
});

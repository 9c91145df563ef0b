import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createTemplateDatabase, dropDatabasesOfDeadRuns, ensurePostgresServer, ON_POSTGRES } from './postgres';

/**
 * Applies the migrations once to a template SQLite file; each e2e test file copies it, so every
 * file runs against a real, fresh database without paying for migrate deploy again. Each run has
 * its own folder (two runs at once must not delete each other's databases); folders of runs
 * older than a day are removed.
 */
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const base = path.join(root, 'test-output', 'db');
  fs.mkdirSync(base, { recursive: true });
  for (const entry of fs.readdirSync(base)) {
    const p = path.join(base, entry);
    if (Date.now() - fs.statSync(p).mtimeMs > 24 * 3600 * 1000) fs.rmSync(p, { recursive: true, force: true });
  }
  const dir = path.join(base, `run-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  const template = path.join(dir, 'template.db');
  execFileSync(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy', '--config', 'prisma/prisma.config.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${template}` },
    stdio: 'ignore',
  });
  process.env.TEST_TEMPLATE_DB = template;
  // Here, not in a test's hook: installing PostgreSQL where it is missing takes longer than a
  // hook may. Where it cannot be had, the PostgreSQL tests fail with this same reason.
  await ensurePostgresServer().catch((err: Error) => process.stderr.write(`[test set-up] ${err.message}\n`));
  await dropDatabasesOfDeadRuns();
  // TEST_DATABASE=postgresql: the apps of test support run on copies of a migrated PostgreSQL
  // database instead (global-teardown.ts drops it).
  if (ON_POSTGRES) process.env.TEST_POSTGRES_TEMPLATE = await createTemplateDatabase();
}

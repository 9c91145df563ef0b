import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Applies the migrations once to a template SQLite file; each e2e test file copies it, so every
 * file runs against a real, fresh database without paying for migrate deploy again.
 */
export default function globalSetup(): void {
  const root = path.resolve(__dirname, '..', '..');
  const dir = path.join(root, 'test-output', 'db');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const template = path.join(dir, 'template.db');
  execFileSync(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy', '--config', 'prisma/prisma.config.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${template}` },
    stdio: 'ignore',
  });
  process.env.TEST_TEMPLATE_DB = template;
}

import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { createPostgresPool } from '../../src/prisma/postgres-pool';

// The Prisma CLI on PostgreSQL (`migrate deploy` at set-up on every node, `db push` in the
// migration test), offline like the SQLite config beside it (../prisma.config.ts). The schema
// is generated from ../schema.prisma by set-up (src/setup/postgres-schema.mjs).
const root = path.resolve(__dirname, '..', '..');

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(root, 'prisma', 'postgresql', 'schema.prisma'),
  migrations: { path: path.join(root, 'prisma', 'postgresql', 'migrations') },
  async adapter() {
    const url = process.env.DATABASE_URL ?? '';
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must be a postgresql:// URL for prisma/postgresql/prisma.config.ts');
    // A short idle time: the CLI exits once its pool is empty, instead of lingering 10 s.
    return new PrismaPg(createPostgresPool(url, { idleTimeoutMillis: 100, allowExitOnIdle: true }), { disposeExternalPool: true });
  },
});

import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

// Prisma 6.19 runs its schema engine as WebAssembly through this adapter: the native engine
// cannot be downloaded on the bureau's offline network (see shared/docs/toolchain.md).
const root = path.resolve(__dirname, '..');
const url = process.env.DATABASE_URL ?? `file:${path.join(root, 'data', 'app.db')}`;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(root, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(root, 'prisma', 'migrations') },
  async adapter() {
    return new PrismaBetterSQLite3({ url });
  },
});

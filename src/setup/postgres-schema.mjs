// prisma/schema.prisma is the one schema. Prisma cannot take the provider from the environment,
// so PostgreSQL gets a copy with the provider swapped and its client generated elsewhere
// (src/generated/prisma-postgresql); set-up and the migration writer call this. Built-ins only.
import fs from 'node:fs';
import path from 'node:path';

export const POSTGRES_SCHEMA = path.join('prisma', 'postgresql', 'schema.prisma');

const HEADER = '// GENERATED from prisma/schema.prisma by src/setup/postgres-schema.mjs: edit that file, not this one.\n';

/** The PostgreSQL copy of a SQLite schema's text (it is written beside prisma/postgresql/). */
export function postgresSchemaOf(sqliteSchema) {
  let swapped = 0;
  const text = sqliteSchema
    .replace(/(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*)"sqlite"/, (_, head) => (swapped++, `${head}"postgresql"`))
    .replace(/(generator\s+\w+\s*\{[^}]*?output\s*=\s*)"\.\.\/src\/generated\/prisma"/, (_, head) => (swapped++, `${head}"../../src/generated/prisma-postgresql"`));
  if (swapped !== 2) throw new Error('prisma/schema.prisma: expected a datasource with provider "sqlite" and a generator with output "../src/generated/prisma"');
  return HEADER + text;
}

/** Writes prisma/postgresql/schema.prisma from prisma/schema.prisma when it differs; true if it did. */
export function writePostgresSchema(root) {
  const want = postgresSchemaOf(fs.readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8'));
  const file = path.join(root, POSTGRES_SCHEMA);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === want) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, want);
  return true;
}

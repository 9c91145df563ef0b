import { adminQuery } from './postgres';

/** Drops the PostgreSQL template database of a TEST_DATABASE=postgresql run (global-setup.ts). */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.TEST_POSTGRES_TEMPLATE;
  if (template) await adminQuery(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
}

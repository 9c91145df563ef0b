import { adminQuery, createTemplateDatabase } from './support/postgres';

/**
 * The API e2e tests and the rule-set lifecycle tests again, as written, on PostgreSQL: each app
 * they start runs on a copy of a migrated PostgreSQL database (test support, see global-setup.ts),
 * so projects, evaluations, quotas, drafts, publishing and activation are checked on both engines.
 * Run any other e2e file the same way with TEST_DATABASE=postgresql.
 */
let template: string | undefined;

beforeAll(async () => {
  template = await createTemplateDatabase();
  process.env.TEST_POSTGRES_TEMPLATE = template;
}, 60_000);
afterAll(async () => {
  delete process.env.TEST_POSTGRES_TEMPLATE;
  if (template) await adminQuery(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
});

// Required, not imported: their hooks must come after the one above that makes the template.
describe('api.e2e-spec on PostgreSQL', () => {
  require('./api.e2e-spec');
});
describe('rule-set-lifecycle.e2e-spec on PostgreSQL', () => {
  require('./rule-set-lifecycle.e2e-spec');
});

import { Role } from '../src/auth/roles.decorator';
import { discoverRoutes, expressRoutes, RouteInfo } from './support/routes';
import { Agent, startTestApp, TestApp } from './support/test-app';

/**
 * The access policy, route by route. Generated routes are compared with this table, so a new
 * route fails here until someone decides (and writes down) who may call it.
 *   PUBLIC  anyone, signed in or not        R  every signed-in role (reads)
 *   W  evaluator + region (project/progress writes; region users only their own 市州)
 *   P  policy (rule sets)    E  evaluator    D  evaluator, region, policy (dry run)
 *   A  admin only            ALL every signed-in role
 * admin may call every route that is not PUBLIC.
 */
const POLICY = `
GET /health PUBLIC
GET /login PUBLIC
POST /api/auth/login PUBLIC
POST /api/auth/logout ALL
POST /api/auth/password ALL
GET /api/auth/me ALL
GET /api/users A
POST /api/users A
PATCH /api/users/:name A
GET /api/users/:name/tokens A
POST /api/users/:name/tokens A
DELETE /api/users/:name/tokens/:id A
GET /api/rule-sets R
POST /api/rule-sets/import P
GET /api/rule-sets/:id R
GET /api/rule-sets/:id/versions R
GET /api/rule-sets/:id/versions/:version R
ALL /api/rule-sets/:id/versions/:version P
GET /api/rule-sets/:id/versions/:version/export R
GET /api/rule-sets/:id/versions/:version/schema/:kind R
POST /api/rule-sets/:id/activate P
POST /api/rule-sets/:id/clone P
GET /api/rule-sets/:id/diff R
GET /api/rule-sets/:id/draft P
POST /api/rule-sets/:id/draft P
PUT /api/rule-sets/:id/draft P
DELETE /api/rule-sets/:id/draft P
PATCH /api/rule-sets/:id/draft/parameters/:name P
POST /api/rule-sets/:id/draft/parameters P
DELETE /api/rule-sets/:id/draft/parameters/:name P
POST /api/rule-sets/:id/draft/rules P
PUT /api/rule-sets/:id/draft/rules/:ruleId P
DELETE /api/rule-sets/:id/draft/rules/:ruleId P
POST /api/rule-sets/:id/draft/tables/:table P
PUT /api/rule-sets/:id/draft/tables/:table/:key P
DELETE /api/rule-sets/:id/draft/tables/:table/:key P
POST /api/rule-sets/:id/draft/tables P
DELETE /api/rule-sets/:id/draft/tables/:table P
POST /api/rule-sets/:id/draft/tables/:table/columns P
DELETE /api/rule-sets/:id/draft/tables/:table/columns/:column P
POST /api/rule-sets/:id/draft/model/:kind/fields P
PUT /api/rule-sets/:id/draft/model/:kind/fields/:key P
POST /api/rule-sets/:id/draft/model/:kind/fields/:key/move P
DELETE /api/rule-sets/:id/draft/model/:kind/fields/:key P
PUT /api/rule-sets/:id/draft/model/:kind/sections P
POST /api/rule-sets/:id/draft/facts P
POST /api/rule-sets/:id/draft/facts/check P
POST /api/rule-sets/:id/draft/facts/preview P
PUT /api/rule-sets/:id/draft/facts/:subject/:name P
DELETE /api/rule-sets/:id/draft/facts/:subject/:name P
GET /api/cel-functions R
POST /api/rule-sets/:id/draft/validate P
POST /api/rule-sets/:id/draft/test P
POST /api/rule-sets/:id/draft/publish P
GET /api/rule-sets/:id/draft/impact P
GET /api/rule-sets/:id/draft/export P
GET /api/audit P
GET /api/projects R
POST /api/projects W
GET /api/projects/:id R
PUT /api/projects/:id W
DELETE /api/projects/:id W
GET /api/regions R
GET /api/regions/progress R
POST /api/regions/progress W
GET /api/regions/:region/progress/:year R
PUT /api/regions/:region/progress/:year W
DELETE /api/regions/:region/progress/:year W
POST /api/projects/:id/evaluations W
GET /api/projects/:id/evaluations R
GET /api/evaluations/:id R
POST /api/regions/:region/evaluations W
POST /api/province/evaluations E
POST /api/evaluate D
GET /api/templates/projects.xlsx R
GET /api/templates/region-progress.xlsx R
POST /api/projects/import W
POST /api/regions/progress/import W
GET /api/exports/evaluations.xlsx R
GET /api/exports/evaluations.csv R
GET /api/exports/region-progress.xlsx R
GET /api/exports/region-progress.csv R
GET / PUBLIC
GET /projects PUBLIC
GET /projects/new PUBLIC
GET /projects/:id PUBLIC
GET /regions PUBLIC
GET /regions/:region PUBLIC
GET /rule-sets PUBLIC
GET /rule-sets/:id PUBLIC
GET /rule-sets/:id/draft PUBLIC
GET /audit PUBLIC
GET /favicon.ico PUBLIC
GET /verify PUBLIC
GET /verify/:evaluationId PUBLIC
GET /api/verify/:evaluationId PUBLIC
GET /api/evaluations/:id/report.pdf R
GET /api/evaluations/:id/report.html R
GET /api/regions/:region/report.pdf R
GET /api/reports/summary.pdf R
GET /api/reports/projects.zip R
POST /api/batches R
GET /api/batches R
GET /api/batches/:id R
DELETE /api/batches/:id R
GET /api/batches/:id/files/:name R
GET /api/batches/:id/projects.zip R
GET /batches PUBLIC
`;

const GROUPS: Record<string, Role[] | 'public'> = {
  PUBLIC: 'public',
  ALL: ['policy', 'evaluator', 'region', 'viewer'],
  R: ['policy', 'evaluator', 'region', 'viewer'],
  W: ['evaluator', 'region'],
  P: ['policy'],
  E: ['evaluator'],
  D: ['evaluator', 'region', 'policy'],
  A: [],
};

const expected = new Map(
  POLICY.trim().split('\n').map((line) => {
    const [method, path, group] = line.trim().split(/\s+/);
    return [`${method} ${path}`, GROUPS[group]];
  }),
);

/** Sample values for path parameters: nothing that exists, in the region user's own 市州. */
const PARAMS: Record<string, string> = { id: 'no-such-id', name: 'no-such', region: encodeURIComponent('武汉'), year: '2022', version: '999', ruleId: 'no.such', table: 'regions', key: 'no-such' };
const concrete = (path: string) => path.replace(/:(\w+)/g, (_, p: string) => PARAMS[p] ?? 'x');

describe('route matrix: every route has an access decision, and the guard enforces it', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const agents: Partial<Record<Role, Agent>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    routes = discoverRoutes(t.app);
    agents.admin = t.http;
    for (const role of ['policy', 'evaluator', 'viewer'] as Role[]) agents[role] = await t.as(role);
    agents.region = await t.as('region', '武汉');
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds the routes from the Nest router, and Express serves nothing else but the API docs', () => {
    expect(routes.length).toBeGreaterThan(60);
    const nest = new Set(routes.map((r) => r.path));
    const others = expressRoutes(t.app).filter((r) => !nest.has(r.path)).map((r) => r.path);
    expect(others.every((p) => p.startsWith('/docs'))).toBe(true);
  });

  it('every route has @Roles or @Public, and the table above agrees with the code', () => {
    const problems: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (r.decision.kind === 'none') problems.push(`${key}: neither @Roles nor @Public`);
      const want = expected.get(key);
      if (want === undefined) {
        problems.push(`${key}: not in the access table of this test — decide who may call it`);
        continue;
      }
      const got = r.decision.kind === 'public' ? 'public' : r.decision.kind === 'roles' ? [...r.decision.roles].filter((x) => x !== 'admin').sort() : 'none';
      const wantNorm = want === 'public' ? 'public' : [...want].sort();
      if (JSON.stringify(got) !== JSON.stringify(wantNorm)) problems.push(`${key}: code says ${JSON.stringify(got)}, table says ${JSON.stringify(wantNorm)}`);
    }
    for (const key of expected.keys()) if (!routes.some((r) => `${r.method} ${r.path}` === key)) problems.push(`${key}: in the table but no such route`);
    expect(problems).toEqual([]);
  });

  it('answers 401 without a user, 403 for a role that may not, and lets allowed roles through', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      const method = (r.method === 'ALL' ? 'patch' : r.method.toLowerCase()) as 'get';
      const path = concrete(r.path);
      const want = expected.get(`${r.method} ${r.path}`)!;
      const anon = await t.anonymous[method](path).send();
      if (want === 'public' ? [401, 403].includes(anon.status) : anon.status !== 401) failures.push(`anonymous ${method} ${path}: ${anon.status}`);
      if (want === 'public') continue;
      for (const role of ['admin', 'policy', 'evaluator', 'region', 'viewer'] as Role[]) {
        const res = await agents[role]![method](path).send();
        const allowed = role === 'admin' || want.includes(role);
        if (allowed ? [401, 403].includes(res.status) || res.status >= 500 : res.status !== 403) {
          failures.push(`${role} ${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

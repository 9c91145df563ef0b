import fs from 'node:fs';
import path from 'node:path';
import { Agent, newProject, ROOT, startTestApp, TestApp } from './support/test-app';

/**
 * A write is audited or it does not happen (issue 13, item 3): whatever the URL carries, either
 * the write is stored with exactly one audit row that describes it on one line, or nothing is
 * stored, no row is added and the answer is a 4xx. Each case reads the stored rows and the audit
 * table afterwards.
 */
const HOSTILE_CASES: [string, string][] = [
  ['a lone %', '?x=%'],
  ['a cut-off UTF-8 escape', '?x=%E0%A4%A'],
  ['a 6,000-character query', `?x=${'a'.repeat(6000)}`],
  ['encoded CR/LF', '?x=%0D%0Aforged-header:%201%0D%0A'],
  ['mixed good and bad escapes', '?x=%25%0A%E4%B8%AD%'],
];
const HOSTILE = HOSTILE_CASES.map(([, suffix]) => suffix);

let t: TestApp;
let evaluator: Agent;
let policy: Agent;
const enc = encodeURIComponent;
const progressRecords = JSON.parse(fs.readFileSync(path.join(ROOT, 'prisma', 'seed', 'region-progress-2022.json'), 'utf8')) as Record<string, unknown>[];

beforeAll(async () => {
  t = await startTestApp();
  evaluator = await t.as('evaluator');
  policy = await t.as('policy');
});
afterAll(async () => {
  await t.close();
});

async function auditRows() {
  return t.prisma.auditLog.findMany({ orderBy: { id: 'asc' } });
}

/**
 * Runs a write and checks the contract: `stored()` reads what the write would change; `wrote`
 * says whether what it reads afterwards shows the write done; `action` is the audit row's.
 */
async function auditedOrNothing(
  send: () => Promise<{ status: number; body: unknown }>,
  check: { stored: () => Promise<unknown>; wrote: (after: unknown, before: unknown) => boolean; action: string | RegExp; url?: string },
): Promise<'written' | 'refused'> {
  const before = await check.stored();
  const auditBefore = await auditRows();
  const res = await send();
  const after = await check.stored();
  const added = (await auditRows()).slice(auditBefore.length);
  if (res.status < 300) {
    expect(check.wrote(after, before)).toBe(true);
    expect(added).toHaveLength(1);
    expect(added[0].action).toMatch(check.action);
    expect(added[0].user).toMatch(/^test-/);
    // One line, bounded: a forged CR/LF in the URL stays escaped in the row.
    expect(added[0].comment ?? '').not.toMatch(/[\r\n]/);
    expect((added[0].comment ?? '').length).toBeLessThanOrEqual(500);
    if (check.url) expect(added[0].comment).toMatch(new RegExp(`^${check.url}\\?x=`));
    return 'written';
  }
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(after).toEqual(before);
  expect(added).toEqual([]);
  return 'refused';
}

describe('hostile URLs on project writes', () => {
  it.each(HOSTILE_CASES)('POST, PUT and DELETE /api/projects with %s: audited in the same transaction, or nothing', async (_label, suffix) => {
    const name = `敌意地址项目${HOSTILE.indexOf(suffix)}`;
    const byName = () => t.prisma.project.findMany({ where: { name }, select: { id: true, revision: true, body: true } });
    const created = await auditedOrNothing(() => evaluator.post(`/api/projects${suffix}`).send(newProject({ name })), {
      stored: byName, wrote: (after) => (after as unknown[]).length === 1, action: 'POST /api/projects', url: '/api/projects',
    });
    const id = created === 'written'
      ? (await byName())[0].id
      : (await evaluator.post('/api/projects').send(newProject({ name })).expect(201)).body.id as string;
    const row = () => t.prisma.project.findUnique({ where: { id }, select: { revision: true, body: true } });
    await auditedOrNothing(() => evaluator.put(`/api/projects/${id}${suffix}`).send(newProject({ name, leadingProduct: '光模块' })), {
      stored: row, wrote: (after) => (after as { revision: number }).revision === 2, action: 'PUT /api/projects/:id', url: `/api/projects/${id}`,
    });
    await auditedOrNothing(() => evaluator.delete(`/api/projects/${id}${suffix}`), {
      stored: row, wrote: (after) => after === null, action: 'DELETE /api/projects/:id', url: `/api/projects/${id}`,
    });
  });

  it('a malformed escape in the path itself is refused before anything is written', async () => {
    const { id } = (await evaluator.post('/api/projects').send(newProject({ name: '路径转义项目' })).expect(201)).body as { id: string };
    const outcome = await auditedOrNothing(() => evaluator.delete(`/api/projects/${id}%E0%A4%A`), {
      stored: () => t.prisma.project.findMany({ select: { id: true, revision: true } }), wrote: () => false, action: /^$/,
    });
    expect(outcome).toBe('refused');
  });

  it('stores an evaluation with its audit row, whatever the query string', async () => {
    const { id } = (await evaluator.post('/api/projects').send(newProject({ name: '敌意地址评估' })).expect(201)).body as { id: string };
    for (const suffix of HOSTILE) {
      await auditedOrNothing(() => evaluator.post(`/api/projects/${id}/evaluations${suffix}`).send({}), {
        stored: () => t.prisma.evaluation.count({ where: { projectId: id } }),
        wrote: (after, before) => after === (before as number) + 1,
        action: 'POST /api/projects/:id/evaluations',
      });
    }
  });
});

describe('hostile URLs on region progress writes', () => {
  it.each(HOSTILE_CASES)('POST, PUT and DELETE region progress with %s: audited in the same transaction, or nothing', async (_label, suffix) => {
    const region = ['神农架', '仙桃', '武汉', '黄石', '十堰'][HOSTILE.indexOf(suffix)];
    const record = { ...progressRecords[0], region };
    const stored = () => t.prisma.regionProgress.findUnique({ where: { year_region: { year: 2022, region } }, select: { revision: true, body: true } });
    const posted = await auditedOrNothing(() => evaluator.post(`/api/regions/progress${suffix}`).send(record), {
      stored, wrote: (after) => after !== null, action: 'POST /api/regions/progress', url: '/api/regions/progress',
    });
    if (posted === 'refused') await evaluator.post('/api/regions/progress').send(record).expect(201);
    await auditedOrNothing(() => evaluator.put(`/api/regions/${enc(region)}/progress/2022${suffix}`).send({ ...record, submitted: { plan: '2022-03-20' } }), {
      stored, wrote: (after) => (after as { revision: number }).revision === 2, action: 'PUT /api/regions/:region/progress/:year', url: `/api/regions/${region}/progress/2022`,
    });
    await auditedOrNothing(() => evaluator.delete(`/api/regions/${enc(region)}/progress/2022${suffix}`), {
      stored, wrote: (after) => after === null, action: 'DELETE /api/regions/:region/progress/:year', url: `/api/regions/${region}/progress/2022`,
    });
  });
});

describe('hostile URLs on rule-set draft writes', () => {
  it.each(HOSTILE_CASES)('start, edit and discard a draft with %s: audited in the same transaction, or nothing', async (_label, suffix) => {
    const draft = () => t.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: 'hubei-2022', status: 'draft' }, select: { version: true, revision: true, content: true } });
    const started = await auditedOrNothing(() => policy.post(`/api/rule-sets/hubei-2022/draft${suffix}`).send({}), {
      stored: draft, wrote: (after) => after !== null, action: 'draft.start',
    });
    if (started === 'refused') await policy.post('/api/rule-sets/hubei-2022/draft').send({}).expect(201);
    await auditedOrNothing(
      () => policy.patch(`/api/rule-sets/hubei-2022/draft/parameters/capNew${suffix}`).set('If-Match', '"1"').send({ value: 300000 }),
      { stored: draft, wrote: (after) => (after as { revision: number }).revision === 2, action: 'draft.parameter' },
    );
    const revision = (await draft())!.revision;
    await auditedOrNothing(() => policy.delete(`/api/rule-sets/hubei-2022/draft${suffix}`).set('If-Match', `"${revision}"`), {
      stored: draft, wrote: (after) => after === null, action: 'draft.discard',
    });
  });
});

describe('the audit row is part of the write', () => {
  it('rolls the write back when the audit row cannot be written: no project without its row', async () => {
    // The audit table refuses rows for a moment (as a full disk or a broken description would).
    await t.prisma.$executeRawUnsafe(
      "CREATE TRIGGER refuse_audit BEFORE INSERT ON AuditLog BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
    );
    try {
      const before = await t.prisma.project.count();
      const auditBefore = await t.prisma.auditLog.count();
      const res = await evaluator.post('/api/projects').send(newProject({ name: '无审计不写入' }));
      expect(res.status).toBe(500);
      expect(await t.prisma.project.count()).toBe(before);
      expect(await t.prisma.project.count({ where: { name: '无审计不写入' } })).toBe(0);
      expect(await t.prisma.auditLog.count()).toBe(auditBefore);
    } finally {
      await t.prisma.$executeRawUnsafe('DROP TRIGGER refuse_audit');
    }
    // And the service writes again once the audit log accepts rows.
    await evaluator.post('/api/projects').send(newProject({ name: '无审计不写入' })).expect(201);
    expect(await t.prisma.auditLog.count({ where: { action: 'POST /api/projects', comment: '/api/projects' } })).toBeGreaterThan(0);
  });

  it('serialises concurrent writes, each with its own row, while reads go on', async () => {
    const auditBefore = await t.prisma.auditLog.count({ where: { action: 'POST /api/projects' } });
    const names = Array.from({ length: 20 }, (_, i) => `并发写入项目${i}`);
    const results = await Promise.all([
      ...names.map((name, i) => evaluator.post(`/api/projects${HOSTILE[i % HOSTILE.length]}`).send(newProject({ name }))),
      ...names.map(() => evaluator.get('/api/projects?year=2022')),
    ]);
    expect(results.map((r) => r.status)).toEqual([...names.map(() => 201), ...names.map(() => 200)]);
    const ids = results.slice(0, names.length).map((r) => r.body.id as string);
    expect(new Set(ids).size).toBe(names.length);
    expect(await t.prisma.project.count({ where: { name: { in: names } } })).toBe(names.length);
    const rows = await t.prisma.auditLog.findMany({ where: { action: 'POST /api/projects' }, orderBy: { id: 'asc' }, skip: auditBefore });
    expect(rows.map((r) => JSON.parse(r.diff!).id).sort()).toEqual([...ids].sort());
  });

  it('keeps a refused sign-in in the audit log although the request fails', async () => {
    const res = await t.anonymous.post('/api/auth/login').send({ name: 'nobody-here', password: 'wrong-password-1' });
    expect(res.status).toBe(401);
    const row = await t.prisma.auditLog.findFirst({ where: { action: 'auth.login.failed' }, orderBy: { id: 'desc' } });
    expect(row?.comment).toContain('nobody-here');
  });
});

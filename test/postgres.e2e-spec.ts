import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { readJsonFile } from '../src/rule-sets/rule-set-files';
import { PostgresEngine } from '../src/prisma/postgres-engine';
import { RuleSetsService } from '../src/rule-sets/rule-sets.service';
import { adminQuery, createThrowawayDatabase, deployMigrations, postgresMigrationNames, PRISMA_CLI_TIMERS } from './support/postgres';
import { HUBEI_2022, newProject, ROOT, startTestApp, TestApp } from './support/test-app';

/**
 * The service on PostgreSQL (DATABASE_URL=postgresql://…), on a throwaway database of its own:
 * migrations deployed by two nodes at once, then two app instances on the one database, as two
 * API machines would be, checked with real requests.
 */
let db: Awaited<ReturnType<typeof createThrowawayDatabase>>;
let a: TestApp;
let b: TestApp;
const previousUrl = process.env.DATABASE_URL;

type RuleResult = { ruleId: string; outcome: string; message: string };
const byRule = (results: RuleResult[], id: string) => results.find((r) => r.ruleId === id);

beforeAll(async () => {
  db = await createThrowawayDatabase('e2e');
});
afterAll(async () => {
  try {
    await a?.close();
    await b?.close();
  } finally {
    await db?.drop();
    process.env.DATABASE_URL = previousUrl;
  }
});

it('deploys the migrations from two nodes at once: both succeed, each is applied once, and they produce the schema', async () => {
  const [first, second] = await Promise.all([deployMigrations(db.url), deployMigrations(db.url)]);
  expect({ code: first.code, output: first.code === 0 ? '' : first.output }).toEqual({ code: 0, output: '' });
  expect({ code: second.code, output: second.code === 0 ? '' : second.output }).toEqual({ code: 0, output: '' });
  const rows = (await adminQuery('SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NULL AS kept FROM _prisma_migrations ORDER BY migration_name', db.name)).rows;
  expect(rows).toEqual(postgresMigrationNames().map((migration_name) => ({ migration_name, finished: true, kept: true })));
  // prisma/postgresql/migrations produce the schema: db push finds nothing to change (else it
  // changes this throwaway database and says so, or refuses).
  const push = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'prisma'), ['db', 'push', '--config', 'prisma/postgresql/prisma.config.ts', '--skip-generate'], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: db.url, NODE_OPTIONS: PRISMA_CLI_TIMERS },
  });
  expect({ status: push.status, output: /already in sync/.test(push.stdout) ? 'in sync' : push.stdout + push.stderr }).toEqual({ status: 0, output: 'in sync' });
  a = await startTestApp({ databaseUrl: db.url });
  b = await startTestApp({ databaseUrl: db.url, publishRules: false });
  expect(a.prisma.engine.kind).toBe('postgresql');
  expect((await b.anonymous.get('/health').expect(200)).body).toMatchObject({ database: 'ok' });
}, 60_000);

it('stores a project and its evaluation, with the exact outcome and message of a rule, read back through the other instance', async () => {
  const created = await a.http.post('/api/projects').send(newProject({ name: '数据库测试激光', funding: { provincial: 250001, localMatching: 250001, sourceSecured: true } })).expect(201);
  const id = created.body.id as string;
  expect(id).toMatch(/^wuhan-2022-/);
  const dry = await b.http.post('/api/evaluate').send({ stage: 'application', project: created.body }).expect(200);
  expect(byRule(dry.body.evaluations[0].results, 'funding.cap.new')).toMatchObject({ outcome: 'fail', message: '申请省级资金25.0001万元，超过上限25万元' });
  expect(await a.prisma.evaluation.count()).toBe(0);
  const stored = await a.http.post(`/api/projects/${id}/evaluations`).send({ stage: 'application' }).expect(201);
  expect(stored.body.ruleSet).toMatchObject({ id: 'hubei-2022', version: 1 });
  expect(stored.body.compliant).toBe(false);
  expect(byRule(stored.body.results, 'funding.cap.new')).toMatchObject({ outcome: 'fail', message: '申请省级资金25.0001万元，超过上限25万元' });
  expect((await b.http.get(`/api/evaluations/${stored.body.id}`).expect(200)).body).toEqual(stored.body);
  const row = await b.prisma.evaluation.findUniqueOrThrow({ where: { id: stored.body.id } });
  expect({ projectId: row.projectId, compliant: row.compliant, stage: row.stage }).toEqual({ projectId: id, compliant: false, stage: 'application' });
});

it('refuses a write without changing the stored row or adding an audit row; a write rolled back with its audit row stores nothing', async () => {
  const row = () => a.prisma.project.findUniqueOrThrow({ where: { id: 'wuhan-2022-01' } });
  const before = await row();
  const auditBefore = await a.prisma.auditLog.count();
  const stale = await a.http.put('/api/projects/wuhan-2022-01').set('If-Match', '"7"').send(newProject({ name: '改名' })).expect(409);
  expect(stale.body.message).toMatch(/[\u4e00-\u9fff]/);
  expect(await row()).toEqual(before);
  expect(await a.prisma.auditLog.count()).toBe(auditBefore);
  // The audit table refuses rows for a moment: the project's update, already made in the same
  // transaction, is rolled back with it.
  await adminQuery(
    `CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$;
     CREATE TRIGGER refuse_audit BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION refuse_audit();`,
    db.name,
  );
  try {
    const res = await b.http.put('/api/projects/wuhan-2022-01').set('If-Match', `"${before.revision}"`).send(newProject({ leadingProduct: '无审计不写入' }));
    expect(res.status).toBe(500);
    expect(await row()).toEqual(before);
    expect(await a.prisma.auditLog.count()).toBe(auditBefore);
  } finally {
    await adminQuery('DROP TRIGGER refuse_audit ON "AuditLog"; DROP FUNCTION refuse_audit();', db.name);
  }
  const ok = await b.http.put('/api/projects/wuhan-2022-01').set('If-Match', `"${before.revision}"`).send(newProject({ leadingProduct: '光纤激光器' })).expect(200);
  expect(ok.body).toMatchObject({ revision: before.revision + 1, leadingProduct: '光纤激光器' });
  const added = await a.prisma.auditLog.findMany({ where: { id: { gt: (await a.prisma.auditLog.findMany({ orderBy: { id: 'asc' }, take: auditBefore })).pop()?.id ?? 0 } } });
  expect(added.map((r) => ({ action: r.action, comment: r.comment }))).toEqual([{ action: 'PUT /api/projects/:id', comment: '/api/projects/wuhan-2022-01' }]);
});

it('two instances on one database: a write through one is seen at once by the cached reads of the other', async () => {
  // Warm b's caches: the rule-set list, the project list, the year's active rule set.
  const listed = async () => ((await b.http.get('/api/rule-sets').expect(200)).body as { id: string; activeVersion: number | null }[]);
  const projects = async () => ((await b.http.get('/api/projects?year=2022').expect(200)).body as { id: string }[]).map((p) => p.id);
  const activeVersion = async () => (await b.http.post('/api/evaluate').send({ project: newProject() }).expect(200)).body.ruleSet.version as number;
  expect((await listed()).map((s) => s.id)).toEqual(['hubei-2022']);
  const before = await projects();
  expect(await activeVersion()).toBe(1);
  for (let i = 0; i < 3; i++) await Promise.all([listed(), projects(), activeVersion()]);

  await a.http.post('/api/rule-sets/hubei-2022/clone').send({ id: 'pg-cache-2023', year: 2023, title: '缓存测试规则集' }).expect(201);
  expect((await listed()).map((s) => s.id).sort()).toEqual(['hubei-2022', 'pg-cache-2023']);

  const created = await a.http.post('/api/projects').send(newProject({ name: '缓存可见性项目', region: '黄石' })).expect(201);
  expect(await projects()).toEqual(expect.arrayContaining([...before, created.body.id]));
  expect((await projects()).length).toBe(before.length + 1);

  await a.app.get(RuleSetsService).publishDocument(readJsonFile(HUBEI_2022, '规则集'), 'test', '第二版');
  expect(await activeVersion()).toBe(2);
  await a.http.post('/api/rule-sets/hubei-2022/activate').send({ version: 1, comment: '回滚' }).expect(200);
  expect(await activeVersion()).toBe(1);
  expect((await listed()).find((s) => s.id === 'hubei-2022')?.activeVersion).toBe(1);
});

it('a request reads the change counter once, however many cached reads it makes, and not at all once it has written', async () => {
  const engine = b.prisma.engine as PostgresEngine;
  const query = engine.pool.query.bind(engine.pool) as (...args: unknown[]) => unknown;
  let counterReads = 0;
  const spy = jest.spyOn(engine.pool, 'query').mockImplementation(((...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('FROM "ChangeCounter"')) counterReads++;
    return query(...args);
  }) as never);
  try {
    // A dry run reads two caches (the year's active rule set, its stored projects): one round trip.
    await b.http.post('/api/evaluate').send({ project: newProject() }).expect(200);
    expect(counterReads).toBe(1);
    counterReads = 0;
    await b.prisma.writing(async () => {
      const first = await b.prisma.changeStamp();
      expect(await b.prisma.changeStamp()).toBe(first);
      expect(counterReads).toBe(1);
      // Written: its reads go to its transaction and are kept by no cache.
      await b.prisma.write((tx) => tx.auditLog.count());
      expect(await b.prisma.changeStamp()).toBeNull();
    });
    expect(counterReads).toBe(1);
    // Outside a unit (a GET), every cached read asks.
    await b.prisma.changeStamp();
    await b.prisma.changeStamp();
    expect(counterReads).toBe(3);
  } finally {
    spy.mockRestore();
  }
});

it('writers on both instances take turns: every concurrent write is stored once with its audit row', async () => {
  const counter = async () => Number((await adminQuery('SELECT "value" FROM "ChangeCounter" WHERE id = 1', db.name)).rows[0].value);
  const auditBefore = await a.prisma.auditLog.count({ where: { action: 'POST /api/projects' } });
  const counterBefore = await counter();
  const names = Array.from({ length: 16 }, (_, i) => `并发写入${i}`);
  const results = await Promise.all(names.map((name, i) => (i % 2 ? a : b).http.post('/api/projects').send(newProject({ name, region: '荆州' }))));
  expect(results.map((r) => r.status)).toEqual(names.map(() => 201));
  expect(await a.prisma.project.count({ where: { name: { in: names } } })).toBe(16);
  expect(await a.prisma.auditLog.count({ where: { action: 'POST /api/projects' } })).toBe(auditBefore + 16);
  expect(await counter()).toBeGreaterThanOrEqual(counterBefore + 16);
});

it('a write waiting longer than 10 s for another machine\'s writer answers 503 with Retry-After, stores nothing, and reads go on', async () => {
  // Another machine's write transaction holds the writers' turn (the change counter's row).
  const other = new pg.Client({ connectionString: db.url });
  await other.connect();
  try {
    await other.query('BEGIN');
    await other.query('UPDATE "ChangeCounter" SET "value" = "value" + 1 WHERE id = 1');
    const auditBefore = await a.prisma.auditLog.count();
    const started = Date.now();
    const write = a.http.post('/api/projects').send(newProject({ name: '等待写入', region: '十堰' }));
    // Reads are not held up meanwhile, through either instance.
    const readStarted = Date.now();
    await b.http.get('/api/projects?year=2022').expect(200);
    await a.http.get('/api/rule-sets').expect(200);
    expect(Date.now() - readStarted).toBeLessThan(2_000);
    const res = await write;
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.message).toBe('数据正在被其他请求写入，请稍后重试');
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
    await other.query('ROLLBACK');
    expect(await a.prisma.project.count({ where: { name: '等待写入' } })).toBe(0);
    expect(await a.prisma.auditLog.count()).toBe(auditBefore);
    // Once the other writer is gone, the same write goes through.
    await a.http.post('/api/projects').send(newProject({ name: '等待写入', region: '十堰' })).expect(201);
  } finally {
    await other.end();
  }
}, 30_000);

/** A TCP relay to the PostgreSQL server that the test can take away and bring back, as a restart would. */
async function relayToPostgres(): Promise<{ port: number; down(): Promise<void>; up(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let server: net.Server;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(5432, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    port,
    down: () => new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
    up: listen,
  };
}

it('answers 503 with Retry-After while the database server is away, and recovers by itself', async () => {
  const relay = await relayToPostgres();
  let c: TestApp | undefined;
  try {
    c = await startTestApp({ databaseUrl: db.url.replace(':5432/', `:${relay.port}/`), publishRules: false });
    await c.http.get('/api/projects?year=2022').expect(200);
    await relay.down();
    const read = await c.http.get('/api/projects?year=2022');
    expect({ status: read.status, retryAfter: read.headers['retry-after'], message: read.body.message }).toEqual({ status: 503, retryAfter: '5', message: '数据库暂时无法连接，请稍后重试' });
    const write = await c.http.post('/api/projects').send(newProject({ name: '数据库离线时写入', region: '孝感' }));
    expect({ status: write.status, retryAfter: write.headers['retry-after'] }).toEqual({ status: 503, retryAfter: '5' });
    expect((await c.anonymous.get('/health').expect(200)).body).toMatchObject({ status: 'degraded', database: 'error' });
    await relay.up();
    await c.http.get('/api/projects?year=2022').expect(200);
    await c.http.post('/api/projects').send(newProject({ name: '数据库离线时写入', region: '孝感' })).expect(201);
    expect(await a.prisma.project.count({ where: { name: '数据库离线时写入' } })).toBe(1);
    expect((await c.anonymous.get('/health').expect(200)).body).toMatchObject({ database: 'ok' });
  } finally {
    try {
      await c?.close();
    } finally {
      await relay.down();
    }
  }
});

describe('backup', () => {
  const cli = path.join(ROOT, 'dist', 'cli', 'main.js');
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-backup-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs pg_dump: row counts from the dump\'s own snapshot, a file for its owner only, restorable as it was', async () => {
    const out = path.join(dir, 'app.dump');
    const printed = JSON.parse(execFileSync(process.execPath, [cli, 'backup', '--out', out], { env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8' }));
    const projects = await a.prisma.project.count();
    expect(printed).toMatchObject({ backup: out, format: 'pg_dump custom (pg_restore)', rows: { Project: projects, AuditLog: await a.prisma.auditLog.count() } });
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['app.dump']);
    // Never overwrites a file.
    const again = spawnSync(process.execPath, [cli, 'backup', '--out', out], { env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8' });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('备份文件已存在');
    const restored = await createThrowawayDatabase('restore');
    try {
      execFileSync('pg_restore', ['--no-owner', `--dbname=${restored.url}`, out]);
      expect(Number((await adminQuery('SELECT COUNT(*) AS n FROM "Project"', restored.name)).rows[0].n)).toBe(projects);
    } finally {
      await restored.drop();
    }
  });

  it('without pg_dump, says in Chinese to use it and fails', () => {
    const run = spawnSync(process.execPath, [cli, 'backup', '--out', path.join(dir, 'none.dump')], { env: { ...process.env, DATABASE_URL: db.url, PATH: dir }, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('PostgreSQL 数据库请用 pg_dump 备份');
    expect(fs.existsSync(path.join(dir, 'none.dump'))).toBe(false);
  });
});

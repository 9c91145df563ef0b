import { createPrismaClient } from '../src/prisma/prisma.service';
import { PrismaClient } from '../src/generated/prisma/client';
import { newProject, startTestApp, TestApp } from './support/test-app';

/**
 * Evaluations cache the year's active rule set and its stored new projects until the database
 * changes (src/prisma/until-changed.cache.ts). These tests change the database behind the
 * service's back and check that the very next evaluation sees it.
 */
let t: TestApp;
let other: PrismaClient;

beforeAll(async () => {
  t = await startTestApp();
  other = createPrismaClient(`file:${t.dbFile}`); // another connection, as the CLI would be
});
afterAll(async () => {
  await other.$disconnect();
  await t.close();
});

/** The quota rule's outcome and message for a new 宜昌 project tried out by dry run. */
async function yichangQuota(): Promise<{ outcome: string; message: string }> {
  const res = await t.http.post('/api/evaluate').send({ project: newProject({ name: '宜昌试评估', region: '宜昌' }) }).expect(200);
  const quota = (res.body.evaluations[0].results as { ruleId: string; outcome: string; message: string }[]).find((r) => r.ruleId === 'quota.region')!;
  return { outcome: quota.outcome, message: quota.message };
}

const storedRow = (n: number) => ({
  id: `yichang-cache-${n}`, year: 2022, region: '宜昌', name: `宜昌缓存测试${n}`, category: 'new',
  body: JSON.stringify(newProject({ id: `yichang-cache-${n}`, name: `宜昌缓存测试${n}`, region: '宜昌' })),
});

it('sees new projects written by another connection on the next dry run', async () => {
  const before = await yichangQuota();
  expect(before.outcome).toBe('pass');
  await other.project.createMany({ data: [storedRow(1), storedRow(2)] });
  expect(await yichangQuota()).toEqual({ outcome: 'fail', message: '宜昌（市、州）2022年度推荐新项目3个，超过限额2个' });
  await other.project.deleteMany({ where: { id: { in: ['yichang-cache-1', 'yichang-cache-2'] } } });
  expect((await yichangQuota()).outcome).toBe('pass');
});

it('sees projects saved and deleted through the service on the next dry run', async () => {
  const ids: string[] = [];
  for (const n of [5, 6]) ids.push((await t.http.post('/api/projects').send(newProject({ name: `宜昌缓存测试${n}`, region: '宜昌' })).expect(201)).body.id);
  expect((await yichangQuota()).outcome).toBe('fail');
  for (const id of ids) await t.http.delete(`/api/projects/${id}`).expect(204);
  expect((await yichangQuota()).outcome).toBe('pass');
});

it('keeps nothing read while a transaction was open once it rolls back', async () => {
  const rolledBack = new Error('roll back');
  await expect(
    t.prisma.$transaction(async (tx) => {
      await tx.project.createMany({ data: [storedRow(3), storedRow(4)] });
      // The adapter runs this request's reads on the same connection: they see the open rows.
      expect((await yichangQuota()).outcome).toBe('fail');
      throw rolledBack;
    }),
  ).rejects.toBe(rolledBack);
  expect(await t.prisma.project.count({ where: { region: '宜昌', name: { startsWith: '宜昌缓存测试' } } })).toBe(0);
  expect((await yichangQuota()).outcome).toBe('pass');
});

it('uses a newly activated rule-set version on the next evaluation', async () => {
  const ruleSets = (await t.http.get('/api/rule-sets').expect(200)).body as { id: string; activeVersion: number }[];
  expect(ruleSets.find((s) => s.id === 'hubei-2022')?.activeVersion).toBe(1);
  const res = await t.http.post('/api/evaluate').send({ project: newProject() }).expect(200);
  expect(res.body.ruleSet).toMatchObject({ id: 'hubei-2022', version: 1 });
  // Deactivated by another connection: the year has no active rule set any more.
  await other.ruleSet.update({ where: { id: 'hubei-2022' }, data: { activeVersion: null } });
  const refused = await t.http.post('/api/evaluate').send({ project: newProject() }).expect(400);
  expect(refused.body.message).toBe('没有 2022 年度的有效规则集');
  await other.ruleSet.update({ where: { id: 'hubei-2022' }, data: { activeVersion: 1 } });
  await t.http.post('/api/evaluate').send({ project: newProject() }).expect(200);
});

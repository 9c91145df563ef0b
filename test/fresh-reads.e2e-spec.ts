import fs from 'node:fs';
import path from 'node:path';
import { PrismaClient } from '../src/generated/prisma/client';
import { createPrismaClient } from '../src/prisma/prisma.service';
import { newProject, ROOT, startTestApp, TestApp } from './support/test-app';

/**
 * Evaluations cache the year's active rule set and its stored new projects, and the project,
 * region-progress and rule-set reads cache their rows, until the database changes
 * (src/prisma/until-changed.cache.ts). These tests change the database behind the service's back
 * and check that the very next request sees it.
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

it('lists and shows projects as they are now, also when another connection wrote them', async () => {
  const yichang = async () => ((await t.http.get('/api/projects?year=2022&region=宜昌').expect(200)).body as { id: string }[]).map((p) => p.id);
  const before = await yichang();
  expect(before).not.toContain('yichang-cache-7');
  await t.http.get('/api/projects/yichang-cache-7').expect(404);
  await other.project.create({ data: storedRow(7) });
  expect(await yichang()).toEqual([...before, 'yichang-cache-7'].sort());
  expect((await t.http.get('/api/projects/yichang-cache-7').expect(200)).body).toMatchObject({ name: '宜昌缓存测试7', revision: 1 });
  const renamed = newProject({ id: 'yichang-cache-7', name: '宜昌缓存测试7（改）', region: '宜昌' });
  await other.project.update({ where: { id: 'yichang-cache-7' }, data: { name: renamed.name, body: JSON.stringify(renamed), revision: 2 } });
  expect((await t.http.get('/api/projects/yichang-cache-7').expect(200)).body).toMatchObject({ name: '宜昌缓存测试7（改）', revision: 2 });
  await other.project.delete({ where: { id: 'yichang-cache-7' } });
  await t.http.get('/api/projects/yichang-cache-7').expect(404);
  expect(await yichang()).toEqual(before);
});

it('never hands a region user a list read for someone who may see more', async () => {
  await t.http.post('/api/projects').send(newProject({ name: '武汉缓存测试' })).expect(201);
  await t.http.post('/api/projects').send(newProject({ name: '黄石缓存测试', region: '黄石', county: '大冶市' })).expect(201);
  const all = (await t.http.get('/api/projects?year=2022').expect(200)).body as { region: string }[];
  expect(new Set(all.map((p) => p.region)).size).toBeGreaterThan(1);
  const wuhan = await t.as('region', '武汉');
  const own = (await wuhan.get('/api/projects?year=2022').expect(200)).body as { region: string }[];
  expect(own.length).toBeGreaterThan(0);
  expect(new Set(own.map((p) => p.region))).toEqual(new Set(['武汉']));
  const notWuhan = all.find((p) => p.region !== '武汉') as unknown as { id: string };
  await wuhan.get(`/api/projects/${notWuhan.id}`).expect(404);
});

it('lists region progress and rule sets as they are now', async () => {
  const seed = JSON.parse(fs.readFileSync(path.join(ROOT, 'prisma', 'seed', 'region-progress-2022.json'), 'utf8')) as unknown[];
  for (const record of seed.slice(0, 3)) await t.http.post('/api/regions/progress').send(record).expect(201);
  const progress = async () => ((await t.http.get('/api/regions/progress?year=2022').expect(200)).body as { region: string }[]).map((r) => r.region);
  const before = await progress();
  expect(before.length).toBeGreaterThan(0);
  const row = (await other.regionProgress.findFirst({ where: { year: 2022, region: before[0] } }))!;
  await other.regionProgress.delete({ where: { id: row.id } });
  expect(await progress()).toEqual(before.slice(1));
  await other.regionProgress.create({ data: row });
  expect(await progress()).toEqual(before);

  const title = async () => ((await t.http.get('/api/rule-sets').expect(200)).body as { id: string; title: string }[]).find((s) => s.id === 'hubei-2022')!.title;
  const original = await title();
  await other.ruleSet.update({ where: { id: 'hubei-2022' }, data: { title: '改过的标题' } });
  expect(await title()).toBe('改过的标题');
  expect((await t.http.get('/api/rule-sets/hubei-2022').expect(200)).body.title).toBe('改过的标题');
  await other.ruleSet.update({ where: { id: 'hubei-2022' }, data: { title: original } });
  expect(await title()).toBe(original);
});

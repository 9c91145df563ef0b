import { randomUUID } from 'node:crypto';
import { BatchRetention } from '../src/jobs/batch-retention';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Finished batches and their files are deleted once older than BATCH_KEEP_DAYS (30 by default);
 * unfinished ones, newer ones and the register of issued files are kept.
 */
let t: TestApp;
const DAY = 24 * 3600 * 1000;
const now = new Date('2026-06-30T04:00:00Z');

async function batch(state: string, finishedDaysAgo: number | null): Promise<string> {
  const id = randomUUID();
  await t.prisma.batch.create({
    data: {
      id, kind: 'scorecards', params: JSON.stringify({ year: 2022, region: null }), state, total: 1, done: state === 'completed' ? 1 : 0,
      requestedBy: 'admin', finishedAt: finishedDaysAgo === null ? null : new Date(now.getTime() - finishedDaysAgo * DAY),
      files: { create: { name: `${id}.pdf`, mediaType: 'application/pdf', size: 3, sha256: 'x'.repeat(64), content: Buffer.from('pdf') } },
    },
  });
  return id;
}

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

it('deletes finished batches older than the keeping time with their files, and nothing else', async () => {
  const old = { completed: await batch('completed', 31), failed: await batch('failed', 45), cancelled: await batch('cancelled', 30.01) };
  const kept = { recent: await batch('completed', 29), running: await batch('running', null), queued: await batch('queued', null) };
  const register = await t.prisma.issuedDocument.create({
    data: { evaluationId: null, kind: 'project', title: '某项目', evidenceSha256: 'a'.repeat(64), code: 'BF21-9069-96CE-09DB', pdfSha256: 'b'.repeat(64), issuedBy: 'admin' },
  });

  expect(await t.app.get(BatchRetention).sweep(now)).toBe(3);

  const left = (await t.prisma.batch.findMany({ select: { id: true } })).map((b) => b.id).sort();
  expect(left).toEqual(Object.values(kept).sort());
  const files = (await t.prisma.batchFile.findMany({ select: { batchId: true } })).map((f) => f.batchId).sort();
  expect(files).toEqual(Object.values(kept).sort());
  for (const id of Object.values(old)) expect(await t.prisma.batchFile.count({ where: { batchId: id } })).toBe(0);
  expect(await t.prisma.issuedDocument.findUnique({ where: { id: register.id } })).not.toBeNull();
  // Nothing more to delete: a second sweep (another process's) changes nothing.
  expect(await t.app.get(BatchRetention).sweep(now)).toBe(0);
});

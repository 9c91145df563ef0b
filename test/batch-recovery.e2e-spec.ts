import { randomUUID } from 'node:crypto';
import { BatchPartProcessor } from '../src/jobs/batch-part.processor';
import { BatchRecovery } from '../src/jobs/batch-recovery';
import { JobQueue, partMarkerName, Recovery } from '../src/jobs/batch.types';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The sweep over unfinished batches (BatchRecovery), against the database, with a queue that
 * answers as a Redis that lost parts or a part that failed for good would: the queue's own half
 * (what it finds in Redis) is tested in batches-cluster.e2e-spec.ts.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

async function batch(state: string, parts: number, committed: number[]): Promise<string> {
  const id = randomUUID();
  const items = Array.from({ length: parts * 2 }, (_, i) => `p${i}`);
  await t.prisma.batch.create({
    data: {
      id, kind: 'scorecards', params: JSON.stringify({ year: 2022, region: null, items, partSize: 2 }), state, priority: 2, total: items.length, done: committed.length * 2, requestedBy: 'admin',
      files: { create: committed.map((part) => ({ name: partMarkerName(part), mediaType: 'application/json', size: 2, sha256: 'x'.repeat(64), content: Buffer.from('{}') })) },
    },
  });
  return id;
}

function queueAnswering(answer: (batchId: string) => Recovery) {
  const recover = jest.fn(async (batchId: string) => answer(batchId));
  return { queue: { recover } as unknown as JobQueue, recover };
}

it('asks the queue about the parts not committed of every unfinished batch, and fails a batch whose part failed for good', async () => {
  const running = await batch('running', 3, [0]);
  const queued = await batch('queued', 2, []);
  const done = await batch('completed', 2, [0, 1]);
  const broken = await batch('running', 2, [1]);
  const { queue, recover } = queueAnswering((id) =>
    id === broken ? { requeued: [], failed: { part: 0, attempts: 3, reason: 'Chromium crashed' } } : { requeued: id === queued ? [0, 1] : [], failed: null },
  );
  const recovery = new BatchRecovery(t.prisma, queue, t.app.get(BatchPartProcessor));

  expect(await recovery.sweep()).toBe(2);

  const asked = new Map(recover.mock.calls.map(([id, pending, priority]) => [id, { pending, priority }]));
  expect(asked.get(running)).toEqual({ pending: [1, 2], priority: 2 });
  expect(asked.get(queued)).toEqual({ pending: [0, 1], priority: 2 });
  expect(asked.get(broken)).toEqual({ pending: [0], priority: 2 });
  expect(asked.has(done)).toBe(false);
  const failed = await t.prisma.batch.findUniqueOrThrow({ where: { id: broken } });
  expect(failed.state).toBe('failed');
  expect(failed.reason).toBe('第 1 部分重试 3 次仍未完成，批量任务已停止：Chromium crashed');
  expect(failed.finishedAt).not.toBeNull();
  expect((await t.prisma.batch.findUniqueOrThrow({ where: { id: running } })).state).toBe('running');
});

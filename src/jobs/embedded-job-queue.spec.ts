import { BusyError } from '../common/errors';
import { parseQueueConfig } from '../config/queue-config';
import { BatchPartProcessor } from './batch-part.processor';
import { EmbeddedJobQueue } from './embedded-job-queue';
import { PrismaService } from '../prisma/prisma.service';

/** The in-process queue's retry rules, with a processor that fails as told. */
function queueWith(run: jest.Mock, env: NodeJS.ProcessEnv = {}) {
  const fail = jest.fn().mockResolvedValue(undefined);
  const processor = { run, fail } as unknown as BatchPartProcessor;
  const queue = new EmbeddedJobQueue(parseQueueConfig({ BATCH_ATTEMPTS: '2', BATCH_QUEUE_LIMIT: '2', ...env }), processor, {} as PrismaService);
  return { queue, fail };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 20))) if (Date.now() > end) throw new Error('timed out');
}

it('a part that keeps failing is tried BATCH_ATTEMPTS times, then fails its batch with the last error', async () => {
  const run = jest.fn().mockRejectedValue(new Error('Chromium crashed'));
  const { queue, fail } = queueWith(run);
  await queue.submit('b1', 1, 2);
  await until(() => fail.mock.calls.length > 0);
  expect(run).toHaveBeenCalledTimes(2);
  expect(fail).toHaveBeenCalledWith({ batchId: 'b1', part: 0 }, 2, 'Chromium crashed');
});

it('a busy printer and a batch row not committed yet are waited out without spending an attempt', async () => {
  const run = jest.fn()
    .mockRejectedValueOnce(new BusyError('报告生成繁忙', 1))
    .mockResolvedValueOnce('missing')
    .mockRejectedValueOnce(new BusyError('报告生成繁忙', 1))
    .mockResolvedValueOnce('done');
  const { queue, fail } = queueWith(run, { BATCH_ATTEMPTS: '1' });
  await queue.submit('b2', 1, 2);
  await until(() => run.mock.calls.length === 4);
  await new Promise((r) => setTimeout(r, 50));
  expect(fail).not.toHaveBeenCalled();
});

it('refuses a new batch with 503 while more parts than the limit wait, and runs parts one at a time in order', async () => {
  const order: number[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const run = jest.fn(async (job: { part: number }) => {
    order.push(job.part);
    await gate;
    return 'done';
  });
  const { queue } = queueWith(run);
  await queue.assertCapacity();
  await queue.submit('b3', 3, 2); // one runs, two wait: the limit
  await until(() => order.length === 1);
  await expect(queue.assertCapacity()).rejects.toMatchObject({ status: 503, message: '批量任务排队已满，请稍后重试' });
  expect(await queue.health()).toEqual({ backend: 'embedded', state: 'ok', waiting: 2, active: 1 });
  release();
  await until(() => order.length === 3);
  expect(order).toEqual([0, 1, 2]);
  await until(() => run.mock.results.length === 3);
  await expect(queue.assertCapacity()).resolves.toBeUndefined();
});

it('runs a region batch\'s parts (priority 1) before the waiting parts of a province batch (priority 2) submitted earlier', async () => {
  const order: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const run = jest.fn(async (job: { batchId: string; part: number }) => {
    order.push(`${job.batchId}/${job.part}`);
    if (order.length === 1) await gate;
    return 'done';
  });
  const { queue } = queueWith(run, { BATCH_QUEUE_LIMIT: '10' });
  await queue.submit('province', 3, 2);
  await until(() => order.length === 1);
  await queue.submit('wuhan', 2, 1);
  release();
  await until(() => order.length === 5);
  expect(order).toEqual(['province/0', 'wuhan/0', 'wuhan/1', 'province/1', 'province/2']);
});

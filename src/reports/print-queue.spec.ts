import { BusyError } from '../common/errors';
import { PrintQueue } from './print-queue';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('PrintQueue', () => {
  it('runs at most `concurrency` jobs and refuses past the waiting line with Retry-After', async () => {
    const q = new PrintQueue(2, 1);
    const gates = [deferred(), deferred(), deferred()];
    let running = 0;
    let peak = 0;
    const job = (i: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await gates[i].promise;
      running--;
      return i;
    };
    const a = q.run(job(0));
    const b = q.run(job(1));
    const c = q.run(job(2));
    await Promise.resolve();
    expect(q.size).toEqual({ running: 2, waiting: 1 });
    const refused = q.run(async () => 9).catch((e) => e);
    const err = await refused;
    expect(err).toBeInstanceOf(BusyError);
    expect(err.status).toBe(503);
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Work already admitted (a running batch) still queues.
    const admitted = q.run(async () => 7, { admitted: true });
    gates.forEach((g) => g.resolve());
    expect(await Promise.all([a, b, c, admitted])).toEqual([0, 1, 2, 7]);
    expect(peak).toBe(2);
    expect(q.size).toEqual({ running: 0, waiting: 0 });
  });

  it('starts waiting jobs by priority (lower first), first come first served within one', async () => {
    const q = new PrintQueue(1, 10);
    const gate = deferred();
    const order: string[] = [];
    const job = (name: string) => async () => void order.push(name);
    const first = q.run(async () => gate.promise);
    const waiting = [
      q.run(job('province-a'), { priority: 2 }),
      q.run(job('region-a'), { priority: 1 }),
      q.run(job('province-b'), { priority: 2 }),
      q.run(job('download')),
      q.run(job('region-b'), { priority: 1 }),
    ];
    gate.resolve();
    await Promise.all([first, ...waiting]);
    expect(order).toEqual(['download', 'region-a', 'region-b', 'province-a', 'province-b']);
  });

  it('frees the slot when a job fails', async () => {
    const q = new PrintQueue(1, 0);
    await expect(q.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(q.run(async () => 1)).resolves.toBe(1);
  });
});

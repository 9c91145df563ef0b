/** Worker thread of peakSampler (process-memory.ts): keeps the peak memory of a process tree. */
import { workerData } from 'node:worker_threads';
import { treeMemoryBytes } from './process-memory';

const { peak, ms, root } = workerData as { peak: BigInt64Array; ms: number; root: number };
setInterval(() => {
  const now = BigInt(treeMemoryBytes(root));
  if (now > Atomics.load(peak, 0)) Atomics.store(peak, 0, now);
}, ms);

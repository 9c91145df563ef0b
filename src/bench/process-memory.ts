import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Fields of /proc/<pid>/stat after the process name, or null once the process has ended. */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** `root` and every live descendant (Node plus every Chromium process it started), from /proc (Linux). */
export function treePids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(entry);
    if (f) children.set(Number(f[1]), [...(children.get(Number(f[1])) ?? []), Number(entry)]);
  }
  const pids: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    pids.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return pids;
}

/**
 * Proportional set size: shared pages (Chromium's processes share most of their code and fonts)
 * are split between the processes sharing them, so the sum over the tree is not inflated.
 */
function pssKiB(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Memory (PSS) of a process tree, in bytes. */
export function treeMemoryBytes(root = process.pid): number {
  return treePids(root).reduce((sum, pid) => sum + pssKiB(pid), 0) * 1024;
}

/**
 * Samples the tree's memory every `ms` until stopped; returns the peak. Reading smaps_rollup of
 * every Chromium process takes about 20 ms, so the sampling runs on a worker thread: on the main
 * thread each sample stalled the event loop that drives the prints (bench:pdf) or times the
 * requests (bench:load), and showed up in the figures being measured.
 */
export function peakSampler(ms = 500, root = process.pid): { stop(): number } {
  const peak = new BigInt64Array(new SharedArrayBuffer(8));
  peak[0] = BigInt(treeMemoryBytes(root));
  const worker = new Worker(path.join(__dirname, 'memory-sampler.worker.js'), { workerData: { peak, ms, root } });
  worker.unref();
  return {
    stop() {
      void worker.terminate();
      return Math.max(Number(Atomics.load(peak, 0)), treeMemoryBytes(root));
    },
  };
}

/**
 * CPU seconds (user + system) used so far by this process and every live descendant, plus what
 * finished children reported. Unlike wall time it does not grow when other work shares the cores.
 */
export function treeCpuSeconds(root = process.pid): number {
  return treePids(root).reduce((sum, pid) => sum + cpuSeconds(pid, true), 0);
}

/** CPU seconds (user + system) of one process, with its finished children's if asked. */
export function cpuSeconds(pid: number, withFinishedChildren = false): number {
  const tick = 100; // USER_HZ on Linux
  const f = statFields(pid);
  if (!f) return 0;
  const own = Number(f[11]) + Number(f[12]);
  return (withFinishedChildren ? own + Number(f[13]) + Number(f[14]) : own) / tick;
}

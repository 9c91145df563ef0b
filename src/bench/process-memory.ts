import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Memory (PSS) of a process tree from /proc (Linux): Node plus every Chromium process it started. */
function children(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(ppid, [...(map.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  return map;
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

export function treeMemoryBytes(root = process.pid): number {
  const kids = children();
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += pssKiB(pid);
    stack.push(...(kids.get(pid) ?? []));
  }
  return total * 1024;
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
  const kids = children();
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += cpuSeconds(pid, true);
    stack.push(...(kids.get(pid) ?? []));
  }
  return total;
}

/** CPU seconds (user + system) of one process, with its finished children's if asked. */
export function cpuSeconds(pid: number, withFinishedChildren = false): number {
  const tick = 100; // USER_HZ on Linux
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields after the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    const own = Number(f[11]) + Number(f[12]);
    return (withFinishedChildren ? own + Number(f[13]) + Number(f[14]) : own) / tick;
  } catch {
    return 0; // ended meanwhile
  }
}

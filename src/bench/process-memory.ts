import fs from 'node:fs';

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
 * every Chromium process is itself expensive (at 100 ms it took ~3 s of CPU per benchmark run,
 * competing with the prints it measures), so the default interval is half a second.
 */
export function peakSampler(ms = 500): { stop(): number } {
  let peak = treeMemoryBytes();
  const timer = setInterval(() => {
    peak = Math.max(peak, treeMemoryBytes());
  }, ms);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, treeMemoryBytes());
    },
  };
}

/**
 * CPU seconds (user + system) used so far by this process and every live descendant, plus what
 * finished children reported. Unlike wall time it does not grow when other work shares the cores.
 */
export function treeCpuSeconds(root = process.pid): number {
  const kids = children();
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields after the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
      total += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // ended meanwhile
    }
    stack.push(...(kids.get(pid) ?? []));
  }
  return total / tick;
}

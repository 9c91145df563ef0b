import { cpuSeconds, treePids } from './process-memory';

/**
 * CPU seconds used by process trees, robust to processes ending: Chromium is recycled after
 * REPORT_MAX_PRINTS prints, and a browser's renderers are not reaped by the Node process, so the
 * tree's total (own plus reaped children's) can drop when one ends. Here every process of the
 * trees is sampled every `ms` (a second: reading /proc stalls the event loop that times the requests) and counted at its last reading, its own CPU only; a process that
 * ends between two samples loses at most one interval of its CPU.
 */
export class CpuMeter {
  private readonly last = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly roots: () => number[], ms = 1000) {
    this.sample();
    this.timer = setInterval(() => this.sample(), ms);
    this.timer.unref();
  }

  private sample(): void {
    for (const root of this.roots()) {
      for (const pid of treePids(root)) {
        const cpu = cpuSeconds(pid);
        if (cpu > 0 || !this.last.has(pid)) this.last.set(pid, Math.max(cpu, this.last.get(pid) ?? 0));
      }
    }
  }

  /** CPU seconds of the trees so far (since each process started). */
  total(): number {
    this.sample();
    let sum = 0;
    for (const cpu of this.last.values()) sum += cpu;
    return sum;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

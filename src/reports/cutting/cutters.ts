import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { cutJob, CutJob, CutResult } from './cut-job';
import type { CutReply } from './cut-worker';

/**
 * Threads that cut printed batches into archival files. Trimming each file's fonts and making it
 * PDF/A cost about 2 ms a report on top of the cut itself (see README, bench:pdf): on the main
 * thread that held up every request for a fifth of a second per 100 reports and slowed the batch
 * by a fifth. Here each chunk printed side by side is cut in a thread of its own, side by side
 * too, and the event loop stays free. From TypeScript sources (the tests under ts-jest) there is
 * no worker script to start: jobs then run on the calling thread, through the same cutJob.
 */
const WORKER_SCRIPT = path.join(__dirname, 'cut-worker.js');
const IDLE_MS = 60_000;

interface Slot {
  worker: Worker;
  busy: boolean;
  idle: NodeJS.Timeout | null;
}

interface Pending {
  resolve: (r: CutResult) => void;
  reject: (e: Error) => void;
  progress: () => void;
  slot: Slot;
}

export class Cutters {
  private readonly slots = new Set<Slot>();
  private readonly waiting: (() => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly script = WORKER_SCRIPT,
  ) {}

  /** Whether jobs run in threads (false from TypeScript sources). */
  get threaded(): boolean {
    return this.size > 0 && this.script.endsWith('.js') && fs.existsSync(this.script);
  }

  async run(job: CutJob, progress: () => void): Promise<CutResult> {
    if (!this.threaded) return cutJob(job, progress);
    const slot = await this.acquire();
    try {
      return await new Promise<CutResult>((resolve, reject) => {
        const id = this.nextId++;
        this.pending.set(id, { resolve, reject, progress, slot });
        slot.worker.postMessage({ id, job });
      });
    } finally {
      this.release(slot);
    }
  }

  /** Starts the threads now rather than on the first batch (each loads pdf-lib, a tenth of a second). */
  warmUp(): void {
    while (this.threaded && !this.closed && this.slots.size < this.size) this.idle(this.start());
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.slots].map((s) => s.worker.terminate()));
    this.slots.clear();
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new Error('report cutters are shut down');
      const free = [...this.slots].find((s) => !s.busy);
      const slot = free ?? (this.slots.size < this.size ? this.start() : null);
      if (slot) {
        slot.busy = true;
        if (slot.idle) clearTimeout(slot.idle);
        slot.idle = null;
        slot.worker.ref(); // a job in flight keeps the process alive (the CLI waits for it)
        return slot;
      }
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  private release(slot: Slot): void {
    slot.busy = false;
    if (this.slots.has(slot)) this.idle(slot);
    this.waiting.shift()?.();
  }

  private idle(slot: Slot): void {
    slot.worker.unref();
    // An idle thread holds pdf-lib and the stamp sheet: let it go after a while.
    slot.idle = setTimeout(() => this.retire(slot), IDLE_MS);
    slot.idle.unref();
  }

  private start(): Slot {
    // A small young generation: pdf-lib's short-lived objects are collected sooner, and the two
    // threads' heaps no longer grow by some 100 MiB each during a batch (bench:pdf's peak
    // 1555–1677 MiB became 1407–1447 MiB here, CPU per report unchanged).
    const worker = new Worker(this.script, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    const slot: Slot = { worker, busy: false, idle: null };
    this.slots.add(slot);
    worker.on('message', (msg: CutReply) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.kind === 'progress') return p.progress();
      this.pending.delete(msg.id);
      if (msg.kind === 'result') p.resolve(msg.result);
      else p.reject(new Error(`cutting a printed batch failed: ${msg.message}`));
    });
    const fail = (err: Error) => {
      this.slots.delete(slot);
      for (const [id, p] of this.pending) {
        if (p.slot !== slot) continue;
        this.pending.delete(id);
        p.reject(err);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`report cutter thread exited (${code})`)));
    return slot;
  }

  private retire(slot: Slot): void {
    if (slot.busy || !this.slots.has(slot)) return;
    this.slots.delete(slot);
    void slot.worker.terminate();
  }
}

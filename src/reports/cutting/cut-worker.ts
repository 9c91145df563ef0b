import { parentPort } from 'node:worker_threads';
import { cutJob, CutJob, CutResult } from './cut-job';

/** A worker thread that cuts printed batches (cutters.ts starts it; cut-job.ts does the work). */

export type CutReply = { id: number; kind: 'progress' } | { id: number; kind: 'result'; result: CutResult } | { id: number; kind: 'error'; message: string };

/** The files' buffers move to the main thread rather than being copied. */
function transferable(result: CutResult): ArrayBuffer[] {
  if (result.kind !== 'cut') return [];
  const files = result.booklet ? [...result.files, result.booklet] : result.files;
  return files.filter((f) => f.pdf.byteOffset === 0 && f.pdf.byteLength === f.pdf.buffer.byteLength).map((f) => f.pdf.buffer as ArrayBuffer);
}

const port = parentPort;
if (port) {
  port.on('message', (msg: { id: number; job: CutJob }) => {
    const reply = (r: CutReply, transfer: ArrayBuffer[] = []) => port.postMessage(r, transfer);
    cutJob(msg.job, () => reply({ id: msg.id, kind: 'progress' })).then(
      (result) => reply({ id: msg.id, kind: 'result', result }, transferable(result)),
      (err: unknown) => reply({ id: msg.id, kind: 'error', message: (err as Error)?.stack ?? String(err) }),
    );
  });
}

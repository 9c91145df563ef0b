import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Temp files of writes in flight, removed on an interrupt so nothing half-written stays. */
const inFlight = new Set<string>();

export function tempFilesInFlight(): string[] {
  return [...inFlight];
}

/** Removes temp files of unfinished writes (called on SIGINT/SIGTERM by the CLI). */
export function removeTempFiles(): void {
  for (const f of inFlight) fs.rmSync(f, { force: true });
  inFlight.clear();
}

/**
 * Writes a file so that readers see either the old content or the whole new one: write a hidden
 * temp file in the same directory (same file system, so rename is atomic), fsync it, rename it.
 */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(target);
  await fs.promises.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  inFlight.add(temp);
  try {
    const handle = await fs.promises.open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temp, target);
  } catch (err) {
    await fs.promises.rm(temp, { force: true });
    throw err;
  } finally {
    inFlight.delete(temp);
  }
}

/** A file name safe on Linux, Windows and in ZIP readers; keeps Chinese, drops separators. */
export function safeFileName(name: string, fallback = 'report'): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\x00-\x1f\x7f]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 80);
  return cleaned || fallback;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { safeFileName, tempFilesInFlight, writeFileAtomic } from './atomic-write';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the whole file and leaves no temp file', async () => {
    const target = path.join(dir, 'sub', '报告.pdf');
    await writeFileAtomic(target, Buffer.from('%PDF-1.7 whole'));
    expect(fs.readFileSync(target, 'utf8')).toBe('%PDF-1.7 whole');
    expect(fs.readdirSync(path.dirname(target))).toEqual(['报告.pdf']);
    expect(tempFilesInFlight()).toEqual([]);
  });

  it('leaves neither a target nor a temp file when the write fails', async () => {
    const target = path.join(dir, 'a.pdf');
    fs.mkdirSync(target); // rename onto a directory fails
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(['a.pdf']);
    expect(fs.statSync(target).isDirectory()).toBe(true);
  });
});

describe('safeFileName', () => {
  it('keeps Chinese and drops path separators and control characters', () => {
    expect(safeFileName('武汉-激光/产业:集群*?')).toBe('武汉-激光_产业_集群__');
    expect(safeFileName('../..')).toBe('_');
    expect(safeFileName('   ')).toBe('report');
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Reads PDFs back the way a person would: text, fonts, page count, page images (poppler-utils). */
function withFile<T>(pdf: Uint8Array, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-check-'));
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfText(pdf: Uint8Array, opts: { first?: number; last?: number; raw?: boolean } = {}): string {
  const range = [...(opts.first ? ['-f', String(opts.first)] : []), ...(opts.last ? ['-l', String(opts.last)] : [])];
  // -layout reads as a person sees the page; -raw in the order the content stream draws it, which
  // does not move when a value of another width (an id, a code) shifts the lines beside it.
  return withFile(pdf, (f) => execFileSync('pdftotext', [opts.raw ? '-raw' : '-layout', ...range, f, '-'], { encoding: 'utf8' }));
}

/** Text with all whitespace removed: table layout splits phrases across columns and lines. */
export function pdfTextCompact(pdf: Uint8Array, opts: { first?: number; last?: number; raw?: boolean } = {}): string {
  return pdfText(pdf, opts).replace(/\s+/g, '');
}

/** pdffonts: every font with its type and whether it is embedded. */
export function pdfFonts(pdf: Uint8Array): { name: string; type: string; embedded: boolean }[] {
  const out = withFile(pdf, (f) => execFileSync('pdffonts', [f], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name type... encoding emb sub uni object ID: emb is the 5th column from the end
      return { name: cols[0], type: cols.slice(1, cols.length - 5).join(' '), embedded: cols[cols.length - 5] === 'yes' };
    });
}

export function pdfPages(pdf: Uint8Array): number {
  const out = withFile(pdf, (f) => execFileSync('pdfinfo', [f], { encoding: 'utf8' }));
  return Number(/Pages:\s+(\d+)/.exec(out)![1]);
}

export function pdfInfo(pdf: Uint8Array): string {
  return withFile(pdf, (f) => execFileSync('pdfinfo', [f], { encoding: 'utf8' }));
}

export const IMAGE_DIR = path.resolve(__dirname, '..', '..', 'test-output', 'report-pages');

/** Saves page images for visual checks (test-output/report-pages/<name>-<page>.png). */
export function savePageImages(pdf: Uint8Array, name: string, opts: { first?: number; last?: number } = {}): string[] {
  fs.mkdirSync(IMAGE_DIR, { recursive: true });
  const prefix = path.join(IMAGE_DIR, name);
  withFile(pdf, (f) =>
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', String(opts.first ?? 1), '-l', String(opts.last ?? 1), f, prefix]),
  );
  return fs.readdirSync(IMAGE_DIR).filter((f) => f.startsWith(name + '-')).map((f) => path.join(IMAGE_DIR, f));
}

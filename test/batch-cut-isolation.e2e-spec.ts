import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { sampleSources } from '../src/bench/pdf-fixtures';
import { evidenceOf } from '../src/reports/evidence/evaluation-evidence';
import { createReportPrinter } from '../src/reports/report-engine';
import { projectParts } from '../src/reports/report-parts';
import { BatchResult, ReportPrinter } from '../src/reports/report-printer';
import { ScorecardSource } from '../src/reports/report-view.types';
import { loadReportsConfig } from '../src/reports/reports.config';
import { drawn, readFonts } from './support/pdf-fonts-read';
import { attachments, objectCounts, pageCount, pdfa3Problems, qdf } from './support/pdfa-checks';
import { pdfText } from './support/pdf-tools';

/**
 * No report carries another's data (issue 14, item 4). A batch is printed as one document and cut
 * into one file per report; each file must hold nothing of the others: not their text, not their
 * attached evaluations, no page objects beyond its own — and, since the batch's fonts hold the
 * glyphs of every report, not their characters either: neither in a font's ToUnicode map (what
 * copy and search read) nor as glyph outlines in the font program. Each report's subject gets a
 * pair of characters no other report and no template uses, so a leak shows as those characters.
 */
jest.setTimeout(180_000);

const MARKS = ['鑫', '淼', '犇', '骉'];
let printer: ReportPrinter;
let sources: ScorecardSource[];
let chunks: BatchResult;
let booklet: BatchResult;
const compact = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  printer = createReportPrinter({ ...loadReportsConfig(), concurrency: 2, queueSize: 8, printTimeoutMs: 60000, maxPrintsPerBrowser: 100 });
  sources = (await sampleSources(4, 'acceptance')).map((s, i) => ({ ...s, stored: true, evaluationId: `isolation-${i + 1}` }));
  sources.forEach((s, i) => (s.evaluation.subject.name = `${MARKS[i]}${MARKS[i]}产业集群质量提升`));
  const { parts } = projectParts(sources);
  chunks = await printer.printBatch(parts, { title: '批量' }); // two chunks side by side, cut
  booklet = await printer.printBatch(parts, { title: '汇编', booklet: true }); // one tagged document, cut
});

afterAll(async () => {
  await printer?.close();
});

const cases = [0, 1, 2, 3].flatMap((i) => [
  [`report ${i + 1} cut from a chunk`, () => chunks.reports[i].pdf, i],
  [`report ${i + 1} cut from the booklet`, () => booklet.reports[i].pdf, i],
]) as [string, () => Uint8Array, number][];

/** Font problems of a cut file: text or outlines for anything its pages do not show, another report's characters. */
async function fontLeaks(pdf: Uint8Array, others: string[]): Promise<string[]> {
  const problems: string[] = [];
  const read = await readFonts(pdf);
  if (!read.some((f) => !f.inFormOnly)) problems.push('no fonts found');
  for (const font of read.filter((f) => !f.inFormOnly)) {
    // ToUnicode: text only for the codes shown; outlines only for the glyphs drawn (and .notdef).
    const needed = drawn(font);
    const text = [...font.text.keys()].filter((c) => !font.shown.has(c));
    const outlines = [...font.outlines].filter((g) => !needed.has(g));
    if (text.length) problems.push(`${font.name}: text for ${text.length} codes not shown (${text.map((c) => font.text.get(c)).join('')})`);
    if (outlines.length) problems.push(`${font.name}: outlines of ${outlines.length} glyphs not drawn`);
    if (font.tables.includes('cmap')) problems.push(`${font.name}: a Unicode map in the font program`);
    const chars = [...font.text.values()].join('');
    for (const mark of others) if (chars.includes(mark)) problems.push(`${font.name}: ${mark}`);
  }
  // The page-number stamps come from one sheet printed for all: their fonts hold page numbers only.
  for (const font of read.filter((f) => f.inFormOnly)) {
    if (!/^[第页共\d\s]*$/.test([...font.text.values()].join(''))) problems.push(`${font.name}: stamp font with other text`);
  }
  return problems;
}

describe.each(cases)('%s', (_label, file, own) => {
  const others = MARKS.filter((_, k) => k !== own);

  it('holds nothing of the other reports: not their text (pdftotext), nor their characters in its fonts’ maps or outlines', async () => {
    const text = compact(pdfText(file()));
    expect(text).toContain(`${MARKS[own]}${MARKS[own]}产业集群质量提升`);
    expect({ text: others.filter((mark) => text.includes(mark)), fonts: await fontLeaks(file(), others) }).toEqual({ text: [], fonts: [] });
  });

  it('holds only its own pages and its own evaluation: no other page, object or attachment (qpdf, pdfdetach)', () => {
    const pdf = file();
    const printed = chunks.reports[own].pages;
    const laidOut = qdf(pdf);
    const attached = attachments(pdf);
    const { inFile, reachable } = objectCounts(pdf);
    expect({
      pages: pageCount(pdf),
      pageObjects: (laidOut.match(/\/Type \/Page\b/g) ?? []).length,
      batchStructure: ['/StructTreeRoot', '/StructParents', '/Dests', '/Outlines'].filter((key) => laidOut.includes(key)),
      unusedObjects: inFile - reachable,
      attached: [...attached.keys()],
      own: attached.get('evaluation.json')?.equals(evidenceOf(sources[own]).json),
    }).toEqual({ pages: printed, pageObjects: printed, batchStructure: [], unusedObjects: 0, attached: ['evaluation.json'], own: true });
  });
});

it('draws each cut page exactly as the booklet does, its fonts holding only the glyphs it shows', async () => {
  for (const r of booklet.reports) expect(await fontLeaks(r.pdf, [])).toEqual([]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cut-pages-'));
  try {
    fs.writeFileSync(path.join(dir, 'booklet.pdf'), booklet.booklet!);
    let first = 2; // the contents page comes first
    booklet.reports.forEach((r, i) => {
      fs.writeFileSync(path.join(dir, `cut-${i}.pdf`), r.pdf);
      for (let p = 1; p <= r.pages; p++) {
        execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(p), '-l', String(p), '-singlefile', path.join(dir, `cut-${i}.pdf`), path.join(dir, 'a')]);
        execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(first + p - 1), '-l', String(first + p - 1), '-singlefile', path.join(dir, 'booklet.pdf'), path.join(dir, 'b')]);
        const a = PNG.sync.read(fs.readFileSync(path.join(dir, 'a.png')));
        const b = PNG.sync.read(fs.readFileSync(path.join(dir, 'b.png')));
        expect({ report: i + 1, page: p, same: a.width === b.width && a.height === b.height && a.data.equals(b.data) }).toEqual({ report: i + 1, page: p, same: true });
      }
      first += r.pages;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('cuts the same way in the worker threads of the built service (the CLI report command)', async () => {
  // From TypeScript sources the cutting runs on the calling thread; built, in one thread per print slot.
  const root = path.resolve(__dirname, '..');
  const cli = path.join(root, 'dist', 'cli', 'main.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: build first (npm test runs the set-up, or npx tsc -p tsconfig.build.json)`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cut-threads-'));
  try {
    const projects = path.join(root, 'test', 'fixtures', 'ok', 'projects-2022.json');
    const run = JSON.parse(execFileSync(process.execPath, [cli, 'report', '--rules', 'hubei-2022', '--projects', projects, '--out', out], { cwd: root, env: { ...process.env, REPORT_CONCURRENCY: '2' } }).toString()) as { reports: { file: string }[] };
    expect(run.reports.length).toBeGreaterThan(2);
    for (const r of run.reports) {
      const pdf = fs.readFileSync(r.file);
      expect({ file: path.basename(r.file), fonts: await fontLeaks(pdf, []), pdfa: await pdfa3Problems(pdf), attached: [...attachments(pdf).keys()] }).toEqual({
        file: path.basename(r.file), fonts: [], pdfa: [], attached: ['evaluation.json'],
      });
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

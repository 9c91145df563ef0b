import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, PDFString } from 'pdf-lib';

/**
 * What the conformance gate runs on a printed file: qpdf's structural check, PDFBox Preflight
 * (PDF/A-1b, with the rule families PDF/A-2 and -3 allow waived, named below), pdffonts, and our
 * own reading of what PDF/A-3b adds. veraPDF, the reference validator, cannot be installed here
 * (no Debian package, no network): this is what the gate shows, and no more.
 */

function withFiles<T>(files: Map<string, Uint8Array>, fn: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdfa-check-'));
  try {
    for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), bytes);
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const one = <T>(pdf: Uint8Array, fn: (file: string) => T) => withFiles(new Map([['doc.pdf', pdf]]), (dir) => fn(path.join(dir, 'doc.pdf')));

/** qpdf --check: exit 0 and no syntax or stream errors. */
export function qpdfCheck(pdf: Uint8Array): { ok: boolean; output: string } {
  return one(pdf, (file) => {
    const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    const output = `${r.stdout}${r.stderr}`;
    return { ok: r.status === 0 && output.includes('No syntax or stream encoding errors found'), output };
  });
}

/** The file with every stream decoded and objects laid out one by one (qpdf --qdf), as text. */
export function qdf(pdf: Uint8Array): string {
  return one(pdf, (file) => execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, '-'], { maxBuffer: 256 * 1024 * 1024 }).toString('latin1'));
}

/**
 * How many objects the file holds (its cross-reference table) and how many of them qpdf finds
 * from the trailer (it writes only those with --qdf): a difference is an object nothing uses.
 */
export function objectCounts(pdf: Uint8Array): { inFile: number; reachable: number } {
  return one(pdf, (file) => {
    const xref = execFileSync('qpdf', ['--show-xref', file], { encoding: 'utf8' });
    const inFile = xref.split('\n').filter((l) => /^\d+\/\d+: (uncompressed|compressed)/.test(l)).length;
    const reachable = (qdf(pdf).match(/^%% Original object ID: /gm) ?? []).length;
    return { inFile, reachable };
  });
}

export function pageCount(pdf: Uint8Array): number {
  return one(pdf, (file) => Number(execFileSync('qpdf', ['--show-npages', file], { encoding: 'utf8' }).trim()));
}

/** pdfdetach: the names of the attached files, and their bytes. */
export function attachments(pdf: Uint8Array): Map<string, Buffer> {
  return one(pdf, (file) => {
    const list = execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' });
    const names = list.split('\n').slice(1).map((l) => l.replace(/^\d+:\s*/, '').trim()).filter(Boolean);
    const out = new Map<string, Buffer>();
    names.forEach((name, i) => {
      const target = path.join(path.dirname(file), `attachment-${i}`);
      execFileSync('pdfdetach', ['-save', String(i + 1), '-o', target, file]);
      out.set(name, fs.readFileSync(target));
    });
    return out;
  });
}

// ---- PDFBox Preflight ----------------------------------------------------------------------

const JARS = ['preflight', 'pdfbox2', 'fontbox2', 'xmpbox', 'commons-logging', 'javax.activation', 'jaxb-api'].map((j) => `/usr/share/java/${j}.jar`);

/** Why Preflight cannot run here, or null when it can (Debian libpdfbox2-java on a Java runtime). */
export function preflightUnavailable(): string | null {
  const missing = JARS.filter((j) => !fs.existsSync(j));
  if (missing.length) return `PDFBox Preflight jars missing (${missing.join(', ')}): apt-get install -y libpdfbox2-java libactivation-java libjaxb-api-java`;
  if (spawnSync('java', ['-version']).status !== 0) return 'no Java runtime: apt-get install -y default-jre-headless';
  return null;
}

/**
 * Preflight validates PDF/A-1b. PDF/A-3 (ISO 19005-3, on PDF 1.7) allows what these rules of
 * PDF/A-1 forbid, so exactly these are waived, each only with its own message:
 */
export const PREFLIGHT_WAIVERS: { code: string; rule: string; why: string; details: RegExp }[] = [
  { code: '3.1.11', rule: 'CIDSet missing for a subset CIDFont', why: 'PDF/A-2/3 make CIDSet optional (ISO 19005-2 6.2.11.4.2)', details: /CIDSet/ },
  { code: '2.2.1', rule: 'transparency group', why: 'PDF/A-2/3 allow transparency (with an output intent)', details: /./ },
  { code: '4.1.2', rule: 'constant alpha (CA/ca) in ExtGState', why: 'PDF/A-2/3 allow transparency', details: /./ },
  { code: '1.2.9', rule: 'EmbeddedFile in a file specification', why: 'PDF/A-3 allows embedded files as associated files (ISO 19005-3 6.8)', details: /EmbeddedFile/ },
  { code: '1.4.7', rule: 'EmbeddedFiles in the Names dictionary', why: 'PDF/A-3 allows embedded files as associated files', details: /EmbeddedFile/ },
  { code: '7.11.2', rule: 'pdfaid:part must be 1', why: 'the file declares part 3, which it is checked as', details: /part must be 1/ },
];

export interface PreflightError {
  code: string;
  details: string;
  count: number;
}

/** Runs Preflight once over several files (its "group" mode): every error of each, by file name. */
export function preflight(files: Map<string, Uint8Array>): Map<string, PreflightError[]> {
  return withFiles(files, (dir) => {
    const list = path.join(dir, 'files.txt');
    fs.writeFileSync(list, [...files.keys()].map((n) => path.join(dir, n)).join('\n') + '\n');
    execFileSync('java', ['-cp', JARS.join(':'), 'org.apache.pdfbox.preflight.Validator_A1b', 'xml', 'group', list], { stdio: 'ignore', timeout: 120_000 });
    const xml = fs.readFileSync(`${list}.preflight.xml`, 'utf8');
    const out = new Map<string, PreflightError[]>();
    for (const m of xml.matchAll(/<preflight name="([^"]+)">([\s\S]*?)<\/preflight>/g)) {
      const errors = [...m[2].matchAll(/<error count="(\d+)">\s*<code>([^<]+)<\/code>\s*<details>([^<]*)<\/details>/g)].map((e) => ({ count: Number(e[1]), code: e[2], details: e[3] }));
      out.set(m[1], errors);
    }
    return out;
  });
}

export function unwaived(errors: PreflightError[]): PreflightError[] {
  return errors.filter((e) => !PREFLIGHT_WAIVERS.some((w) => w.code === e.code && w.details.test(e.details)));
}

// ---- our own reading of PDF/A-3b -----------------------------------------------------------

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

function xmpValue(xmp: string, tag: string): string | null {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xmp);
  if (!m) return null;
  const li = /<rdf:li[^>]*>([\s\S]*?)<\/rdf:li>/.exec(m[1]);
  return unescapeXml(li ? li[1] : m[1]);
}

/** An instant from a PDF date (D:YYYYMMDDHHmmSS+HH'mm') or an XMP date. */
function instant(s: string): number {
  const pdf = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'\d{2}'?)?$/.exec(s);
  if (pdf) {
    const zone = !pdf[7] || pdf[7] === 'Z' ? 'Z' : `${pdf[7].slice(0, 3)}:${pdf[7].slice(4, 6)}`;
    return Date.parse(`${pdf[1]}-${pdf[2]}-${pdf[3]}T${pdf[4]}:${pdf[5]}:${pdf[6]}${zone}`);
  }
  return Date.parse(s);
}

function text(v: unknown): string | null {
  return v instanceof PDFHexString || v instanceof PDFString ? v.decodeText() : null;
}

/**
 * What PDF/A-3b asks beyond what Preflight's PDF/A-1b rules check, read from the file: part 3 /
 * conformance B in uncompressed XMP, the Info dictionary equal to the XMP, a trailer /ID (here
 * also derived from the file's bytes), exactly one sRGB output intent, every embedded file an
 * associated file (/AF, AFRelationship, MIME type, dates) listed in the name tree, no JavaScript
 * or other actions, printable annotations, no encryption. Returns the problems found.
 */
export async function pdfa3Problems(pdf: Uint8Array): Promise<string[]> {
  const problems: string[] = [];
  const bytes = Buffer.from(pdf);
  const head = bytes.toString('latin1', 0, 16);
  if (!/^%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}/.test(head)) problems.push(`header ${JSON.stringify(head)}`);
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  if (ctx.trailerInfo.Encrypt) problems.push('encrypted');

  const meta = doc.catalog.lookup(PDFName.of('Metadata'));
  if (!(meta instanceof PDFRawStream)) return [...problems, 'no XMP metadata stream'];
  if (meta.dict.has(PDFName.of('Filter'))) problems.push('XMP stream is compressed');
  const xmp = Buffer.from(meta.contents).toString('utf8');
  if (!xmp.startsWith('<?xpacket begin=')) problems.push('XMP without xpacket header');
  if (xmpValue(xmp, 'pdfaid:part') !== '3') problems.push(`pdfaid:part ${xmpValue(xmp, 'pdfaid:part')}`);
  if (xmpValue(xmp, 'pdfaid:conformance') !== 'B') problems.push(`pdfaid:conformance ${xmpValue(xmp, 'pdfaid:conformance')}`);

  const info = ctx.lookup(ctx.trailerInfo.Info);
  if (!(info instanceof PDFDict)) return [...problems, 'no Info dictionary'];
  const pairs: [string, string][] = [
    ['Title', 'dc:title'],
    ['Author', 'dc:creator'],
    ['Subject', 'dc:description'],
    ['Keywords', 'pdf:Keywords'],
    ['Creator', 'xmp:CreatorTool'],
    ['Producer', 'pdf:Producer'],
  ];
  for (const [key, tag] of pairs) {
    const a = text(info.lookup(PDFName.of(key)));
    const b = xmpValue(xmp, tag);
    if (a !== b) problems.push(`Info ${key} ${JSON.stringify(a)} ≠ XMP ${tag} ${JSON.stringify(b)}`);
  }
  if (!text(info.lookup(PDFName.of('Title')))) problems.push('no title');
  for (const [key, tag] of [['CreationDate', 'xmp:CreateDate'], ['ModDate', 'xmp:ModifyDate']]) {
    const a = text(info.lookup(PDFName.of(key)));
    const b = xmpValue(xmp, tag);
    if (!a || !b || instant(a) !== instant(b) || Number.isNaN(instant(a))) problems.push(`Info ${key} ${a} ≠ XMP ${tag} ${b}`);
  }

  const id = ctx.trailerInfo.ID;
  const ids = id instanceof PDFArray ? id.asArray().map((x) => (x instanceof PDFHexString ? x.asString() : '')) : [];
  if (ids.length !== 2 || !ids.every((x) => /^[0-9A-Fa-f]{32}$/.test(x))) problems.push(`trailer /ID ${String(id)}`);
  else {
    const zeroed = Buffer.from(bytes.toString('latin1').split(ids[0]).join('0'.repeat(32)), 'latin1');
    const derived = createHash('sha256').update(zeroed).digest('hex').slice(0, 32);
    if (derived.toUpperCase() !== ids[0].toUpperCase()) problems.push('trailer /ID is not derived from the content');
  }

  const intents = doc.catalog.lookup(PDFName.of('OutputIntents'));
  if (!(intents instanceof PDFArray) || intents.size() !== 1) problems.push(`output intents: ${intents instanceof PDFArray ? intents.size() : 0}`);
  else {
    const intent = intents.lookup(0);
    const profile = intent instanceof PDFDict ? intent.lookup(PDFName.of('DestOutputProfile')) : null;
    if (!(intent instanceof PDFDict) || intent.lookup(PDFName.of('S')) !== PDFName.of('GTS_PDFA1')) problems.push('output intent is not GTS_PDFA1');
    if (!(profile instanceof PDFStream) || (profile.dict.lookup(PDFName.of('N')) as PDFNumber | undefined)?.asNumber() !== 3) problems.push('output intent without an RGB ICC profile');
  }

  const af = doc.catalog.lookup(PDFName.of('AF'));
  const afSpecs = af instanceof PDFArray ? af.asArray() : [];
  const tree = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const listed = tree?.lookupMaybe(PDFName.of('Names'), PDFArray)?.asArray().filter((_, i) => i % 2 === 1) ?? [];
  if (listed.length !== afSpecs.length || !listed.every((r) => afSpecs.some((a) => a instanceof PDFRef && r instanceof PDFRef && a.toString() === r.toString()))) {
    problems.push(`/AF (${afSpecs.length}) and the EmbeddedFiles name tree (${listed.length}) differ`);
  }
  for (const ref of afSpecs) {
    const spec = ctx.lookup(ref);
    if (!(spec instanceof PDFDict)) {
      problems.push('an /AF entry is not a file specification');
      continue;
    }
    const name = text(spec.lookup(PDFName.of('UF')));
    if (!(spec.lookup(PDFName.of('AFRelationship')) instanceof PDFName)) problems.push(`${name}: no AFRelationship`);
    if (!text(spec.lookup(PDFName.of('F')))) problems.push(`${name}: no /F`);
    const file = spec.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
    if (!(file instanceof PDFStream)) problems.push(`${name}: no embedded file stream`);
    else {
      if (!(file.dict.lookup(PDFName.of('Subtype')) instanceof PDFName)) problems.push(`${name}: no MIME type`);
      if (!file.dict.lookupMaybe(PDFName.of('Params'), PDFDict)?.has(PDFName.of('ModDate'))) problems.push(`${name}: no modification date`);
    }
  }

  const laidOut = qdf(pdf);
  for (const key of ['/JavaScript', '/JS ', '/AA ', '/OpenAction', '/Launch', '/Encrypt']) if (laidOut.includes(key)) problems.push(`contains ${key.trim()}`);
  for (const page of doc.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let i = 0; annots && i < annots.size(); i++) {
      const flags = (annots.lookup(i, PDFDict).lookup(PDFName.of('F')) as PDFNumber | undefined)?.asNumber() ?? 0;
      if ((flags & 4) === 0 || (flags & 2) !== 0) problems.push(`annotation on a page not printable (F ${flags})`);
    }
  }
  return problems;
}

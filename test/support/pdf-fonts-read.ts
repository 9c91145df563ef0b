import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream } from 'pdf-lib';

/**
 * Reads a PDF's fonts the way a curious reader would, independently of the code that wrote them:
 * which codes each font is used to show (from the content streams), which codes its ToUnicode
 * map gives text for, and which glyphs its embedded TrueType program actually holds outlines for.
 */
export interface FontReading {
  name: string;
  /** Shown with it on the pages or in forms that use it. */
  shown: Set<number>;
  /** ToUnicode: code → text. */
  text: Map<number, string>;
  /** Glyph ids with an outline in the font program (non-empty in 'loca'). */
  outlines: Set<number>;
  /** Tables of the font program. */
  tables: string[];
  components: (gid: number) => number[];
  /** Reached only through a form XObject (the page-number stamps), not from a page's own resources. */
  inFormOnly: boolean;
}

const decode = (s: PDFStream) => Buffer.from(s instanceof PDFRawStream ? decodePDFRawStream(s).decode() : s.getContents());

function shownCodes(content: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  let font = '';
  for (const m of content.matchAll(/\/([^\s/<>[\]()]+)\s+[-\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>\s*Tj|\[([^\]]*)\]\s*TJ/g)) {
    if (m[1]) {
      font = m[1];
      continue;
    }
    const hexes = m[2] !== undefined ? [m[2]] : [...(m[3] ?? '').matchAll(/<([0-9A-Fa-f\s]*)>/g)].map((h) => h[1]);
    let set = out.get(font);
    if (!set) out.set(font, (set = new Set()));
    for (const hex of hexes) {
      const h = hex.replace(/\s/g, '');
      for (let i = 0; i + 4 <= h.length; i += 4) set.add(parseInt(h.slice(i, i + 4), 16));
    }
  }
  return out;
}

function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const s of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of s[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(m[1], 16), Buffer.from(m[2], 'hex').swap16().toString('utf16le'));
  }
  for (const s of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of s[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const lo = parseInt(m[1], 16);
      for (let c = lo; c <= parseInt(m[2], 16); c++) map.set(c, String.fromCharCode(parseInt(m[3], 16) + c - lo));
    }
  }
  return map;
}

interface Program {
  outlines: Set<number>;
  tables: string[];
  /** The glyphs a composite glyph is drawn from. */
  components: (gid: number) => number[];
}

function program(font: Buffer): Program {
  const tables = new Map<string, number>();
  for (let i = 0; i < font.readUInt16BE(4); i++) tables.set(font.toString('latin1', 12 + 16 * i, 16 + 16 * i), font.readUInt32BE(20 + 16 * i));
  const long = font.readInt16BE(tables.get('head')! + 50) === 1;
  const count = font.readUInt16BE(tables.get('maxp')! + 4);
  const loca = tables.get('loca')!;
  const glyf = tables.get('glyf')!;
  const at = (g: number) => (long ? font.readUInt32BE(loca + 4 * g) : 2 * font.readUInt16BE(loca + 2 * g));
  const outlines = new Set<number>();
  for (let g = 0; g < count; g++) if (at(g + 1) > at(g)) outlines.add(g);
  const components = (g: number) => {
    const out: number[] = [];
    if (at(g + 1) <= at(g) || font.readInt16BE(glyf + at(g)) >= 0) return out;
    for (let p = glyf + at(g) + 10, more = true; more; ) {
      const flags = font.readUInt16BE(p);
      out.push(font.readUInt16BE(p + 2));
      p += 4 + (flags & 1 ? 4 : 2) + (flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
      more = (flags & 0x20) !== 0;
    }
    return out;
  };
  return { outlines, tables: [...tables.keys()], components };
}

/** Glyphs drawn for `shown`: themselves and, for composite glyphs, the glyphs they are built from. */
export function drawn(font: FontReading): Set<number> {
  const out = new Set<number>([0]);
  const todo = [...font.shown];
  while (todo.length) {
    const g = todo.pop()!;
    if (out.has(g)) continue;
    out.add(g);
    todo.push(...font.components(g));
  }
  return out;
}

export async function readFonts(pdf: Uint8Array): Promise<FontReading[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const found = new Map<string, FontReading>();
  const visit = (content: string, resources: PDFDict | undefined, inForm: boolean, seen: Set<string>) => {
    const shown = shownCodes(content);
    for (const [key, ref] of resources?.lookupMaybe(PDFName.of('Font'), PDFDict)?.entries() ?? []) {
      if (!(ref instanceof PDFRef)) continue;
      let reading = found.get(ref.toString());
      if (!reading) {
        const dict = doc.context.lookup(ref, PDFDict);
        const cid = dict.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
        const file = cid.lookup(PDFName.of('FontDescriptor'), PDFDict).lookup(PDFName.of('FontFile2')) as PDFStream;
        const tu = dict.lookup(PDFName.of('ToUnicode')) as PDFStream | undefined;
        reading = {
          name: String(dict.lookup(PDFName.of('BaseFont'))),
          shown: new Set(),
          text: tu ? toUnicode(decode(tu).toString('latin1')) : new Map(),
          ...program(decode(file)),
          inFormOnly: true,
        };
        found.set(ref.toString(), reading);
      }
      if (!inForm) reading.inFormOnly = false;
      for (const c of shown.get(key.decodeText()) ?? []) reading.shown.add(c);
    }
    for (const [, ref] of resources?.lookupMaybe(PDFName.of('XObject'), PDFDict)?.entries() ?? []) {
      if (!(ref instanceof PDFRef) || seen.has(ref.toString())) continue;
      seen.add(ref.toString());
      const form = doc.context.lookup(ref);
      if (form instanceof PDFStream && form.dict.lookup(PDFName.of('Subtype')) === PDFName.of('Form')) {
        visit(decode(form).toString('latin1'), form.dict.lookupMaybe(PDFName.of('Resources'), PDFDict) ?? resources, true, seen);
      }
    }
  };
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r) as PDFStream) : contents ? [contents] : [];
    visit(streams.map((s) => decode(s).toString('latin1')).join('\n'), page.node.Resources(), false, new Set());
  }
  return [...found.values()];
}

/**
 * A TrueType font program as Chromium embeds it in a PDF (a subset that keeps the original glyph
 * ids), rewritten to hold only some of its glyphs: the others stay as empty glyphs, so every
 * glyph id keeps its meaning and the PDF's CIDs need no change. The 'cmap' table (Unicode to
 * glyph) is left out — a CIDFontType2 program with CIDToGIDMap needs none (ISO 32000-1, 9.9), and
 * it would tell which characters the removed glyphs were — and glyph names ('post' format 2) too.
 */

interface Table {
  tag: string;
  offset: number;
  length: number;
}

const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

export class TrueTypeGlyphs {
  private constructor(
    private readonly font: Buffer,
    private readonly tables: Table[],
    /** Start of each glyph in 'glyf' (numGlyphs + 1 entries). */
    private readonly loca: Uint32Array,
    private readonly glyf: Table,
  ) {}

  get numGlyphs(): number {
    return this.loca.length - 1;
  }

  /** Null when the bytes are not a TrueType font with glyf outlines this can rewrite. */
  static parse(font: Buffer): TrueTypeGlyphs | null {
    if (font.length < 12) return null;
    const version = font.readUInt32BE(0);
    if (version !== 0x00010000 && version !== 0x74727565 /* 'true' */) return null;
    const count = font.readUInt16BE(4);
    const tables: Table[] = [];
    for (let i = 0; i < count; i++) {
      const at = 12 + i * 16;
      if (at + 16 > font.length) return null;
      const table = { tag: font.toString('latin1', at, at + 4), offset: font.readUInt32BE(at + 8), length: font.readUInt32BE(at + 12) };
      if (table.offset + table.length > font.length) return null;
      tables.push(table);
    }
    const find = (tag: string) => tables.find((t) => t.tag === tag);
    const head = find('head');
    const maxp = find('maxp');
    const locaTable = find('loca');
    const glyf = find('glyf');
    if (!head || !maxp || !locaTable || !glyf) return null;
    const longOffsets = font.readInt16BE(head.offset + 50) === 1;
    const numGlyphs = font.readUInt16BE(maxp.offset + 4);
    if (locaTable.length < (numGlyphs + 1) * (longOffsets ? 4 : 2)) return null;
    const loca = new Uint32Array(numGlyphs + 1);
    for (let g = 0; g <= numGlyphs; g++) {
      loca[g] = longOffsets ? font.readUInt32BE(locaTable.offset + 4 * g) : font.readUInt16BE(locaTable.offset + 2 * g) * 2;
      if (loca[g] > glyf.length || (g > 0 && loca[g] < loca[g - 1])) return null;
    }
    return new TrueTypeGlyphs(font, tables, loca, glyf);
  }

  /** The font with only the glyphs `keep` (and .notdef, and the parts of composite glyphs). */
  keep(keep: Iterable<number>): Buffer {
    const kept = this.closure(keep);
    const { font, loca, glyf } = this;
    const numGlyphs = this.numGlyphs;
    let glyfSize = 0;
    for (const g of kept) glyfSize += loca[g + 1] - loca[g];
    const newGlyf = Buffer.alloc(glyfSize);
    const newLoca = Buffer.alloc(4 * (numGlyphs + 1));
    let at = 0;
    for (let g = 0; g < numGlyphs; g++) {
      newLoca.writeUInt32BE(at, 4 * g);
      if (kept.has(g)) at += font.copy(newGlyf, at, glyf.offset + loca[g], glyf.offset + loca[g + 1]);
    }
    newLoca.writeUInt32BE(at, 4 * numGlyphs);

    const replaced = new Map<string, Buffer>([
      ['glyf', newGlyf],
      ['loca', newLoca],
    ]);
    const head = Buffer.from(this.slice('head'));
    head.writeUInt32BE(0, 8); // checkSumAdjustment, set below
    head.writeInt16BE(1, 50); // long loca offsets
    replaced.set('head', head);
    const post = this.tables.find((t) => t.tag === 'post');
    if (post && post.length >= 32 && font.readUInt32BE(post.offset) !== 0x00030000) {
      const header = Buffer.from(this.slice('post').subarray(0, 32));
      header.writeUInt32BE(0x00030000, 0); // no glyph names
      replaced.set('post', header);
    }
    const tables = this.tables
      .filter((t) => t.tag !== 'cmap')
      .map((t) => ({ tag: t.tag, data: replaced.get(t.tag) ?? this.slice(t.tag) }))
      .sort((a, b) => (a.tag < b.tag ? -1 : 1));
    return assemble(font.readUInt32BE(0), tables);
  }

  private slice(tag: string): Buffer {
    const t = this.tables.find((x) => x.tag === tag)!;
    return this.font.subarray(t.offset, t.offset + t.length);
  }

  /** `keep`, .notdef, and every glyph a kept composite glyph is built from. */
  private closure(keep: Iterable<number>): Set<number> {
    const kept = new Set<number>([0]);
    const todo: number[] = [];
    for (const g of keep) if (g < this.numGlyphs && !kept.has(g)) (kept.add(g), todo.push(g));
    while (todo.length) {
      const g = todo.pop()!;
      const start = this.glyf.offset + this.loca[g];
      const end = this.glyf.offset + this.loca[g + 1];
      if (end - start < 10 || this.font.readInt16BE(start) >= 0) continue; // empty or simple
      let at = start + 10;
      for (;;) {
        if (at + 4 > end) break;
        const flags = this.font.readUInt16BE(at);
        const part = this.font.readUInt16BE(at + 2);
        if (part < this.numGlyphs && !kept.has(part)) (kept.add(part), todo.push(part));
        at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
        at += flags & WE_HAVE_A_SCALE ? 2 : flags & WE_HAVE_AN_X_AND_Y_SCALE ? 4 : flags & WE_HAVE_A_TWO_BY_TWO ? 8 : 0;
        if (!(flags & MORE_COMPONENTS)) break;
      }
    }
    return kept;
  }
}

function checksum(d: Uint8Array): number {
  let sum = 0;
  const n = d.length;
  const whole = n & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + ((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3])) >>> 0;
  if (whole < n) sum = (sum + (((d[whole] << 24) | ((d[whole + 1] ?? 0) << 16) | ((d[whole + 2] ?? 0) << 8)) >>> 0)) >>> 0;
  return sum;
}

/** An sfnt file from its tables (sorted by tag), each 4-byte aligned, with correct checksums. */
function assemble(version: number, tables: { tag: string; data: Buffer }[]): Buffer {
  const n = tables.length;
  let entrySelector = 0;
  while (1 << (entrySelector + 1) <= n) entrySelector++;
  const searchRange = (1 << entrySelector) * 16;
  let size = 12 + 16 * n;
  for (const t of tables) size += (t.data.length + 3) & ~3;
  const out = Buffer.alloc(size);
  out.writeUInt32BE(version, 0);
  out.writeUInt16BE(n, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(n * 16 - searchRange, 10);
  let at = 12 + 16 * n;
  let headAt = -1;
  tables.forEach((t, i) => {
    const dir = 12 + 16 * i;
    out.write(t.tag, dir, 4, 'latin1');
    out.writeUInt32BE(checksum(t.data), dir + 4);
    out.writeUInt32BE(at, dir + 8);
    out.writeUInt32BE(t.data.length, dir + 12);
    if (t.tag === 'head') headAt = at;
    t.data.copy(out, at);
    at += (t.data.length + 3) & ~3;
  });
  if (headAt >= 0) out.writeUInt32BE((0xb1b0afba - checksum(out)) >>> 0, headAt + 8);
  return out;
}

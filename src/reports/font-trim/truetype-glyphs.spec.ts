import fs from 'node:fs';
import { TrueTypeGlyphs } from './truetype-glyphs';

const LIBERATION = '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'; // Debian fonts-liberation (set-up)

function tables(font: Buffer): Map<string, { offset: number; length: number }> {
  const out = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < font.readUInt16BE(4); i++) {
    const at = 12 + 16 * i;
    out.set(font.toString('latin1', at, at + 4), { offset: font.readUInt32BE(at + 8), length: font.readUInt32BE(at + 12) });
  }
  return out;
}

function glyphBytes(font: Buffer, gid: number): Buffer {
  const t = tables(font);
  const long = font.readInt16BE(t.get('head')!.offset + 50) === 1;
  const loca = t.get('loca')!.offset;
  const at = (g: number) => (long ? font.readUInt32BE(loca + 4 * g) : font.readUInt16BE(loca + 2 * g) * 2);
  const glyf = t.get('glyf')!.offset;
  return font.subarray(glyf + at(gid), glyf + at(gid + 1));
}

describe('TrueTypeGlyphs', () => {
  const source = fs.readFileSync(LIBERATION);
  const font = TrueTypeGlyphs.parse(source)!;

  it('keeps the glyphs asked for (and .notdef, and the parts of composites) under their ids, empties the others', () => {
    // Glyph ids of Liberation Sans 2: 36 'A', 68 'a'; 'Á' (composite) is built from 'A' and the acute.
    const kept = font.keep([36]);
    const again = TrueTypeGlyphs.parse(kept)!;
    expect(again.numGlyphs).toBe(font.numGlyphs);
    expect(glyphBytes(kept, 36).equals(glyphBytes(source, 36))).toBe(true);
    expect(glyphBytes(kept, 0).equals(glyphBytes(source, 0))).toBe(true);
    expect(glyphBytes(kept, 68).length).toBe(0);
    expect(kept.length).toBeLessThan(source.length / 3);
  });

  it('leaves out the Unicode map and the glyph names, and keeps the checksums right', () => {
    const kept = font.keep([36, 68]);
    const t = tables(kept);
    expect(t.has('cmap')).toBe(false);
    expect(kept.readUInt32BE(t.get('post')!.offset)).toBe(0x00030000);
    let sum = 0;
    for (let i = 0; i < kept.length; i += 4) sum = (sum + kept.readUInt32BE(i)) >>> 0;
    expect(sum).toBe(0xb1b0afba);
  });

  it('refuses what is not a TrueType font with outlines', () => {
    expect(TrueTypeGlyphs.parse(Buffer.from('OTTO not truetype'))).toBeNull();
  });
});

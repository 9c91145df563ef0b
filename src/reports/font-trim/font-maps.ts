import { PDFArray, PDFContext, PDFNumber } from 'pdf-lib';

/**
 * The two per-glyph tables of a composite font dictionary: ToUnicode (what text each code is,
 * used to copy and search it) and the widths array /W. Read once per font of a printed batch,
 * written again for the codes one report shows.
 */

/** Code → UTF-16BE hex of its text, from a ToUnicode CMap's bfchar and bfrange sections. */
export function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of section[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) map.set(parseInt(m[1], 16), m[2].toUpperCase());
  }
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of section[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]*)>|\[([^\]]*)\])/g)) {
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      if (hi < lo || hi - lo > 0xffff) continue;
      if (m[3] !== undefined) {
        // One destination, its last 16-bit unit counting up across the range.
        const dst = m[3].toUpperCase();
        const head = dst.slice(0, -4);
        const last = parseInt(dst.slice(-4) || '0', 16);
        for (let c = lo; c <= hi; c++) map.set(c, head + ((last + c - lo) & 0xffff).toString(16).toUpperCase().padStart(4, '0'));
      } else {
        const dsts = [...m[4].matchAll(/<([0-9A-Fa-f]*)>/g)].map((d) => d[1].toUpperCase());
        for (let c = lo; c <= hi && c - lo < dsts.length; c++) map.set(c, dsts[c - lo]);
      }
    }
  }
  return map;
}

/** A ToUnicode CMap for two-byte codes holding only `codes`. */
export function writeToUnicode(map: Map<number, string>, codes: Iterable<number>): string {
  const entries = [...codes].filter((c) => map.has(c)).sort((a, b) => a - b);
  const hex = (c: number) => c.toString(16).toUpperCase().padStart(4, '0');
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.map((c) => `<${hex(c)}> <${map.get(c)}>`).join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** CID → width from a /W array: `c [w1 w2 …]` and `cFirst cLast w` entries. */
export function parseWidths(w: PDFArray): Map<number, number> {
  const map = new Map<number, number>();
  const num = (i: number) => {
    const v = w.lookup(i);
    return v instanceof PDFNumber ? v.asNumber() : NaN;
  };
  for (let i = 0; i < w.size(); ) {
    const first = num(i);
    const next = w.lookup(i + 1);
    if (next instanceof PDFArray) {
      for (let k = 0; k < next.size(); k++) {
        const v = next.lookup(k);
        if (v instanceof PDFNumber) map.set(first + k, v.asNumber());
      }
      i += 2;
    } else {
      const last = num(i + 1);
      const width = num(i + 2);
      if (Number.isFinite(first) && Number.isFinite(last) && Number.isFinite(width) && last - first <= 0xffff) {
        for (let c = first; c <= last; c++) map.set(c, width);
      }
      i += 3;
    }
  }
  return map;
}

/** A /W array holding only `codes`, consecutive codes sharing one entry. */
export function writeWidths(ctx: PDFContext, map: Map<number, number>, codes: Iterable<number>): PDFArray {
  const entries = [...codes].filter((c) => map.has(c)).sort((a, b) => a - b);
  const out: (number | number[])[] = [];
  for (let i = 0; i < entries.length; ) {
    const run = [map.get(entries[i])!];
    let j = i + 1;
    while (j < entries.length && entries[j] === entries[j - 1] + 1) run.push(map.get(entries[j++])!);
    out.push(entries[i], run);
    i = j;
  }
  return ctx.obj(out);
}

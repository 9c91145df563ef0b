/**
 * Reads a page's content stream for what it shows: the glyph codes drawn with each font resource
 * (two-byte codes, as in Chromium's Identity-H fonts) and the XObjects it paints. A small
 * tokenizer of PDF content syntax (ISO 32000-1, 7.8.2): strings, names, numbers, arrays,
 * operators, comments, inline images skipped.
 */
export interface ContentUse {
  /** Font resource name → two-byte codes shown with it. */
  glyphs: Map<string, Set<number>>;
  /** XObject resource names painted with Do. */
  xobjects: Set<string>;
}

const WHITE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITE[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

type Operand = string | Uint8Array | Operand[] | null;

const MATTERS = new Set(['Tf', 'Tj', "'", '"', 'TJ', 'Do', 'BI']);

const hexValue = (c: number) => (c <= 57 ? c - 48 : (c | 32) - 87);

export function contentUse(bytes: Uint8Array): ContentUse {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  // Chromium writes text as hex strings only: then a search for them with the string's own
  // (native) indexOf reads a page in a fraction of the tokenizer's time, which handles the rest.
  return text.includes('(') || /(^|\s)BI(\s|$)/.test(text) ? tokenize(bytes) : hexOnly(text);
}

const TF = /\/([^\s/[\]<>(){}%]+)\s+[-+.\d]+\s+Tf/g;
const DO = /\/([^\s/[\]<>(){}%]+)\s+Do(?![^\s/[\]<>(){}%])/g;
const HEX_DIGIT = new Int8Array(128).fill(-1);
for (let c = 0; c < 16; c++) HEX_DIGIT['0123456789abcdef'.charCodeAt(c)] = HEX_DIGIT['0123456789ABCDEF'.charCodeAt(c)] = c;

/**
 * Every hex string belongs to the font of the last Tf before it, and counts when Tj, ', " or
 * (after the others of its array) TJ shows it; any other (a marked-content property) does not.
 */
function hexOnly(text: string): ContentUse {
  const glyphs = new Map<string, Set<number>>();
  const xobjects = new Set<string>();
  for (const m of text.matchAll(DO)) xobjects.add(decodeName(m[1]));
  const switches = [...text.matchAll(TF)].map((m) => ({ at: m.index!, font: decodeName(m[1]) }));
  let next = 0;
  let set: Set<number> | null = null;
  let pending = new Int32Array(256);
  let held = 0;
  const n = text.length;
  const skipWhite = (k: number) => {
    while (k < n && text.charCodeAt(k) <= 32) k++;
    return k;
  };
  for (let i = text.indexOf('<'); i >= 0; ) {
    if (text.charCodeAt(i + 1) === 60) {
      held = 0;
      i = text.indexOf('<', i + 2); // a dictionary opens
      continue;
    }
    while (next < switches.length && switches[next].at < i) {
      const font = switches[next++].font;
      set = glyphs.get(font) ?? null;
      if (!set) glyphs.set(font, (set = new Set()));
    }
    const end = text.indexOf('>', i);
    if (end < 0) break;
    let code = 0;
    let digits = 0;
    for (let k = i + 1; k < end; k++) {
      const v = HEX_DIGIT[text.charCodeAt(k)] ?? -1;
      if (v < 0) continue; // white space
      code = (code << 4) | v;
      if (++digits === 4) {
        if (held === pending.length) {
          const more = new Int32Array(2 * held);
          more.set(pending);
          pending = more;
        }
        pending[held++] = code;
        code = digits = 0;
      }
    }
    // What follows decides: shown, more of a TJ array, or not text at all.
    let k = skipWhite(end + 1);
    let c = text.charCodeAt(k);
    if (c === 93 /* ] */) {
      k = skipWhite(k + 1);
      c = text.charCodeAt(k) === 84 && text.charCodeAt(k + 1) === 74 ? 39 /* TJ: shown */ : 0;
    }
    const shown = c === 39 || c === 34 || (c === 84 && text.charCodeAt(k + 1) === 106);
    const more = c === 60 || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 43;
    if (shown && set) for (let x = 0; x < held; x++) set.add(pending[x]);
    if (!more) held = 0;
    i = text.indexOf('<', end + 1);
  }
  return { glyphs, xobjects };
}

const decodeName = (raw: string) => raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

function tokenize(bytes: Uint8Array): ContentUse {
  const glyphs = new Map<string, Set<number>>();
  const xobjects = new Set<string>();
  let font = '';
  const stack: Operand[] = [];
  const arrays: Operand[][] = [];
  const push = (v: Operand) => (arrays.length ? arrays[arrays.length - 1].push(v) : stack.push(v));
  const show = (s: Operand) => {
    if (!(s instanceof Uint8Array) || !font) return;
    let set = glyphs.get(font);
    if (!set) glyphs.set(font, (set = new Set()));
    for (let k = 0; k + 1 < s.length; k += 2) set.add((s[k] << 8) | s[k + 1]);
  };
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i];
    if (WHITE[c]) {
      i++;
    } else if (c === 37 /* % */) {
      while (i < n && bytes[i] !== 10 && bytes[i] !== 13) i++;
    } else if (c === 47 /* / */) {
      let j = i + 1;
      while (j < n && !WHITE[bytes[j]] && !DELIM[bytes[j]]) j++;
      push(decodeName(latin1(bytes, i + 1, j)));
      i = j;
    } else if (c === 40 /* ( */) {
      const out: number[] = [];
      let depth = 1;
      i++;
      while (i < n && depth > 0) {
        let b = bytes[i++];
        if (b === 92 /* \ */ && i < n) {
          b = bytes[i++];
          if (b >= 48 && b <= 55) {
            let v = b - 48;
            for (let k = 0; k < 2 && i < n && bytes[i] >= 48 && bytes[i] <= 55; k++) v = v * 8 + bytes[i++] - 48;
            out.push(v & 255);
          } else if (b === 13 || b === 10) {
            if (b === 13 && bytes[i] === 10) i++; // line continuation
          } else {
            out.push(({ 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 } as Record<number, number>)[b] ?? b);
          }
          continue;
        }
        if (b === 40) depth++;
        else if (b === 41 && --depth === 0) break;
        out.push(b);
      }
      push(Uint8Array.from(out));
    } else if (c === 60 /* < */ && bytes[i + 1] === 60) {
      i += 2; // dictionary (marked-content properties): its values are pushed and then dropped
    } else if (c === 60) {
      const out: number[] = [];
      let half = -1;
      i++;
      while (i < n && bytes[i] !== 62) {
        const b = bytes[i++];
        if (WHITE[b]) continue;
        if (half < 0) half = hexValue(b);
        else {
          out.push((half << 4) | hexValue(b));
          half = -1;
        }
      }
      if (half >= 0) out.push(half << 4);
      i++;
      push(Uint8Array.from(out));
    } else if (c === 62 /* > */) {
      i += bytes[i + 1] === 62 ? 2 : 1;
    } else if (c === 91 /* [ */) {
      arrays.push([]);
      i++;
    } else if (c === 93 /* ] */) {
      const a = arrays.pop();
      if (a) push(a);
      i++;
    } else if (c === 123 || c === 125) {
      i++;
    } else {
      let j = i;
      while (j < n && !WHITE[bytes[j]] && !DELIM[bytes[j]]) j++;
      if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
        i = j;
        push(null); // a number: its value does not matter here
        continue;
      }
      // Operators are one to three characters; only a few matter, and path operators are most.
      const word = j - i <= 3 ? latin1(bytes, i, j) : '';
      i = j;
      if (arrays.length) continue; // an operator inside an array is malformed: ignore it
      if (!MATTERS.has(word)) {
        stack.length = 0;
        continue;
      }
      switch (word) {
        case 'Tf':
          if (typeof stack[stack.length - 2] === 'string') font = stack[stack.length - 2] as string;
          break;
        case 'Tj':
        case "'":
        case '"':
          show(stack[stack.length - 1]);
          break;
        case 'TJ': {
          const a = stack[stack.length - 1];
          if (Array.isArray(a)) for (const s of a) show(s);
          break;
        }
        case 'Do':
          if (typeof stack[stack.length - 1] === 'string') xobjects.add(stack[stack.length - 1] as string);
          break;
        case 'BI':
          i = skipInlineImage(bytes, i);
          break;
      }
      stack.length = 0;
    }
  }
  return { glyphs, xobjects };
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) s += String.fromCharCode(bytes[k]);
  return s;
}

/** Past an inline image's data: to the EI that follows whitespace and is followed by whitespace. */
function skipInlineImage(bytes: Uint8Array, from: number): number {
  let i = from;
  const n = bytes.length;
  while (i + 2 < n && !(bytes[i] === 73 && bytes[i + 1] === 68 && WHITE[bytes[i + 2]])) i++; // ID
  i += 3;
  while (i + 2 < n && !(WHITE[bytes[i - 1]] && bytes[i] === 69 && bytes[i + 1] === 73 && (i + 2 >= n || WHITE[bytes[i + 2]]))) i++; // EI
  return i + 2;
}

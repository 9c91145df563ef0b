import fs from 'node:fs';

/**
 * The only user of harfbuzzjs. Chromium embeds a subset of every font a PDF uses, but it walks
 * the whole font file to make that subset on each print: for the 4 MB CJK font that was about a
 * third of a scorecard's print time. So each printed document carries, as an inline web font,
 * a subset of the CJK font holding just the characters it uses (a few dozen KB), made here with
 * HarfBuzz's own subsetter in a few milliseconds. The font file is parsed once per process.
 * Characters the font lacks are left to the system fonts listed after it in report.css.
 */

/** Family name report.css asks for before the system CJK fonts. */
export const SUBSET_FAMILY = 'Report CJK';

// The WebAssembly global is not in @types/node 20: declare the little used here.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

// Constants of harfbuzz's C API (hb-blob.h).
const HB_MEMORY_MODE_WRITABLE = 2;

interface HarfBuzz {
  memory: { buffer: ArrayBuffer };
  _initialize(): void;
  malloc(size: number): number;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

/** Distinct code points above ASCII (the CJK font has no Latin glyphs; Latin has its own font). */
export function nonAsciiCodePoints(text: string): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    seen.add(cp);
  }
  return [...seen];
}

/**
 * The subsetter, loaded on first use rather than at start-up (reading the font and compiling
 * HarfBuzz takes about 0.1 s, and most CLI commands and test apps never print). A font that
 * cannot be loaded is reported once; the reports then print with the system fonts.
 */
export function subsetterOnFirstUse(fontPath: string, warn: (problem: string) => void): () => CjkFontSubsetter | null {
  let loaded: CjkFontSubsetter | null | undefined;
  return () => {
    if (loaded === undefined) {
      const { subsetter, problem } = CjkFontSubsetter.load(fontPath);
      loaded = subsetter;
      if (problem) warn(problem);
    }
    return loaded;
  };
}

export class CjkFontSubsetter {
  private constructor(
    private readonly hb: HarfBuzz,
    private readonly face: number,
  ) {}

  /** Loads the font once; null (with the reason) when the file is missing or not a font. */
  static load(fontPath: string): { subsetter: CjkFontSubsetter | null; problem?: string } {
    if (!fs.existsSync(fontPath)) return { subsetter: null, problem: `CJK font ${fontPath} not found` };
    // Synchronous compile is fine in Node (the 4 KB limit is a browser main-thread rule).
    const wasm = fs.readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const hb = new WebAssembly.Instance(new WebAssembly.Module(wasm), {}).exports as unknown as HarfBuzz;
    hb._initialize();
    const font = fs.readFileSync(fontPath);
    const data = hb.malloc(font.byteLength);
    new Uint8Array(hb.memory.buffer).set(font, data);
    const blob = hb.hb_blob_create(data, font.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
    const face = hb.hb_face_create(blob, 0);
    hb.hb_blob_destroy(blob); // the face keeps its own reference; the bytes stay for the process
    const probe = new CjkFontSubsetter(hb, face);
    if (probe.subset([0x4e2d]).length === 0) return { subsetter: null, problem: `${fontPath} has no CJK glyphs harfbuzz can subset` };
    return { subsetter: probe };
  }

  /** TrueType bytes holding the glyphs of these code points that the font has (empty on failure). */
  subset(codePoints: number[]): Buffer {
    const { hb } = this;
    const input = hb.hb_subset_input_create_or_fail();
    if (!input) throw new Error('harfbuzz could not allocate a subset input');
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const cp of codePoints) hb.hb_set_add(unicodes, cp);
    const sub = hb.hb_subset_or_fail(this.face, input);
    hb.hb_subset_input_destroy(input);
    if (!sub) return Buffer.alloc(0);
    const blob = hb.hb_face_reference_blob(sub);
    try {
      const at = hb.hb_blob_get_data(blob, 0);
      // Copy out: the wasm memory is reused (and may move) on the next call.
      return Buffer.from(new Uint8Array(hb.memory.buffer, at, hb.hb_blob_get_length(blob)));
    } finally {
      hb.hb_blob_destroy(blob);
      hb.hb_face_destroy(sub);
    }
  }

  /** An @font-face rule with the subset inline, or '' when the text needs no CJK glyph. */
  fontFace(text: string): string {
    const codePoints = nonAsciiCodePoints(text);
    if (codePoints.length === 0) return '';
    const bytes = this.subset(codePoints);
    if (bytes.length === 0) return '';
    return `@font-face { font-family: "${SUBSET_FAMILY}"; src: url(data:font/ttf;base64,${bytes.toString('base64')}) format("truetype"); }`;
  }
}

import QRCode from 'qrcode';

/**
 * The one owner of the qrcode package: a text as an inline SVG QR code (paths only, no script,
 * no text), for the verification address printed on every scorecard. Byte mode is asked for
 * directly (the package's search for the cheapest mix of modes took half the time, and a URL
 * gains nothing from it), error correction M survives a crease or a stamp on a printed copy, and
 * the quiet zone of four modules is part of the image, so the layout cannot crowd it.
 *
 * About 0.4 ms per code on the machine here, most of it the choice of the best of the eight
 * masks; a batch printed again (or several times in a day) finds its codes in the cache.
 */
const CACHE_LIMIT = 5000;
const cache = new Map<string, string>();

/** What the renderer may produce: one svg element holding one path of moves and runs, nothing else. */
const SVG_SHAPE = /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+" shape-rendering="crispEdges"><path stroke="#000000" d="[Mmh0-9. ]+"\/><\/svg>$/;

export function qrSvg(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  let svg: string | undefined;
  let failure: unknown;
  // With a callback the SVG renderer answers synchronously (no promise on the print path).
  // A transparent light colour leaves out the background rectangle: the page is white already,
  // and it was one more shape for Chromium to print on every report.
  const options = { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { light: '#0000' } } as const;
  QRCode.toString([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], options, (err, out) => {
    if (err) failure = err;
    else svg = out.trim();
  });
  if (failure !== undefined) throw failure;
  if (svg === undefined) throw new Error('qrcode did not render synchronously');
  // The templates insert this unescaped: refuse anything but the shape above.
  if (!SVG_SHAPE.test(svg)) throw new Error('qrcode rendered an unexpected SVG');
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(text, svg);
  return svg;
}

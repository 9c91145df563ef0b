import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream, PDFString } from 'pdf-lib';

/**
 * The sRGB output intent every printed file declares (PDF/A: device colours need one; Chromium
 * paints in DeviceRGB). The profile is templates/pdfa/sRGB.icc (from Debian's icc-profiles-free,
 * kept in the repository so a file's bytes do not depend on the server's packages), read and
 * deflated once per process: each document only gets a copy of the compressed bytes.
 */
export const SRGB_PROFILE = path.resolve(__dirname, '..', '..', '..', 'templates', 'pdfa', 'sRGB.icc');

let deflated: Buffer | null = null;

function profile(): Buffer {
  deflated ??= deflateSync(fs.readFileSync(SRGB_PROFILE));
  return deflated;
}

export function addOutputIntent(doc: PDFDocument): void {
  const ctx = doc.context;
  const icc = ctx.register(PDFRawStream.of(ctx.obj({ N: 3, Alternate: 'DeviceRGB', Filter: 'FlateDecode' }), profile()));
  const intent = ctx.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: icc,
  });
  doc.catalog.set(PDFName.of('OutputIntents'), ctx.obj([intent]));
}

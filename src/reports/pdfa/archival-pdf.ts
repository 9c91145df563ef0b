import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHeader, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString } from 'pdf-lib';
import { archivalDate, ArchivalDate } from './archival-dates';
import { AttachedFile, attachFiles } from './attachments';
import { addOutputIntent } from './output-intent';
import { DocumentInfo, plainText, xmpPacket } from './xmp-packet';

/**
 * The one module that makes a printed file an archival record: PDF/A-3b (ISO 19005-3, level B:
 * it looks the same wherever and whenever it is opened). Chromium's print is kept as it is —
 * fonts embedded, DeviceRGB colours — and this adds what PDF/A asks of the file around it:
 *  - XMP metadata declaring part 3, conformance B, equal to the Info dictionary it replaces
 *    (Chromium's names the browser's user agent as its creator);
 *  - the sRGB output intent (output-intent.ts);
 *  - the evaluations it prints as associated files (attachments.ts);
 *  - a trailer /ID derived from the file's own bytes, so that equal files have equal ids;
 *  - the print flag on every annotation (the booklet's contents links), /Lang, the title shown.
 * Dates are the evaluation's, not the clock's: printing the same evaluation again gives the same
 * bytes, which is what lets a file brought back be compared with the one issued.
 */

export interface ArchivalContent {
  /** The report's subject, as in the contents and the file name (Chinese). */
  title: string;
  /** Who issues it: the notice's issuer. */
  author: string;
  /** What kind of record it is (项目评估报告 …). */
  subject: string;
  keywords: string;
  /** The evaluation time it is dated with; null: the time of printing. */
  date: ArchivalDate | null;
  files: AttachedFile[];
}

export interface ArchivalFile {
  pdf: Uint8Array;
  /** Hex SHA-256 of `pdf`: what the register of issued files keeps. */
  sha256: string;
}

export const CREATOR = 'notice-compliance 合规评估系统';
export const PRODUCER = 'Chromium (Skia/PDF); pdf-lib 1.17';
/** Placeholder of the trailer /ID until the file's bytes are known. */
const ID_PLACEHOLDER = '0'.repeat(32);
const PRINT_FLAG = 4;

/** Turns a printed (or cut) document into a PDF/A-3b document; call saveArchival next. */
export function makeArchival(doc: PDFDocument, content: ArchivalContent): void {
  const ctx = doc.context;
  ctx.header = PDFHeader.forVersion(1, 7);
  const info: DocumentInfo = {
    title: plainText(content.title),
    author: plainText(content.author),
    subject: plainText(content.subject),
    keywords: plainText(content.keywords),
    creator: CREATOR,
    producer: PRODUCER,
    date: content.date ?? archivalDate(new Date().toISOString())!,
  };
  const oldInfo = ctx.trailerInfo.Info;
  if (oldInfo instanceof PDFRef) ctx.delete(oldInfo);
  // An empty entry is left out of both (xmpPacket does the same).
  const text = (s: string) => (s ? PDFHexString.fromText(s) : undefined);
  ctx.trailerInfo.Info = ctx.register(
    ctx.obj({
      Title: text(info.title),
      Author: text(info.author),
      Subject: text(info.subject),
      Keywords: text(info.keywords),
      Creator: text(info.creator),
      Producer: text(info.producer),
      CreationDate: PDFString.of(info.date.pdf),
      ModDate: PDFString.of(info.date.pdf),
    }),
  );
  const catalog = doc.catalog;
  const oldXmp = catalog.get(PDFName.of('Metadata'));
  if (oldXmp instanceof PDFRef) ctx.delete(oldXmp);
  const xmp = PDFRawStream.of(ctx.obj({ Type: 'Metadata', Subtype: 'XML' }), Buffer.from(xmpPacket(info), 'utf8'));
  catalog.set(PDFName.of('Metadata'), ctx.register(xmp));
  addOutputIntent(doc);
  attachFiles(doc, content.files, info.date.pdf);
  catalog.set(PDFName.of('Lang'), PDFString.of('zh-CN'));
  catalog.set(PDFName.of('ViewerPreferences'), ctx.obj({ DisplayDocTitle: true }));
  for (const page of doc.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let i = 0; annots && i < annots.size(); i++) {
      const annot = annots.lookup(i);
      if (annot instanceof PDFDict) annot.set(PDFName.of('F'), PDFNumber.of(PRINT_FLAG));
    }
  }
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of(ID_PLACEHOLDER), PDFHexString.of(ID_PLACEHOLDER)]);
}

/**
 * Saves without object streams (PDF/A-1 readers and Preflight want a classic cross-reference
 * table; pdf-lib would also deflate them on every save) and without pausing every 50 objects
 * (pdf-lib's default waits a timer tick each time, about a millisecond per cut report). The
 * trailer /ID is the first 128 bits of the SHA-256 of the file saved with a zero /ID.
 */
export async function saveArchival(doc: PDFDocument): Promise<ArchivalFile> {
  const saved = await doc.save({ useObjectStreams: false, objectsPerTick: Infinity, addDefaultPage: false, updateFieldAppearances: false });
  // The same memory, not a copy (it may then move to another thread whole: see cutting/).
  const bytes = Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength);
  const marker = `<${ID_PLACEHOLDER}>`;
  const at = bytes.lastIndexOf(marker, undefined, 'latin1');
  const first = bytes.lastIndexOf(marker, at - 1, 'latin1');
  if (at < 0 || first < 0 || at - first > 2 * marker.length) throw new Error('trailer /ID placeholder not found');
  // Both hashes share everything before the /ID (all but the trailer): it is read once.
  const head = createHash('sha256').update(bytes.subarray(0, first));
  const id = head.copy().update(bytes.subarray(first)).digest('hex').slice(0, 32).toUpperCase();
  bytes.write(id, first + 1, 'latin1');
  bytes.write(id, at + 1, 'latin1');
  return { pdf: bytes, sha256: head.update(bytes.subarray(first)).digest('hex') };
}

import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFString,
} from 'pdf-lib';

/**
 * The files a printed report carries (PDF/A-3 associated files): each scorecard its evaluation as
 * `evaluation.json`, the booklet and the year summary every evaluation they print as
 * `evaluation-001.json`, `evaluation-002.json` … in print order. Written here rather than with
 * pdf-lib's `attach()`, which deflates in JavaScript (five times slower than zlib) and dates the
 * file with the clock: an attachment is dated with the document, so a reprint is the same bytes.
 */

export const EVALUATION_ATTACHMENT = 'evaluation.json';
export const JSON_MIME = 'application/json';

export interface AttachedFile {
  name: string;
  bytes: Buffer;
  /** Shown by readers beside the file name. */
  description: string;
}

/** The name of the i-th (0-based) evaluation in a document that carries several. */
export function evaluationAttachmentName(index: number): string {
  return `evaluation-${String(index + 1).padStart(3, '0')}.json`;
}

/**
 * Embeds `files` as associated files with relationship Data: listed in the catalog's /AF and in
 * the EmbeddedFiles name tree (which is how readers and `pdfdetach` list them). `pdfDate` is a PDF
 * date string (D:…) used as the files' creation and modification dates.
 */
export function attachFiles(doc: PDFDocument, files: AttachedFile[], pdfDate: string): void {
  if (files.length === 0) return;
  const ctx = doc.context;
  const specs: PDFRef[] = [];
  const names: (PDFString | PDFRef)[] = [];
  // The name tree must be sorted by name: the padded numbers keep print order and sort order equal.
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const params = ctx.obj({
      Size: file.bytes.length,
      CheckSum: PDFHexString.of(createHash('md5').update(file.bytes).digest('hex')),
      CreationDate: PDFString.of(pdfDate),
      ModDate: PDFString.of(pdfDate),
    });
    const stream = PDFRawStream.of(
      ctx.obj({ Type: 'EmbeddedFile', Subtype: JSON_MIME, Params: params, Filter: 'FlateDecode' }),
      deflateSync(file.bytes),
    );
    const streamRef = ctx.register(stream);
    const spec = ctx.register(
      ctx.obj({
        Type: 'Filespec',
        F: PDFString.of(file.name),
        UF: PDFHexString.fromText(file.name),
        EF: { F: streamRef, UF: streamRef },
        Desc: PDFHexString.fromText(file.description),
        AFRelationship: 'Data',
      }),
    );
    specs.push(spec);
    names.push(PDFString.of(file.name), spec);
  }
  const catalog = doc.catalog;
  let nameDict = catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  if (!nameDict) {
    nameDict = ctx.obj({});
    catalog.set(PDFName.of('Names'), nameDict);
  }
  nameDict.set(PDFName.of('EmbeddedFiles'), ctx.obj({ Names: names }));
  catalog.set(PDFName.of('AF'), ctx.obj(specs));
}

export interface ReadAttachment {
  name: string;
  bytes: Buffer;
  mimeType: string | null;
  /** The file specification's /AFRelationship (Data for ours), or null when it has none. */
  relationship: string | null;
}

/**
 * Every embedded file of a PDF, read from its EmbeddedFiles name tree (the catalog's /AF lists
 * the same files in ours). Throws when the bytes are not a PDF pdf-lib can read.
 */
export async function readAttachments(pdf: Uint8Array): Promise<ReadAttachment[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });
  const tree = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const out: ReadAttachment[] = [];
  const visit = (node: PDFDict, depth: number) => {
    if (depth > 32) return; // a malformed (cyclic) tree
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) {
      const kid = kids.lookup(i);
      if (kid instanceof PDFDict) visit(kid, depth + 1);
    }
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; names && i + 1 < names.size(); i += 2) {
      const spec = names.lookup(i + 1);
      if (!(spec instanceof PDFDict)) continue;
      const file = readSpec(spec);
      if (file) out.push(file);
    }
  };
  if (tree) visit(tree, 0);
  return out;
}

/**
 * The bytes of `evaluation.json` as attached to a scorecard (exactly what was hashed for its
 * verification code: pass them to evidenceFromBytes), or null when the file carries none. For a
 * booklet or summary, which carry evaluation-001.json …, use readAttachments.
 */
export async function readEvaluationAttachment(pdf: Uint8Array): Promise<Buffer | null> {
  const files = await readAttachments(pdf);
  return files.find((f) => f.name === EVALUATION_ATTACHMENT)?.bytes ?? null;
}

function readSpec(spec: PDFDict): ReadAttachment | null {
  const nameObj = spec.lookup(PDFName.of('UF')) ?? spec.lookup(PDFName.of('F'));
  const name = nameObj instanceof PDFString || nameObj instanceof PDFHexString ? nameObj.decodeText() : null;
  const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
  const stream = ef?.lookup(PDFName.of('F')) ?? ef?.lookup(PDFName.of('UF'));
  if (name === null || !(stream instanceof PDFRawStream)) return null;
  const bytes = Buffer.from(decodePDFRawStream(stream).decode());
  const subtype = stream.dict.lookup(PDFName.of('Subtype'));
  const relationship = spec.lookup(PDFName.of('AFRelationship'));
  return {
    name,
    bytes,
    mimeType: subtype instanceof PDFName ? subtype.decodeText() : null,
    relationship: relationship instanceof PDFName ? relationship.decodeText() : null,
  };
}

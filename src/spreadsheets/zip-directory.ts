/**
 * Reads a ZIP archive's central directory (an .xlsx is one) without inflating anything: the
 * name, method and declared sizes of each entry, and where its data starts. Enough to refuse
 * an archive by its sizes before a parser inflates it. Follows APPNOTE.TXT, ZIP64 included.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's data (after its local header) in the archive. */
  dataOffset: number;
}

/** A structure that cannot be an archive (truncated, offsets outside the file). */
export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

/** Number of entries the directory declares (cheap: one record at the end). */
export function zipEntryCount(zip: Buffer): number {
  return directoryBounds(zip).count;
}

/** Every entry of the central directory, in order. */
export function readZipDirectory(zip: Buffer): ZipEntry[] {
  const { count, offset, size } = directoryBounds(zip);
  if (offset + size > zip.length) throw new ZipFormatError('central directory outside the file');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    need(zip, at, 46);
    if (zip.readUInt32LE(at) !== CENTRAL) throw new ZipFormatError(`no central directory header at ${at}`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    let compressedSize = zip.readUInt32LE(at + 20);
    let uncompressedSize = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    let localOffset = zip.readUInt32LE(at + 42);
    need(zip, at + 46, nameLength + extraLength);
    const name = zip.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    // ZIP64: a field of all ones is given in the extra field 0x0001, in this order.
    const extra = zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    const zip64 = zip64Extra(extra);
    if (zip64) {
      let k = 0;
      if (uncompressedSize === 0xffffffff) uncompressedSize = readUInt64(zip64, 8 * k++);
      if (compressedSize === 0xffffffff) compressedSize = readUInt64(zip64, 8 * k++);
      if (localOffset === 0xffffffff) localOffset = readUInt64(zip64, 8 * k++);
    }
    need(zip, localOffset, 30);
    if (zip.readUInt32LE(localOffset) !== LOCAL) throw new ZipFormatError(`no local header for ${name}`);
    const dataOffset = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    if (dataOffset + compressedSize > zip.length) throw new ZipFormatError(`data of ${name} outside the file`);
    entries.push({ name, method, encrypted: (flags & 1) === 1, compressedSize, uncompressedSize, dataOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function directoryBounds(zip: Buffer): { count: number; offset: number; size: number } {
  const end = findEndRecord(zip);
  let count = zip.readUInt16LE(end + 10);
  let size = zip.readUInt32LE(end + 12);
  let offset = zip.readUInt32LE(end + 16);
  const locator = end - 20;
  if ((count === 0xffff || size === 0xffffffff || offset === 0xffffffff) && locator >= 0 && zip.readUInt32LE(locator) === EOCD64_LOCATOR) {
    const record = readUInt64(zip, locator + 8);
    need(zip, record, 56);
    if (zip.readUInt32LE(record) !== EOCD64) throw new ZipFormatError('no ZIP64 end of central directory record');
    count = readUInt64(zip, record + 32);
    size = readUInt64(zip, record + 40);
    offset = readUInt64(zip, record + 48);
  }
  return { count, offset, size };
}

/** The end of central directory record is the last 22 bytes, unless an archive comment follows it. */
function findEndRecord(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - 22 - MAX_COMMENT);
  for (let at = zip.length - 22; at >= lowest; at--) {
    if (zip.readUInt32LE(at) === EOCD) return at;
  }
  throw new ZipFormatError('no end of central directory record');
}

function zip64Extra(extra: Buffer): Buffer | null {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) return extra.subarray(at + 4, Math.min(extra.length, at + 4 + length));
    at += 4 + length;
  }
  return null;
}

function readUInt64(buffer: Buffer, at: number): number {
  need(buffer, at, 8);
  const value = buffer.readBigUInt64LE(at);
  // Past 2^53 no size or offset can be real: the archive is at most a few megabytes.
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('ZIP64 value out of range');
  return Number(value);
}

function need(buffer: Buffer, at: number, length: number): void {
  if (at < 0 || at + length > buffer.length) throw new ZipFormatError(`record at ${at} outside the file`);
}

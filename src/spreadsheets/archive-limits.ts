import zlib from 'node:zlib';
import { InputError } from '../common/errors';
import { readZipDirectory, ZipEntry, ZipFormatError, zipEntryCount } from './zip-directory';

/**
 * What an uploaded .xlsx may inflate to. The largest honest import, 5,000 rows (the row limit) of
 * 30 columns of long Chinese text, is a 1.2 MB file that inflates to 13.7 MB at 8–14:1 and takes
 * ExcelJS 0.8 s and 130 MB; a 67 KB file whose sharedStrings.xml inflated to 64 MB took 6 s and
 * 400 MB. So: about twice the largest honest total, a generous entry count (a workbook has a
 * dozen or two), and no entry of more than 1 MiB inflating over 200 times its size (XML
 * compresses 5–20 times; 1,000 is deflate's ceiling, and a bomb's).
 */
export const ARCHIVE_LIMITS = {
  inflatedBytes: 32 * 1024 * 1024,
  entries: 2000,
  ratio: 200,
  ratioAbove: 1024 * 1024,
};

const MB = 1024 * 1024;
const unreadable = () => new InputError('无法读取该 .xlsx 文件：文件可能已损坏或被加密，请用 Excel 或 WPS 重新保存后上传');
const refused = (message: string, entry = '') => new InputError(message, [{ pointer: entry || '/', message }]);

/**
 * Refuses an .xlsx by its central directory before anything parses it: entry count, total
 * inflated size, compression ratio. The directory could lie, so each entry is then inflated
 * (in zlib's threads, output counted and dropped) no further than it declared.
 */
export async function assertArchiveWithinLimits(zip: Buffer, limits = ARCHIVE_LIMITS): Promise<void> {
  let entries: ZipEntry[];
  try {
    const count = zipEntryCount(zip);
    if (count > limits.entries) throw refused(`该 .xlsx 文件包含 ${count} 个部件，超过上限 ${limits.entries} 个，已拒绝；请用下载的模板填写后上传`);
    entries = readZipDirectory(zip);
  } catch (err) {
    if (err instanceof ZipFormatError) throw unreadable();
    throw err;
  }
  let total = 0;
  for (const e of entries) {
    if (e.encrypted || (e.method !== 0 && e.method !== 8)) throw unreadable();
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize > limits.ratioAbove && ratio > limits.ratio) {
      throw refused(`该 .xlsx 文件中的“${e.name}”压缩比为 ${Math.round(ratio)}:1，超过上限 ${limits.ratio}:1（疑似压缩炸弹），已拒绝`, e.name);
    }
    total += e.uncompressedSize;
    if (total > limits.inflatedBytes) {
      throw refused(`该 .xlsx 文件解压后超过 ${limits.inflatedBytes / MB} MB 的上限，已拒绝；请把数据分成几个文件上传（每个不超过 5000 行）`);
    }
  }
  for (const e of entries) {
    if (e.compressedSize === 0 && e.uncompressedSize === 0) continue; // folders, empty parts
    const data = zip.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    const actual = e.method === 0 ? data.length : await inflatedSize(data, e.uncompressedSize);
    if (actual < 0) throw unreadable();
    if (actual !== e.uncompressedSize) {
      throw refused(`该 .xlsx 文件中的“${e.name}”解压后的大小与文件目录所记不符，已拒绝；请用 Excel 或 WPS 重新保存后上传`, e.name);
    }
  }
}

/** Bytes `data` inflates to, counted up to one past `limit` and never kept. -1 if it is not deflate. */
function inflatedSize(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = zlib.createInflateRaw();
    let size = 0;
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        inflate.destroy();
        resolve(size);
      }
    });
    inflate.on('end', () => resolve(size));
    inflate.on('error', () => resolve(-1));
    inflate.end(data);
  });
}

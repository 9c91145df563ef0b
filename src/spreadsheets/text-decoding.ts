import * as iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'gb18030';

/**
 * CSV files from China arrive as UTF-8 with a BOM (Excel's "CSV UTF-8"), UTF-8 without one (most
 * tools), or GBK (Excel and WPS "CSV" on a Chinese Windows). A file that is not valid UTF-8 is read
 * as GB18030, the superset of GBK and GB2312, so every GBK file decodes the same way.
 */
export function decodeText(buffer: Buffer): { text: string; encoding: TextEncoding } {
  if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: buffer.subarray(3).toString('utf8'), encoding: 'utf-8' };
  }
  // Excel's "Unicode text" export.
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) {
    return { text: buffer.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buffer, 'gb18030'), encoding: 'gb18030' };
  }
}

/** GBK text for offices whose Excel opens a BOM-less CSV as GBK. */
export function encodeGbk(text: string): Buffer {
  return iconv.encode(text, 'gbk');
}

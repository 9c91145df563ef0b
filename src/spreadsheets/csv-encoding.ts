import { InputError } from '../common/errors';
import { encodeGbk } from './text-decoding';

/**
 * CSV exports come as UTF-8 with a BOM (what current Excel, WPS and LibreOffice recognise), or on
 * request as GBK: older Excel and WPS set-ups open a double-clicked CSV in the Windows code page
 * (936) and ignore the BOM. Characters GBK does not have are written as "?".
 */
export const CSV_ENCODINGS = ['utf-8', 'gbk'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

export const CSV_CONTENT_TYPES: Record<CsvEncoding, string> = { 'utf-8': 'text/csv; charset=utf-8', gbk: 'text/csv; charset=gbk' };

/** ?encoding=: utf-8 (default) or gbk; the labels Windows and browsers use for them are accepted too. */
export function csvEncoding(value: string | undefined): CsvEncoding {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'utf-8' || v === 'utf8') return 'utf-8';
  if (v === 'gbk' || v === 'cp936' || v === 'gb2312') return 'gbk';
  throw new InputError('查询参数 encoding 应为 utf-8 或 gbk', [{ pointer: '?encoding', message: `“${value}”无效，可选：utf-8、gbk` }]);
}

/** An export's CSV (UTF-8 with a BOM, as the exporters write it) in the encoding asked for. */
export function csvInEncoding(utf8: Buffer, encoding: CsvEncoding): Buffer {
  if (encoding === 'utf-8') return utf8;
  const text = utf8.toString('utf8').replace(/^\uFEFF/, '');
  return encodeGbk(text);
}

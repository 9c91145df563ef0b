import { InputError } from '../common/errors';

/**
 * Shapes no honest sheet has, refused while parsing: 10 MB of line breaks used to become ten
 * million rows (9 s, 2 GB) before the row limit was looked at. Lines count blank ones too (a
 * sheet saved with formatting far below its data has some); 32,767 is Excel's own cell limit.
 */
export const CSV_LIMITS = { lines: 20000, columns: 1000, cellLength: 32767 };

/**
 * RFC 4180 CSV as Excel and WPS write it: quoted fields may hold commas, quotes ("") and line
 * breaks. The delimiter is detected from the header line because some exports use tabs or ';'.
 */
export function parseCsv(text: string, limits = CSV_LIMITS): string[][] {
  const delimiter = detectDelimiter(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (field.length > limits.cellLength) {
      throw new InputError(`CSV 文件第 ${rows.length + 1} 行有单元格超过 ${limits.cellLength} 个字符（Excel 单元格的上限），已拒绝`);
    }
    if (row.length >= limits.columns) throw new InputError(`CSV 文件第 ${rows.length + 1} 行超过 ${limits.columns} 列，已拒绝`);
    if (rows.length >= limits.lines) throw new InputError(`CSV 文件超过 ${limits.lines} 行（含空行），已拒绝；每次最多导入 5000 行数据`);
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const counts = [',', '\t', ';'].map((d) => ({ d, n: firstLine.split(d).length }));
  return counts.sort((a, b) => b.n - a.n)[0].n > 1 ? counts[0].d : ',';
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) || /^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * CSV text with CRLF line ends. Callers prepend a BOM (UTF-8) or encode as GBK: Excel opens a
 * BOM-less UTF-8 file as GBK and shows mojibake.
 */
export function writeCsv(rows: (string | number | null | undefined)[][]): string {
  return rows.map((r) => r.map((v) => quote(cellText(v))).join(',')).join('\r\n') + '\r\n';
}

/** Text that Excel would run as a formula (=, +, -, @) is defused with a leading apostrophe. */
function cellText(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

import JSZip from 'jszip';

const WORKBOOK = 'xl/workbook.xml';
const FILTER_DATABASE = '_xlnm._FilterDatabase';

/** 'A1:C10' → $A$1:$C$10, as Excel writes a defined name's range. */
function absolute(ref: string): string {
  return ref.split(':').map((cell) => cell.replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2')).join(':');
}

const sheetRef = (name: string) => `'${name.replace(/'/g, "''")}'`;
const attr = (xml: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(xml)?.[1];
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Excel keeps each sheet's filter range twice: the sheet's <autoFilter ref> and a hidden name
 * local to the sheet, _xlnm._FilterDatabase. LibreOffice builds its filter buttons from the name
 * (WPS too), so a file with the element alone opens without them. ExcelJS writes only the
 * element and cannot write a hidden local name, so the names are added to the written file.
 */
export async function withFilterDatabaseNames(xlsx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const workbook = await zip.file(WORKBOOK)?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!workbook || !rels || workbook.includes(FILTER_DATABASE)) return xlsx;
  const targets = new Map([...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => [attr(m[0], 'Id'), attr(m[0], 'Target')]));
  const names: string[] = [];
  const sheets = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]);
  for (const [index, sheet] of sheets.entries()) {
    const target = targets.get(attr(sheet, 'r:id'));
    const xml = target ? await zip.file(target.startsWith('/') ? target.slice(1) : `xl/${target}`)?.async('string') : undefined;
    const ref = xml ? /<autoFilter\b[^>]*\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"/.exec(xml)?.[1] : undefined;
    if (!ref) continue;
    const range = `${sheetRef(unescape(attr(sheet, 'name') ?? ''))}!${absolute(ref)}`;
    names.push(`<definedName name="${FILTER_DATABASE}" localSheetId="${index}" hidden="1">${escape(range)}</definedName>`);
  }
  if (names.length === 0) return xlsx;
  const block = names.join('');
  let next: string;
  if (workbook.includes('<definedNames>')) next = workbook.replace('<definedNames>', `<definedNames>${block}`);
  else if (/<definedNames\s*\/>/.test(workbook)) next = workbook.replace(/<definedNames\s*\/>/, `<definedNames>${block}</definedNames>`);
  else next = workbook.replace('</sheets>', `</sheets><definedNames>${block}</definedNames>`);
  zip.file(WORKBOOK, next);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

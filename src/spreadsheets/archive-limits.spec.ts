import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { InputError } from '../common/errors';
import { ARCHIVE_LIMITS, assertArchiveWithinLimits } from './archive-limits';
import { readZipDirectory } from './zip-directory';

const MB = 1024 * 1024;

async function zipOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content, { createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

async function refusal(zip: Buffer): Promise<InputError> {
  const err = await assertArchiveWithinLimits(zip).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe('assertArchiveWithinLimits', () => {
  it('passes a real workbook and reads its directory as unzip does', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('示范项目');
    for (let r = 0; r < 2000; r++) ws.addRow([`第${r}行`, r, '说明文字'.repeat(5)]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(assertArchiveWithinLimits(xlsx)).resolves.toBeUndefined();
    const entries = readZipDirectory(xlsx);
    const loaded = await JSZip.loadAsync(xlsx);
    expect(entries.map((e) => e.name).sort()).toEqual(Object.keys(loaded.files).sort());
    const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    expect(sheet.uncompressedSize).toBe((await loaded.file(sheet.name)!.async('nodebuffer')).length);
  });

  it('refuses a shared-strings bomb by its compression ratio without inflating it', async () => {
    const bomb = await zipOf({ '[Content_Types].xml': '<Types/>', 'xl/sharedStrings.xml': 'a'.repeat(40 * MB) });
    expect(bomb.length).toBeLessThan(200 * 1024);
    const started = Date.now();
    const err = await refusal(bomb);
    expect(Date.now() - started).toBeLessThan(100);
    expect(err.message).toMatch(/“xl\/sharedStrings\.xml”压缩比为 \d+:1，超过上限 200:1/);
    expect(err.details).toEqual([{ pointer: 'xl/sharedStrings.xml', message: err.message }]);
  });

  it('refuses more inflated bytes in all than the limit, though each part is small', async () => {
    const parts: Record<string, string> = {};
    for (let i = 0; i < 40; i++) parts[`xl/worksheets/sheet${i}.xml`] = String(i).repeat(MB / String(i).length);
    const err = await refusal(await zipOf(parts));
    expect(err.message).toBe(`该 .xlsx 文件解压后超过 ${ARCHIVE_LIMITS.inflatedBytes / MB} MB 的上限，已拒绝；请把数据分成几个文件上传（每个不超过 5000 行）`);
  });

  it('refuses more entries than the limit', async () => {
    const parts: Record<string, string> = {};
    for (let i = 0; i <= ARCHIVE_LIMITS.entries; i++) parts[`x/${i}.xml`] = '';
    expect((await refusal(await zipOf(parts))).message).toBe('该 .xlsx 文件包含 2001 个部件，超过上限 2000 个，已拒绝；请用下载的模板填写后上传');
  });

  it('refuses a directory that understates what an entry inflates to', async () => {
    const zip = await zipOf({ 'xl/sharedStrings.xml': 'b'.repeat(5 * MB) });
    // Rewrite the declared size in the central directory (offset 24 of its header) to 1 KB.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(1024, central + 24);
    expect((await refusal(zip)).message).toBe('该 .xlsx 文件中的“xl/sharedStrings.xml”解压后的大小与文件目录所记不符，已拒绝；请用 Excel 或 WPS 重新保存后上传');
  });

  it('calls a truncated or encrypted archive unreadable', async () => {
    const zip = await zipOf({ 'a.xml': 'x'.repeat(1000) });
    expect((await refusal(zip.subarray(0, zip.length - 30))).message).toMatch(/^无法读取该 \.xlsx 文件/);
    const encrypted = Buffer.from(zip);
    const central = encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    encrypted.writeUInt16LE(encrypted.readUInt16LE(central + 8) | 1, central + 8);
    expect((await refusal(encrypted)).message).toMatch(/^无法读取该 \.xlsx 文件/);
  });
});

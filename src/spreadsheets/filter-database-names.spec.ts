import JSZip from 'jszip';
import { buildProjectTemplate } from './project-template';
import { buildRegionProgressTemplate } from './region-progress-template';
import { hubei2022Evaluator } from './testing/sheet-fixtures';
import { readWorkbook } from './workbook-reader';
import { newWorkbook, toBuffer, writeHeader } from './workbook-style';

async function xml(file: Buffer, name: string): Promise<string> {
  return (await JSZip.loadAsync(file)).file(name)!.async('string');
}

/** The hidden sheet-local names LibreOffice and WPS build filter buttons from. */
async function filterNames(file: Buffer): Promise<string[]> {
  return [...(await xml(file, 'xl/workbook.xml')).matchAll(/<definedName name="_xlnm._FilterDatabase"[^>]*>[^<]*<\/definedName>/g)].map((m) => m[0]);
}

describe('filter names for LibreOffice and WPS', () => {
  it("names every filtered sheet's range as Excel does: hidden, local to its sheet, absolute, quoted", async () => {
    const wb = newWorkbook();
    const a = wb.addWorksheet('示范项目');
    writeHeader(a, [{ header: '项目编号' }, { header: '名称' }, { header: '金额' }]);
    a.autoFilter = 'A1:C12';
    writeHeader(wb.addWorksheet('说明'), [{ header: '说明' }], false);
    writeHeader(wb.addWorksheet("张三's 表"), [{ header: '甲' }, { header: '乙' }]);
    const file = await toBuffer(wb);
    expect(await filterNames(file)).toEqual([
      `<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'示范项目'!$A$1:$C$12</definedName>`,
      `<definedName name="_xlnm._FilterDatabase" localSheetId="2" hidden="1">'张三''s 表'!$A$1:$B$1</definedName>`,
    ]);
    // The sheets keep their own <autoFilter>, and the file still reads back (ours and ExcelJS's reader).
    expect(await xml(file, 'xl/worksheets/sheet1.xml')).toContain('<autoFilter ref="A1:C12"/>');
    const read = await readWorkbook(file, '示范项目');
    expect(read.sheets.map((s) => s.name)).toEqual(['示范项目', '说明', "张三's 表"]);
    // A workbook without filters gets no name.
    const plain = newWorkbook();
    writeHeader(plain.addWorksheet('说明'), [{ header: '说明' }], false);
    expect(await filterNames(await toBuffer(plain))).toEqual([]);
  });

  it('covers every sheet of the templates that has a filter', async () => {
    const evaluator = hubei2022Evaluator();
    for (const file of [await buildProjectTemplate(evaluator.index), await buildRegionProgressTemplate(evaluator, { year: 2022 })]) {
      const zip = await JSZip.loadAsync(file);
      const workbook = await zip.file('xl/workbook.xml')!.async('string');
      const sheetNames = [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
      const filtered: string[] = [];
      for (const [i, name] of sheetNames.entries()) {
        const ref = /<autoFilter ref="([^"]+)"/.exec(await zip.file(`xl/worksheets/sheet${i + 1}.xml`)!.async('string'))?.[1];
        if (ref) filtered.push(`<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${name}'!${ref.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2')}</definedName>`);
      }
      expect(filtered.length).toBeGreaterThan(0);
      expect(await filterNames(file)).toEqual(filtered);
    }
  });
});

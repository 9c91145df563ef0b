import ExcelJS from 'exceljs';
import { addTableSheet, ExportTable, tableToCsv, wanText } from './export-table';
import { newWorkbook, toBuffer } from './workbook-style';

const table: ExportTable = {
  sheet: '结果',
  columns: [
    { header: '项目', kind: 'text' },
    { header: '省级资金（万元）', kind: 'wan' },
    { header: '完成率', kind: 'percent' },
    { header: '结果', kind: 'outcome' },
    { header: '日期', kind: 'date' },
  ],
  rows: [['=危险', 255000, 1.04, '通过', '2022-03-25'], ['乙', 251234, null, '不适用', null]],
  footer: [['合计', 506234, null, null, null]],
};

describe('export tables', () => {
  it('formats yuan as exact 万元 decimals', () => {
    expect([wanText(250000), wanText(255000), wanText(251234), wanText(5), wanText(0)]).toEqual(['25', '25.5', '25.1234', '0.0005', '0']);
  });

  it('writes CSV with exact amounts, percentages and defused formulas', () => {
    expect(tableToCsv(table)).toBe(
      '项目,省级资金（万元）,完成率,结果,日期\r\n\'=危险,25.5,104.0%,通过,2022-03-25\r\n乙,25.1234,,不适用,\r\n合计,50.6234,,,\r\n',
    );
  });

  it('writes an xlsx sheet with number formats, a frozen header and a filter over the data', async () => {
    const wb = newWorkbook();
    addTableSheet(wb, table);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await toBuffer(wb)) as unknown as ArrayBuffer);
    const ws = back.getWorksheet('结果')!;
    expect(ws.getCell('A2').value).toBe('=危险');
    expect(ws.getCell('B2').value).toBe(25.5);
    expect(ws.getCell('B2').numFmt).toBe('#,##0.00##');
    expect(ws.getCell('C2').numFmt).toBe('0.0%');
    expect(ws.getCell('E2').value).toEqual(new Date(Date.UTC(2022, 2, 25)));
    expect(ws.getCell('A4').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toEqual('A1:E3');
  });
});

import * as iconv from 'iconv-lite';
import { parseCsv, writeCsv } from './csv';
import { decodeText } from './text-decoding';

describe('csv', () => {
  it('parses quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,b,c\r\n"x,1","say ""hi""","two\nlines"\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['x,1', 'say "hi"', 'two\nlines'],
    ]);
  });

  it('refuses, while reading, more lines, columns or characters in a cell than any sheet has', () => {
    const limits = { lines: 3, columns: 2, cellLength: 5 };
    expect(parseCsv('a,b\n\n\n', limits)).toEqual([['a', 'b'], [''], ['']]);
    expect(() => parseCsv('a,b\n\n\n\n', limits)).toThrow('CSV 文件超过 3 行（含空行），已拒绝；每次最多导入 5000 行数据');
    expect(() => parseCsv('a,b\n1,2,3\n', limits)).toThrow('CSV 文件第 2 行超过 2 列，已拒绝');
    expect(() => parseCsv('a,"123456",b', limits)).toThrow('CSV 文件第 1 行有单元格超过 5 个字符（Excel 单元格的上限），已拒绝');
    const started = Date.now();
    expect(() => parseCsv('\n'.repeat(10 * 1024 * 1024))).toThrow('CSV 文件超过 20000 行（含空行）');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('detects tab and semicolon delimiters', () => {
    expect(parseCsv('a\tb\n1\t2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a;b\n1;2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('round-trips through writeCsv and defuses formulas', () => {
    const text = writeCsv([['名称', '金额'], ['a,"b"', 25.5], ['=HYPERLINK("x")', null]]);
    expect(text).toBe('名称,金额\r\n"a,""b""",25.5\r\n"\'=HYPERLINK(""x"")",\r\n');
    expect(parseCsv(text)).toEqual([['名称', '金额'], ['a,"b"', '25.5'], ['\'=HYPERLINK("x")', '']]);
  });
});

describe('decodeText', () => {
  const text = '项目名称,市州\n武汉光谷激光产业集群质量提升,武汉\n';
  it('reads UTF-8 with a BOM', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ text, encoding: 'utf-8' });
  });
  it('reads UTF-8 without a BOM', () => expect(decodeText(Buffer.from(text))).toEqual({ text, encoding: 'utf-8' }));
  it('reads GBK as written by Excel and WPS on Chinese Windows', () => {
    expect(decodeText(iconv.encode(text, 'gbk'))).toEqual({ text, encoding: 'gb18030' });
  });
});

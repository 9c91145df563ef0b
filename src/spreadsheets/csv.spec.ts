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

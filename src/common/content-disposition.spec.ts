import http from 'node:http';
import { contentDisposition } from './content-disposition';

describe('contentDisposition', () => {
  it('keeps a Chinese name exact in filename* and gives an ASCII fallback', () => {
    expect(contentDisposition('2022年度市州进度.xlsx')).toBe(
      "attachment; filename=\"2022______.xlsx\"; filename*=UTF-8''2022%E5%B9%B4%E5%BA%A6%E5%B8%82%E5%B7%9E%E8%BF%9B%E5%BA%A6.xlsx",
    );
    expect(contentDisposition('a.pdf', true)).toBe("inline; filename=\"a.pdf\"; filename*=UTF-8''a.pdf");
  });

  it.each([
    ['hubei\r\nX-Evil: 1-v1.json', 'hubei__X-Evil: 1-v1.json', 'hubei%0D%0AX-Evil%3A%201-v1.json'],
    ['a"; filename=evil.exe', 'a_; filename=evil.exe', 'a%22%3B%20filename%3Devil.exe'],
    ["it's (1)*.pdf", "it's (1)*.pdf", 'it%27s%20%281%29%2A.pdf'],
    ['\ud800坏.json', '__.json', '%EF%BF%BD%E5%9D%8F.json'],
  ])('encodes %j so that no user text reaches the header raw', (name, ascii, encoded) => {
    const header = contentDisposition(name);
    expect(header).toBe(`attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`);
    expect(() => http.validateHeaderValue('Content-Disposition', header)).not.toThrow();
  });
});

import { PDFDocument } from 'pdf-lib';
import { parseToUnicode, parseWidths, writeToUnicode, writeWidths } from './font-maps';

describe('ToUnicode', () => {
  const cmap = `2 beginbfchar\n<0003> <0020>\n<0102> <4E2D>\nendbfchar\n2 beginbfrange\n<0010> <0012> <0030>\n<0020> <0021> [<0066006C> <6587>]\nendbfrange`;

  it('reads bfchar and bfrange entries (ranges counting up, arrays, ligatures)', () => {
    expect([...parseToUnicode(cmap)].sort((a, b) => a[0] - b[0])).toEqual([
      [0x03, '0020'], [0x10, '0030'], [0x11, '0031'], [0x12, '0032'], [0x20, '0066006C'], [0x21, '6587'], [0x102, '4E2D'],
    ]);
  });

  it('writes only the codes asked for, and reads back the same', () => {
    const map = parseToUnicode(cmap);
    const written = writeToUnicode(map, [0x102, 0x11, 0x999]);
    expect(written).not.toContain('<0020>');
    expect([...parseToUnicode(written)]).toEqual([[0x11, '0031'], [0x102, '4E2D']]);
  });
});

describe('widths', () => {
  it('reads both forms of /W and writes the codes asked for in runs', async () => {
    const ctx = (await PDFDocument.create()).context;
    const w = ctx.obj([0, [365, 0, 0, 277], 19, 28, 556, 73, [277]]);
    const map = parseWidths(w);
    expect(map.get(3)).toBe(277);
    expect(map.get(25)).toBe(556);
    expect(map.size).toBe(4 + 10 + 1);
    expect(writeWidths(ctx, map, [73, 20, 3, 19, 999]).toString()).toBe('[ 3 [ 277 ] 19 [ 556 556 ] 73 [ 277 ] ]');
  });
});

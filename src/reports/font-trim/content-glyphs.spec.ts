import { contentUse } from './content-glyphs';

const use = (s: string) => contentUse(Buffer.from(s, 'latin1'));
const plain = (u: ReturnType<typeof use>) => ({ glyphs: Object.fromEntries([...u.glyphs].map(([k, v]) => [k, [...v].sort((a, b) => a - b)])), xobjects: [...u.xobjects] });

describe('contentUse', () => {
  it('lists the two-byte codes shown with each font, as Chromium writes text', () => {
    const content = `q .2 .2 .2 rg /G3 gs BT /F5 9.33 Tf 1 0 0 -1 56 1080 Tm <0102> Tj 9.3 0 Td <00 33> Tj ET
      BT /F4 9.33 Tf [<0003> -12 <004B0058>] TJ ET 0 0 10 10 re f /Stamp-1 Do /P <</MCID 0>> BDC EMC Q`;
    expect(plain(use(content))).toEqual({ glyphs: { F5: [0x33, 0x102], F4: [3, 0x4b, 0x58] }, xobjects: ['Stamp-1'] });
  });

  it('reads literal strings (escapes, nesting), quote operators and skips inline images', () => {
    const content = `BT /F#31 10 Tf (\\000A\\(\\)) Tj 1 2 (\\000B) " (\\000C) ' ET BI /W 1 /H 1 ID \x00\x41) Tj EI BT /F1 10 Tf ((\\000D)) Tj ET /Im Do`;
    expect(plain(use(content))).toEqual({ glyphs: { F1: [0x41, 0x42, 0x43, 0x2800, 0x2829, 0x4429] }, xobjects: ['Im'] });
  });

  it('counts no hex string that is not shown (marked-content properties)', () => {
    const content = 'BT /F1 9 Tf /Span <</ActualText <FEFF4E2D>>> BDC <0003> Tj EMC <0004 0005> 7 0 Td ET';
    expect(plain(use(content))).toEqual({ glyphs: { F1: [3] }, xobjects: [] });
  });

  it('reads hex and literal content alike', () => {
    const hex = plain(use('BT /F1 1 Tf <00410042> Tj [<0043>] TJ ET'));
    const literal = plain(use('BT /F1 1 Tf (\\000A\\000B) Tj [(\\000C)] TJ ET'));
    expect(literal).toEqual(hex);
  });
});

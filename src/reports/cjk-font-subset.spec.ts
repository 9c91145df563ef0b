import fs from 'node:fs';
import { CjkFontSubsetter, nonAsciiCodePoints, SUBSET_FAMILY, subsetterOnFirstUse } from './cjk-font-subset';
import { loadReportsConfig } from './reports.config';

describe('nonAsciiCodePoints', () => {
  it('lists each character above ASCII once, astral ones whole', () => {
    expect(nonAsciiCodePoints('ab 中文中 1<2 𪚥')).toEqual([0x4e2d, 0x6587, 0x2a6a5]);
    expect(nonAsciiCodePoints('plain ASCII only')).toEqual([]);
  });
});

describe('CjkFontSubsetter', () => {
  const fontPath = loadReportsConfig().cjkFontPath; // set-up installs fonts-droid-fallback
  const { subsetter } = CjkFontSubsetter.load(fontPath);

  it('says why when there is no font to subset', () => {
    expect(CjkFontSubsetter.load('/nonexistent/font.ttf')).toEqual({ subsetter: null, problem: 'CJK font /nonexistent/font.ttf not found' });
  });

  it('keeps only the glyphs a document uses', () => {
    const small = subsetter!.subset(nonAsciiCodePoints('质量提升'));
    const larger = subsetter!.subset(nonAsciiCodePoints('湖北省市场监督管理局关于开展质量提升行动的通知'));
    expect(small.readUInt32BE(0)).toBe(0x00010000); // a TrueType font
    expect(small.length).toBeLessThan(larger.length);
    expect(larger.length).toBeLessThan(fs.statSync(fontPath).size / 50);
  });

  it('gives an inline @font-face for CJK text and nothing for ASCII-only text', () => {
    const face = subsetter!.fontFace('<p>项目评估报告</p>');
    expect(face).toMatch(new RegExp(`^@font-face \\{ font-family: "${SUBSET_FAMILY}"; src: url\\(data:font/ttf;base64,[A-Za-z0-9+/=]+\\) format\\("truetype"\\); \\}$`));
    expect(subsetter!.fontFace('<p>report</p>')).toBe('');
  });

  it('does not fail on characters the font lacks (the system fonts print those)', () => {
    expect(subsetter!.fontFace('𪚥').length).toBeGreaterThan(0);
  });
});

describe('subsetterOnFirstUse', () => {
  it('loads nothing until asked, then once, and reports a missing font once', () => {
    const warn = jest.fn();
    const fonts = subsetterOnFirstUse('/nonexistent/font.ttf', warn);
    expect(warn).not.toHaveBeenCalled();
    expect(fonts()).toBeNull();
    expect(fonts()).toBeNull();
    expect(warn.mock.calls).toEqual([['CJK font /nonexistent/font.ttf not found']]);
  });
});

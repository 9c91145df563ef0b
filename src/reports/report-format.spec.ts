import { chineseNumeral, ratioText, sectionNumbers } from './report-format';

describe('ratioText', () => {
  it('is exact for equal amounts and explicit without a denominator', () => {
    expect(ratioText(250000, 250000)).toBe('100%');
    expect(ratioText(100000, 300000)).toBe('33.3%');
    expect(ratioText(52, 50)).toBe('104%');
    expect(ratioText(50000, 0, '全部为地方经费')).toBe('全部为地方经费');
    expect(ratioText(0, 0, '全部为地方经费')).toBe('—');
    expect(ratioText(50000, 0)).toBe('—');
    expect(ratioText(1, null)).toBe('—');
  });
});

describe('section numbers', () => {
  it('counts in Chinese without gaps', () => {
    expect([1, 2, 9, 10, 11, 20, 23].map(chineseNumeral)).toEqual(['一', '二', '九', '十', '十一', '二十', '二十三']);
    const heading = sectionNumbers();
    expect([heading('县市区覆盖情况'), heading('报送时限')]).toEqual(['一、县市区覆盖情况', '二、报送时限']);
  });
});

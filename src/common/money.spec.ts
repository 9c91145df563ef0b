import { formatWan, parseWan } from './money';

describe('formatWan', () => {
  it.each([
    [250000, '25万元'],
    [250001, '25.0001万元'],
    [255000, '25.5万元'],
    [200000, '20万元'],
    [100000, '10万元'],
    [10000, '1万元'],
    [1, '0.0001万元'],
    [0, '0万元'],
    [8500000000, '850000万元'],
    [-50000, '-5万元'],
  ])('%d yuan reads as %s', (yuan, text) => {
    expect(formatWan(yuan)).toBe(text);
  });

  it.each([null, undefined, Number.NaN, Number.POSITIVE_INFINITY])('%p reads as 未填写', (value) => {
    expect(formatWan(value)).toBe('未填写');
  });

  it('drops fractions of a yuan rather than printing binary noise', () => {
    expect(formatWan(250000.7)).toBe('25万元');
  });
});

describe('parseWan', () => {
  it.each<[string | number, number]>([
    ['25', 250000],
    ['25.5', 255000],
    ['25.0001', 250001],
    [25.5, 255000],
    [0.1, 1000],
    ['25万元', 250000],
    ['25万', 250000],
    [' 20 ', 200000],
    ['1,000', 10000000],
    ['0', 0],
  ])('%p 万元 is %d yuan exactly', (input, yuan) => {
    expect(parseWan(input)).toBe(yuan);
  });

  it('is exact where floating point would not be (0.57 × 10000 = 5699.999…)', () => {
    expect(0.57 * 10000).not.toBe(5700);
    expect(parseWan('0.57')).toBe(5700);
    expect(parseWan(0.57)).toBe(5700);
  });

  it.each(['', '-5', '25.00001', 'abc', '25元', '1e5', '二十五', '25.'])('refuses %p', (input) => {
    expect(parseWan(input)).toBeNull();
  });

  it('round-trips with formatWan', () => {
    for (const yuan of [0, 1, 9999, 250000, 250001, 1234567]) {
      expect(parseWan(formatWan(yuan))).toBe(yuan);
    }
  });
});

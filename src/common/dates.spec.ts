import { formatChineseDate, isCalendarDate, shanghaiToday, toShanghaiDate } from './dates';

describe('isCalendarDate', () => {
  it.each(['2022-03-25', '2022-12-15', '2024-02-29', '2000-02-29'])('accepts %s', (d) => {
    expect(isCalendarDate(d)).toBe(true);
  });

  it.each(['2022-02-30', '2022-02-29', '1900-02-29', '2022-13-01', '2022-00-10', '2022-04-31', '2022-3-25', '20220325', '2022/03/25', '2022-03-25T00:00:00Z', ''])(
    'refuses %p',
    (d) => {
      expect(isCalendarDate(d)).toBe(false);
    },
  );
});

describe('toShanghaiDate', () => {
  it('keeps a plain calendar date as it is', () => {
    expect(toShanghaiDate('2022-03-25')).toBe('2022-03-25');
  });

  it('moves a UTC afternoon to the next Shanghai day', () => {
    expect(toShanghaiDate('2022-03-25T16:30:00Z')).toBe('2022-03-26');
    expect(toShanghaiDate('2022-03-25T16:00:00Z')).toBe('2022-03-26');
  });

  it('keeps the last second before Shanghai midnight on the same day', () => {
    expect(toShanghaiDate('2022-03-25T15:59:59Z')).toBe('2022-03-25');
    expect(toShanghaiDate('2022-03-25T15:59:59.999Z')).toBe('2022-03-25');
  });

  it('honours explicit offsets', () => {
    expect(toShanghaiDate('2022-03-25T23:59:59+08:00')).toBe('2022-03-25');
    expect(toShanghaiDate('2022-03-25T10:00:00-08:00')).toBe('2022-03-26');
    expect(toShanghaiDate('2022-03-26T01:00+09:00')).toBe('2022-03-26');
  });

  it('crosses month and year ends', () => {
    expect(toShanghaiDate('2022-12-31T20:00:00Z')).toBe('2023-01-01');
    expect(toShanghaiDate('2022-02-28T18:00:00Z')).toBe('2022-03-01');
  });

  it.each([
    '2022-02-30',
    '2022-02-30T10:00:00Z',
    '2022-03-25T10:00:00', // no offset: which day it is depends on where it was typed
    '2022-03-25 10:00:00Z',
    '25/03/2022',
    '2022年3月25日',
    'soon',
    '',
  ])('refuses %p', (text) => {
    expect(toShanghaiDate(text)).toBeNull();
  });
});

describe('shanghaiToday', () => {
  it('is the Shanghai calendar date of an instant', () => {
    expect(shanghaiToday(new Date('2022-03-25T15:59:59Z'))).toBe('2022-03-25');
    expect(shanghaiToday(new Date('2022-03-25T16:00:00Z'))).toBe('2022-03-26');
  });
});

describe('formatChineseDate', () => {
  it('writes dates the Chinese way, without leading zeros', () => {
    expect(formatChineseDate('2022-03-25')).toBe('2022年3月25日');
    expect(formatChineseDate('2022-12-05')).toBe('2022年12月5日');
  });

  it.each([null, undefined, '', '2022-02-30', 'x'])('%p reads as 未填写', (d) => {
    expect(formatChineseDate(d)).toBe('未填写');
  });
});

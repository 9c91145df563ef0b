import { parseBooleanCell, parseChoice, parseDateCell, parseInteger, parseNumberCell, parseText, parseWanCell, parseYearCell } from './cell-values';

const value = <T>(r: { ok: boolean; value?: T; message?: string }) => (r.ok ? r.value : `ERR:${r.message}`);

describe('parseWanCell', () => {
  it.each([
    [25, 250000], ['25', 250000], [25.5, 255000], ['25.5', 255000], ['２５．５', 255000], ['25万元', 250000],
    ['1,200', 12000000], [25.1234, 251234], [0.1 + 0.2, 3000], [0, 0], ['', null], [null, null],
    // Up to four decimals is whole yuan: exact, nothing rounded.
    [25.123, 251230], ['25.123', 251230], ['25.123万元', 251230], ['0.0001', 1],
  ])('%p 万元 → %p 元', (cell, yuan) => expect(value(parseWanCell(cell as never))).toBe(yuan));

  it('refuses a fraction of a yuan (a fifth decimal, 25.12345) rather than rounding it', () => {
    expect(parseWanCell('25.12345')).toEqual({ ok: false, message: '金额“25.12345”万元超出精度：最多保留4位小数（即精确到元），请核对后重填' });
    expect(parseWanCell(25.12345)).toEqual({ ok: false, message: '金额“25.12345”万元超出精度：最多保留4位小数（即精确到元），请核对后重填' });
    expect(parseWanCell('0.00001').ok).toBe(false);
  });

  it.each([['二十五'], ['-5'], [true], [new Date()]])('refuses %p', (cell) => expect(parseWanCell(cell as never).ok).toBe(false));
});

describe('parseDateCell', () => {
  it.each([
    ['2022-03-25', '2022-03-25'],
    ['2022/3/25', '2022-03-25'],
    ['2022.3.5', '2022-03-05'],
    ['2022年3月25日', '2022-03-25'],
    ['2022 年 3 月 25 日', '2022-03-25'],
    ['2022-3-25 00:00:00', '2022-03-25'],
    [new Date(Date.UTC(2022, 2, 25)), '2022-03-25'],
    [44645, '2022-03-25'],
    ['', null],
  ])('%p → %p', (cell, iso) => expect(value(parseDateCell(cell as never))).toBe(iso));

  it.each([['2022-02-30'], ['3月25日'], ['明天'], [25.5], [12]])('refuses %p', (cell) => {
    const r = parseDateCell(cell as never);
    expect(r.ok).toBe(false);
  });
});

describe('other cells', () => {
  it('reads integers and refuses fractions', () => {
    expect(value(parseInteger('1,200'))).toBe(1200);
    expect(value(parseInteger(45))).toBe(45);
    expect(parseInteger(4.5).ok).toBe(false);
    expect(parseInteger('约50').ok).toBe(false);
    expect(parseInteger('-3')).toEqual({ ok: false, message: '应为不小于0的整数，实际为“-3”' });
    expect(value(parseInteger('-3', true))).toBe(-3);
  });

  it('reads numbers with decimals for number fields', () => {
    expect(value(parseNumberCell('１２．５'))).toBe(12.5);
    expect(value(parseNumberCell(0.1 + 0.2))).toBe(0.3);
    expect(value(parseNumberCell('-1,200.5'))).toBe(-1200.5);
    expect(parseNumberCell('三成')).toEqual({ ok: false, message: '应为数字，实际为“三成”' });
  });

  it('reads 是/否 and friends', () => {
    expect(value(parseBooleanCell('是'))).toBe(true);
    expect(value(parseBooleanCell('已落实'))).toBe(true);
    expect(value(parseBooleanCell('否'))).toBe(false);
    expect(value(parseBooleanCell(true))).toBe(true);
    expect(parseBooleanCell('也许').ok).toBe(false);
  });

  it('reads a year written as 2022 or 2022年度', () => {
    expect(value(parseYearCell(2022))).toBe(2022);
    expect(value(parseYearCell('2022年度'))).toBe(2022);
    expect(parseYearCell('22').ok).toBe(false);
  });

  it('maps a choice by id or Chinese label and passes unknown text through', () => {
    const choices = [{ id: 'new', label: '2022年度新项目' }];
    expect(value(parseChoice('2022年度新项目', choices))).toBe('new');
    expect(value(parseChoice('new', choices))).toBe('new');
    expect(value(parseChoice('别的', choices))).toBe('别的');
  });

  it('reads text from numbers the way Excel shows them', () => {
    expect(value(parseText(2700000000))).toBe('2700000000');
    expect(value(parseText('  张三 '))).toBe('张三');
  });
});

/**
 * Amounts are integers of yuan everywhere; people read them in 万元. Integer arithmetic only, so
 * 255000 is "25.5万元" and never 25.499999.
 */
export function formatWan(yuan: number | null | undefined): string {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return '未填写';
  const sign = yuan < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(yuan));
  const whole = Math.trunc(abs / 10000);
  const rest = abs % 10000;
  const fraction = rest ? '.' + String(rest).padStart(4, '0').replace(/0+$/, '') : '';
  return `${sign}${whole}${fraction}万元`;
}

/**
 * Parses an amount typed in 万元 ("25", "25.5", 25.5) into yuan exactly. Returns null when the
 * value is not a non-negative number of 万元 with at most four decimals (one yuan).
 */
export function parseWan(value: string | number): number | null {
  const text = typeof value === 'number' ? String(value) : value.trim().replace(/万元|万$/, '').replace(/,/g, '');
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 10000 + Number((match[2] ?? '').padEnd(4, '0'));
}

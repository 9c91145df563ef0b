// Amounts are integers of yuan in the API and typed/read in 万元 by people. Same rules as
// src/common/money.ts (parseWan / formatWan): integer arithmetic only, at most 4 decimals (one
// yuan), so "25.5" is exactly 255000 and never 254999.99.

/** "25", "25.5", "25万元" → yuan; null when it is not a non-negative amount with ≤ 4 decimals. */
export function parseWan(value) {
  const text = typeof value === 'number' ? String(value) : String(value ?? '').trim().replace(/万元|万$/, '').replace(/,/g, '');
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 10000 + Number((match[2] ?? '').padEnd(4, '0'));
}

/** 255000 → "25.5" (the number only, for an input box). */
export function wanNumber(yuan) {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return '';
  const abs = Math.abs(Math.trunc(yuan));
  const rest = abs % 10000;
  const fraction = rest ? '.' + String(rest).padStart(4, '0').replace(/0+$/, '') : '';
  return `${yuan < 0 ? '-' : ''}${Math.trunc(abs / 10000)}${fraction}`;
}

/** 255000 → "25.5万元"; missing → "未填写". */
export function formatWan(yuan) {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return '未填写';
  return `${wanNumber(yuan)}万元`;
}

/** Why a typed amount was refused, in words a clerk understands. */
export function wanProblem(text) {
  const t = String(text ?? '').trim();
  if (t === '') return null;
  if (parseWan(t) !== null) return null;
  if (/^-/.test(t)) return '金额不能为负数';
  if (/^\d+\.\d{5,}$/.test(t.replace(/万元|万$/, ''))) return '以万元填写，最多保留4位小数（即精确到元）';
  return '请填写以万元为单位的数字，例如 25 或 25.5';
}

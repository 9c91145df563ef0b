/**
 * Dates are calendar dates in Asia/Shanghai (UTC+8 all year, no daylight saving). A deadline "by
 * 3月25日" means on or before 2022-03-25 there, so comparisons are on YYYY-MM-DD strings.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * Normalises a date or an ISO date-time with an offset to the Shanghai calendar date
 * ("2022-03-25T16:30:00Z" is already 2022-03-26 in Wuhan). Returns null for anything else.
 */
export function toShanghaiDate(text: string): string | null {
  if (isCalendarDate(text)) return text;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  if (!isCalendarDate(text.slice(0, 10))) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's date in Shanghai. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** "2022-03-25" → "2022年3月25日". */
export function formatChineseDate(date: string | null | undefined): string {
  if (!date || !isCalendarDate(date)) return '未填写';
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

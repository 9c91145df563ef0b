/**
 * A printed file is dated with the evaluation it prints, not with the clock, so printing the same
 * evaluation again gives the same bytes. Times are written in the bureau's zone (UTC+8), as the
 * PDF Info dictionary (D:20221220103000+08'00') and XMP (2022-12-20T10:30:00+08:00) want them:
 * PDF/A requires the two to say the same.
 */
export interface ArchivalDate {
  pdf: string;
  xmp: string;
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/**
 * `when` is an ISO date-time (a stored evaluation's time) or a date alone (an evaluation made
 * from a file: midnight in Shanghai); null or unreadable: null.
 */
export function archivalDate(when: string | null | undefined): ArchivalDate | null {
  if (!when) return null;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(when) ? Date.parse(`${when}T00:00:00+08:00`) : Date.parse(when);
  if (Number.isNaN(ms)) return null;
  // Shanghai's wall clock, read with the UTC getters.
  const local = new Date(Math.floor(ms / 1000) * 1000 + SHANGHAI_OFFSET_MS);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const [y, mo, d, h, mi, s] = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()];
  return {
    pdf: `D:${p(y, 4)}${p(mo)}${p(d)}${p(h)}${p(mi)}${p(s)}+08'00'`,
    xmp: `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}+08:00`,
  };
}

/** The latest of several dates (a booklet or summary is dated with its newest evaluation). */
export function latestDate(whens: (string | null | undefined)[]): ArchivalDate | null {
  let best: { ms: number; when: string } | null = null;
  for (const when of whens) {
    const date = archivalDate(when);
    if (!date) continue;
    const ms = Date.parse(date.xmp);
    if (!best || ms > best.ms) best = { ms, when: when! };
  }
  return best ? archivalDate(best.when) : null;
}

// How a scorecard lays out an information table, for the 报告 tab's preview: two entries a row, a
// wide entry on a row of its own, and an entry left alone beside a wide one spanning its row —
// the same rule as src/reports/information-table.ts, so the preview shows what will be printed.
// Pure (no page, no imports): the unit suite checks it against the server's layout.

/**
 * entries → rows of { entry, index, wide }: `wide` is whether the cell spans the row as printed
 * (asked for, or left alone).
 */
export function informationLayout(entries) {
  const rows = [];
  let pending = null;
  const flush = () => {
    if (pending) rows.push([{ ...pending, wide: true }]);
    pending = null;
  };
  (entries ?? []).forEach((entry, index) => {
    const cell = { entry, index, wide: entry?.wide === true };
    if (cell.wide) {
      flush();
      rows.push([cell]);
    } else if (pending) {
      rows.push([pending, cell]);
      pending = null;
    } else pending = cell;
  });
  flush();
  return rows;
}

/** What {{year}} in the summary's title prints as, for the hint under it. */
export const summaryTitleFor = (title, year) => String(title ?? '').replace(/\{\{\s*year\s*\}\}/g, String(year));

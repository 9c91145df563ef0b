import { parseYearCell } from './cell-values';
import { ColumnSpec } from './column-spec';
import { mapSheet } from './sheet-table';
import { RawWorkbook } from './workbook-reader';

const YEAR: ColumnSpec = { key: 'year', header: '年度', aliases: ['年份', '项目年度'], kind: 'year' };

/** The first year written in a 年度 column of the file, to pick that year's rule set. */
export function yearOfWorkbook(workbook: RawWorkbook): number | null {
  for (const raw of workbook.sheets) {
    const sheet = mapSheet(raw, [YEAR], 1);
    const col = sheet?.columns[0]?.col;
    if (!sheet || col === undefined) continue;
    for (const row of raw.rows.filter((r) => r.rowNumber > sheet.headerRow)) {
      const year = parseYearCell(row.cells[col] ?? null);
      if (year.ok && year.value !== null) return year.value;
    }
  }
  return null;
}

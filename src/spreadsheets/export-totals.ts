import { ExportColumn, ExportValue } from './export-table';

const SUMMED = new Set(['wan', 'integer', 'number']);

/**
 * A total line under a table: `label` in column `labelAt` and, in each numeric column that
 * `summed` picks, the sum of the rows that have a value (blank when none has). Amounts are
 * yuan, so the sum is exact before it is shown in 万元.
 */
export function totalsRow(
  columns: ExportColumn[],
  rows: ExportValue[][],
  label: { text: string; at: number },
  summed: (column: ExportColumn, i: number) => boolean,
): ExportValue[] {
  return columns.map((column, i) => {
    if (i === label.at) return label.text;
    if (!SUMMED.has(column.kind) || !summed(column, i)) return null;
    const values = rows.map((r) => r[i]).filter((v): v is number => typeof v === 'number');
    return values.length > 0 ? values.reduce((s, v) => s + v, 0) : null;
  });
}

import ExcelJS from 'exceljs';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { ColumnSpec } from './column-spec';
import { COUNTY_COLUMNS, COUNTY_SHEET, PROGRESS_COLUMNS, PROGRESS_SHEET } from './region-progress-columns';
import { columnLetter } from './sheet-problem';
import { addValidation, listValidation, writeOptionsSheet } from './template-options';
import { DATE_FORMAT, headersOf, newWorkbook, shadeReference, toBuffer, writeHeader } from './workbook-style';

const COUNTY_ROWS = 300;

/**
 * Region progress: one row per region, prefilled with the year, the region and its Annex 3
 * targets (shaded, for reference), and a county sheet for trainings and one-stop stations. With
 * `region` the template is prefilled for that region only, as a 市州局 would receive it.
 */
export async function buildRegionProgressTemplate(index: RuleSetIndex, options: { year?: number; region?: string } = {}): Promise<Buffer> {
  const wb = newWorkbook();
  const year = options.year ?? index.doc.year;
  const regions = options.region ? index.doc.tables.regions.filter((r) => r.name === index.region(options.region!)?.name) : index.doc.tables.regions;

  const progress = wb.addWorksheet(PROGRESS_SHEET);
  writeHeader(progress, headersOf(PROGRESS_COLUMNS));
  const counties = wb.addWorksheet(COUNTY_SHEET);
  writeHeader(counties, headersOf(COUNTY_COLUMNS));
  const lists = writeOptionsSheet(wb, index);

  const col = (specs: ColumnSpec[], key: string) => specs.findIndex((s) => s.key === key) + 1;
  regions.forEach((r, i) => {
    const row = progress.getRow(i + 2);
    row.getCell(col(PROGRESS_COLUMNS, 'year')).value = year;
    row.getCell(col(PROGRESS_COLUMNS, 'region')).value = r.name;
    for (const k of ['wan', 'qian', 'bai'] as const) {
      const cell = row.getCell(col(PROGRESS_COLUMNS, `target.${k}`));
      cell.value = r.targets[k];
      shadeReference(cell);
    }
  });
  formatColumns(progress, PROGRESS_COLUMNS, regions.length + 1, lists.region);
  if (regions.length === 1) {
    // A region's own template: the county sheet starts with its name so rows can be copied down.
    counties.getCell(2, col(COUNTY_COLUMNS, 'year')).value = year;
    counties.getCell(2, col(COUNTY_COLUMNS, 'region')).value = regions[0].name;
  }
  formatColumns(counties, COUNTY_COLUMNS, COUNTY_ROWS + 1, lists.region);
  return toBuffer(wb);
}

function formatColumns(ws: ExcelJS.Worksheet, specs: ColumnSpec[], lastRow: number, regionList: string): void {
  specs.forEach((spec, i) => {
    const letter = columnLetter(i + 1);
    const range = `${letter}2:${letter}${Math.max(lastRow, 2)}`;
    if (spec.kind === 'region') addValidation(ws, range, listValidation(regionList, '市州'));
    if (spec.kind === 'date') ws.getColumn(i + 1).numFmt = DATE_FORMAT;
    if (spec.kind === 'integer') {
      addValidation(ws, range, {
        type: 'whole', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0],
        showErrorMessage: true, errorStyle: 'stop', errorTitle: '数值', error: '请填写不小于0的整数',
      });
    }
    if (spec.kind === 'text') ws.getColumn(i + 1).numFmt = '@';
  });
}

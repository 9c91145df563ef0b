import { EvaluationReport } from '../evaluation/evaluation.types';
import { Evaluator } from '../evaluation/evaluator';
import { Project } from '../projects/project.types';
import { RegionProgress } from '../regions/region-progress.types';
import { evaluationTable, ruleLegendTable } from './evaluation-export';
import { addTableSheet, csvBytes, tableToCsv } from './export-table';
import { listTables, regionProgressTable } from './region-progress-export';
import { newWorkbook, toBuffer } from './workbook-style';

/** What an export shows: the year's data as evaluated, and the region a region user is confined to. */
export interface ExportInput<T> {
  report: EvaluationReport;
  records: T[];
  evaluator: Evaluator;
  year: number;
  scope: string | null;
}

export async function evaluationsXlsx(input: ExportInput<Project>): Promise<Buffer> {
  const wb = newWorkbook();
  addTableSheet(wb, evaluationTable(input.report, input.records, input.evaluator.index, input.scope));
  addTableSheet(wb, ruleLegendTable(input.evaluator.index, input.report, ['project']));
  return toBuffer(wb);
}

export function evaluationsCsv(input: ExportInput<Project>): Buffer {
  return csvBytes(tableToCsv(evaluationTable(input.report, input.records, input.evaluator.index, input.scope)));
}

export async function regionProgressXlsx(input: ExportInput<RegionProgress>): Promise<Buffer> {
  const wb = newWorkbook();
  addTableSheet(wb, regionProgressTable(input.records, input.report, input.evaluator, input.year, input.scope));
  for (const table of listTables(input.records, input.evaluator)) addTableSheet(wb, table);
  addTableSheet(wb, ruleLegendTable(input.evaluator.index, input.report, input.scope === null ? ['region', 'province'] : ['region']));
  return toBuffer(wb);
}

export function regionProgressCsv(input: ExportInput<RegionProgress>): Buffer {
  return csvBytes(tableToCsv(regionProgressTable(input.records, input.report, input.evaluator, input.year, input.scope)));
}

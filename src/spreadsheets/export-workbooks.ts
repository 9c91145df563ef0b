import { EvaluationReport } from '../evaluation/evaluation.types';
import { Project } from '../projects/project.types';
import { RegionProgress } from '../regions/region-progress.types';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { evaluationTable, ruleLegendTable } from './evaluation-export';
import { addTableSheet, csvBytes, tableToCsv } from './export-table';
import { countyTable, regionProgressTable } from './region-progress-export';
import { newWorkbook, toBuffer } from './workbook-style';

export async function evaluationsXlsx(report: EvaluationReport, projects: Project[], index: RuleSetIndex): Promise<Buffer> {
  const wb = newWorkbook();
  addTableSheet(wb, evaluationTable(report, projects, index));
  addTableSheet(wb, ruleLegendTable(index, report, ['project']));
  return toBuffer(wb);
}

export function evaluationsCsv(report: EvaluationReport, projects: Project[], index: RuleSetIndex): Buffer {
  return csvBytes(tableToCsv(evaluationTable(report, projects, index)));
}

export async function regionProgressXlsx(records: RegionProgress[], report: EvaluationReport, index: RuleSetIndex, year: number): Promise<Buffer> {
  const wb = newWorkbook();
  addTableSheet(wb, regionProgressTable(records, report, index, year));
  addTableSheet(wb, countyTable(records));
  addTableSheet(wb, ruleLegendTable(index, report, ['region', 'province']));
  return toBuffer(wb);
}

export function regionProgressCsv(records: RegionProgress[], report: EvaluationReport, index: RuleSetIndex, year: number): Buffer {
  return csvBytes(tableToCsv(regionProgressTable(records, report, index, year)));
}

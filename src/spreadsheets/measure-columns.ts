import { Evaluator } from '../evaluation/evaluator';
import { Facts } from '../evaluation/fact-catalogue';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { SubjectRecord } from '../subjects/subject-identity';
import { ColumnSpec } from './column-spec';

/**
 * The targets of the region scorecard's measures (the 2022 notice's Annex 3), one read-only
 * column each beside the fields a region fills in: shown for reference, ignored on import.
 */
export function measureColumns(index: RuleSetIndex): ColumnSpec[] {
  return (index.doc.reports.region.measures?.rows ?? []).map((m): ColumnSpec => {
    const fact = index.facts.get('region', m.target);
    return {
      key: m.target, fact: m.target, kind: 'reference', width: 12,
      header: `目标：${m.label}`,
      aliases: fact && fact.label !== m.label ? [fact.label] : [],
      note: '任务目标，仅供对照，导入时忽略',
    };
  });
}

/**
 * Facts of one region as its evaluation would compute them (a target looked up in a table, …),
 * for a region that has sent nothing yet: its record is only its year and name.
 */
export function regionFacts(evaluator: Evaluator, year: number, region: string, names: string[], record?: SubjectRecord): Facts {
  const program = evaluator.programs.region;
  return program.compute(record ?? { year, region }, { stage: 'progress', aggregate: () => null }, program.neededFor(names));
}

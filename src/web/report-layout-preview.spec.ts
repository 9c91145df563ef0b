import path from 'node:path';
import { FactWording } from '../reports/fact-wording';
import { informationRows } from '../reports/information-table';
import { readJsonFile } from '../rule-sets/rule-set-files';
import { InfoEntry, RuleSetDocument } from '../rule-sets/rule-set.types';

// The 报告 tab's preview module: a plain ES module, compiled for jest and required untyped.
const { informationLayout, summaryTitleFor } = require('./public/assets/js/draft/report-layout.js');

const doc = readJsonFile(path.join(__dirname, '..', '..', 'rules', 'hubei-2022.json'), '规则集') as RuleSetDocument;

/** Each entry labelled by its position, so the two layouts can be compared cell by cell. */
const numbered = (wide: boolean[]): InfoEntry[] => wide.map((w, i) => ({ label: `第${i}项`, fact: 'project.name', ...(w ? { wide: true } : {}) }));

describe('the 报告 tab’s preview of an information table', () => {
  it('lays entries out as the printed scorecard does: two a row, a wide one alone, one left alone before a wide one spanning', () => {
    const wording = FactWording.of(doc);
    const cases = [
      doc.reports.project.information,
      numbered([]),
      numbered([false]),
      numbered([false, false, false]),
      numbered([false, true, false, false]),
      numbered([true, false, true, true, false]),
      numbered([false, false, false, true, false, false, false]),
    ];
    for (const entries of cases) {
      const printed = informationRows(entries, 'project', {}, {}, wording).map((row) => row.map((c) => [c.label, c.wide]));
      const preview = informationLayout(entries).map((row: { entry: InfoEntry; wide: boolean }[]) => row.map((c) => [c.entry.label, c.wide]));
      expect(preview).toEqual(printed);
    }
  });

  it('says what the summary title prints for a year', () => {
    expect(summaryTitleFor(doc.reports.summary.title, 2023)).toBe('2023年度省级质量提升示范项目评估汇总表');
    expect(summaryTitleFor('{{ year }}年与{{year}}年', 2024)).toBe('2024年与2024年');
  });
});

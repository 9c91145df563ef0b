import { loadRuleSetFile } from '../rule-sets/rule-set-loader';
import { RowChecks } from './row-checks';

describe('RowChecks', () => {
  it('compiles a document’s row checks once and runs them on any row', () => {
    const doc = structuredClone(loadRuleSetFile('hubei-2022').document);
    const checks = RowChecks.of(doc)!;
    expect(RowChecks.of(doc)).toBe(checks);
    expect(checks.run({ name: '松柏镇', trainings: 1, trainees: 50, stations: 0 })).toEqual([true, false]);
    expect(checks.run({ name: '木鱼镇' })).toEqual([false, false]);
  });

  it('has none when the layout names no rows field, and words a check that cannot run as unknown', () => {
    const doc = structuredClone(loadRuleSetFile('hubei-2022').document);
    doc.reports.region.rows!.field = 'submitted.plan';
    expect(RowChecks.of(doc)).toBeNull();
    const other = structuredClone(loadRuleSetFile('hubei-2022').document);
    other.reports.region.rows!.checks = [{ label: '名称', cel: 'row.name', pass: '是', fail: '否' }, { label: '坏', cel: 'row.nope > 1', pass: '是', fail: '否' }];
    expect(RowChecks.of(other)!.run({ name: '松柏镇' })).toEqual([null, null]);
  });
});

import { sampleProjects, sampleSources } from '../bench/pdf-fixtures';
import { Evaluator } from '../evaluation/evaluator';
import { loadRuleSetFile } from '../rule-sets/rule-set-loader';
import { RuleSetDocument } from '../rule-sets/rule-set.types';
import { buildProjectScorecard } from './project-scorecard.view';
import { InfoCellView, ProjectScorecardView, ScorecardSource } from './report-view.types';

function cell(view: ProjectScorecardView, label: string): InfoCellView {
  const found = view.information.flat().find((c) => c.label === label);
  if (!found) throw new Error(`no information cell “${label}” in ${view.information.flat().map((c) => c.label).join('、')}`);
  return found;
}

/** The 2022 rule set edited as a policy officer would: a field relabelled, one added, both shown. */
function editedRuleSet(): RuleSetDocument {
  const doc = structuredClone(loadRuleSetFile('hubei-2022').document);
  doc.model.project.fields.find((f) => f.key === 'cluster.profitTax2021')!.label = '2022年利税';
  doc.model.project.fields.push({ key: 'chainLeader', label: '链主企业', type: 'text', section: 'basic' });
  doc.reports.project.information.push(
    { fact: 'cluster.profitTax2021' },
    { fact: 'cluster.enterprises' },
    { fact: 'industry' },
    { fact: 'chainLeader', wide: true },
  );
  return doc;
}

describe('buildProjectScorecard', () => {
  it('words an application-stage failure: blocking rules, warnings apart, conclusion with reasons', async () => {
    // Sample 3 (index 2) matches only half of its provincial funds.
    const src = (await sampleSources(3, 'application'))[2];
    const view = buildProjectScorecard(src);
    expect(view.reportTitle).toBe('省级质量提升示范项目申报审查报告');
    expect(cell(view, '省级资金')).toMatchObject({ value: '22万元', className: 'amount' });
    expect(cell(view, '地方配套资金').value).toBe('11万元');
    expect(cell(view, '配套比例')).toMatchObject({ value: '50%（地方配套 ÷ 省级资金）', wide: true });
    const matching = view.blocking.find((r) => r.ruleId === 'funding.matching')!;
    expect(matching.outcomeLabel).toBe('不符合');
    expect(matching.actual).toContain('地方配套资金：11万元');
    expect(view.warnings.every((r) => src.evaluation.results.find((x) => x.ruleId === r.ruleId)!.severity === 'warning')).toBe(true);
    expect(view.conclusion.compliant).toBe(false);
    expect(view.conclusion.text).toMatch(/^不符合申报要求，原因：\d+ 项约束性条款不符合$/);
    expect(view.conclusion.reasons.some((r) => r.startsWith('地方等额配套'))).toBe(true);
    expect(view.scored).toBe(false);
    // Region and province rules are named by their titles, not hidden and not by id.
    expect(view.otherSubjects).toContain('“万”：中小企业质量提升行动任务');
    expect(view.otherSubjects).toContain('全省“一站式”服务站总数');
    expect(view.otherSubjects).not.toContain('targets.wan');
    const others = Number(/^另有 (\d+) 条规则适用于其他评估对象/.exec(view.otherSubjects)![1]);
    expect(others).toBe(src.document!.rules.filter((r) => r.subject !== 'project').length);
    expect(view.blocking.length + view.warnings.length + others).toBe(src.evaluation.results.length);
  });

  it('lays out 项目基本情况 as the rule set says: two pairs a row, wide entries alone, labels of choices', async () => {
    const [src] = await sampleSources(1, 'application');
    const view = buildProjectScorecard(src);
    expect(view.information.map((row) => row.map((c) => c.label))).toEqual([
      ['项目名称'],
      ['所属市州', '县市区'],
      ['项目类别', '所属行业'],
      ['主导产品', '项目编号'],
      ['联系人', '联系电话'],
      ['省级资金', '地方配套资金'],
      ['配套比例'],
    ]);
    expect(cell(view, '项目名称')).toMatchObject({ value: src.evaluation.subject.name, wide: true });
    expect(cell(view, '所属市州').value).toBe('武汉');
    expect(cell(view, '县市区').value).toBe('武汉示范县');
    expect(cell(view, '项目类别').value).toBe('2022年度新项目');
    expect(cell(view, '所属行业').value).toBe('制造业');
    expect(cell(view, '项目编号')).toMatchObject({ value: 'bench-2022-001', className: 'mono' });
    expect(cell(view, '联系电话').value).toBe('027-88701901');
  });

  it('follows an edited model: a relabelled field shows its new label, an added field appears, units and choice labels', async () => {
    const doc = editedRuleSet();
    const project = { ...sampleProjects(1)[0], chainLeader: '武汉锐科光纤激光技术股份有限公司' };
    const evaluator = new Evaluator({ document: doc, version: null, hash: 'edited', storedFormat: 2 });
    const report = await evaluator.evaluateProjectList([project], 'application');
    const view = buildProjectScorecard({
      evaluationId: 'e-1', ruleSet: report.ruleSet, stage: 'application', evaluation: report.evaluations[0], document: doc, project,
    });
    expect(cell(view, '2022年利税')).toMatchObject({ value: '12000万元', className: 'amount' });
    expect(view.information.flat().some((c) => c.label === '2021年利税')).toBe(false);
    expect(cell(view, '企业数量').value).toBe('100家');
    expect(view.information.at(-1)).toEqual([{ label: '链主企业', value: '武汉锐科光纤激光技术股份有限公司', wide: true, className: '' }]);
    // A choice field reads as its table label; an entry alone before a wide one spans its row.
    expect(view.information.at(-2)).toEqual([{ label: '所属行业', value: '制造业', wide: true, className: '' }]);
  });

  it('reads what an older evaluation did not store from the project record', async () => {
    const src = (await sampleSources(1, 'application'))[0];
    const { county: _county, 'contact.name': _name, ...facts } = src.evaluation.facts;
    const old: ScorecardSource = { ...src, evaluation: { ...src.evaluation, facts } };
    const view = buildProjectScorecard(old);
    expect(cell(view, '县市区').value).toBe('武汉示范县');
    expect(cell(view, '联系人').value).toBe('张三');
    // Without the record either, the value is plainly not filled in.
    expect(cell(buildProjectScorecard({ ...old, project: null }), '县市区').value).toBe('未填写');
  });

  it('keeps the evaluated amounts when the project changed afterwards', async () => {
    const src = (await sampleSources(3, 'application'))[2];
    const changed = { ...src.project!, funding: { provincial: 990000, localMatching: 990000, sourceSecured: true } };
    const view = buildProjectScorecard({ ...src, project: changed });
    expect(cell(view, '省级资金').value).toBe('22万元');
  });

  it('shows points, score and grade at the acceptance stage', async () => {
    const src = (await sampleSources(1, 'acceptance'))[0];
    const view = buildProjectScorecard(src);
    expect(view.scored).toBe(true);
    expect(view.score).toBe(String(src.evaluation.score));
    expect(view.grade).toBe(src.evaluation.grade);
    expect(view.reportTitle).toBe('省级质量提升示范项目验收评价报告');
    expect(view.trace).toMatchObject({ ruleSetId: 'hubei-2022', evaluationId: 'sample-1', evaluatedAt: '2022年12月20日' });
    expect(view.scoringNote).toContain('待省局确认');
  });

  it('still prints without the rule-set document: identity only, every rule in the table', async () => {
    const src = (await sampleSources(1, 'application'))[0];
    const view = buildProjectScorecard({ ...src, document: null });
    expect(view.information.flat().map((c) => c.label)).toEqual(['项目编号', '项目名称', '市州', '项目类别']);
    expect(view.otherSubjects).toBe('');
    expect(view.blocking.length + view.warnings.length).toBe(src.evaluation.results.length);
  });
});

import { auditRoute, describeAudit, routeParams } from './audit-description';
import { writeAuditEntry } from './write-audit-entry';

describe('describeAudit', () => {
  it('says an evaluation of a project in words, with its stage and verdict', () => {
    const entry = writeAuditEntry('POST', '/api/projects/:id/evaluations', '/api/projects/wuhan-2022-01/evaluations', { stage: 'application' }, {
      id: 'e1f0', stage: 'application', compliant: false, subject: { kind: 'project', id: 'wuhan-2022-01', name: '武汉光谷激光产业集群质量提升', region: '武汉', year: 2022 }, results: [],
    });
    expect(entry.diff).toEqual({ name: '武汉光谷激光产业集群质量提升', region: '武汉', year: 2022, stage: 'application', compliant: false });
    expect(describeAudit(entry)).toBe('评估项目 wuhan-2022-01（申报审查，结论：不符合）');
    expect(auditRoute(entry)).toBe('POST /api/projects/wuhan-2022-01/evaluations');
  });

  it('names a created project by the id its answer carries; rows written before the summary still read', () => {
    const created = writeAuditEntry('POST', '/api/projects', '/api/projects', { name: '随州香稻' }, { id: 'suizhou-2022-02', name: '随州香稻', revision: 1 });
    expect(describeAudit(created)).toBe('新建项目 suizhou-2022-02（随州香稻）');
    expect(describeAudit({ action: 'POST /api/projects/:id/evaluations', comment: '/api/projects/wuhan-2022-01/evaluations', diff: null })).toBe('评估项目 wuhan-2022-01');
  });

  it('reads region names and years out of the URL', () => {
    expect(describeAudit({ action: 'PUT /api/regions/:region/progress/:year', comment: '/api/regions/武汉/progress/2022' })).toBe('填报市州进度 武汉 2022年度');
    expect(describeAudit(writeAuditEntry('POST', '/api/province/evaluations', '/api/province/evaluations', { year: 2022 }, { stage: 'progress', compliant: true }))).toBe('评估全省汇总（2022年度，结论：符合）');
    expect(describeAudit(writeAuditEntry('POST', '/api/projects/import', '/api/projects/import?year=2022', {}, { summary: { create: 3, update: 1, unchanged: 0, problems: 0 } })))
      .toBe('从表格导入项目（新建 3 条，修改 1 条，未变 0 条）');
  });

  it('says rule-set and user actions in words; every draft edit is a change of the draft', () => {
    expect(describeAudit({ action: 'draft.parameter', ruleSetId: 'hubei-2022', version: 2 })).toBe('修改规则集草稿 hubei-2022（修改参数）');
    expect(describeAudit({ action: 'draft.rule.change', ruleSetId: 'hubei-2022' })).toBe('修改规则集草稿 hubei-2022（修改规则）');
    expect(describeAudit({ action: 'draft.something-new', ruleSetId: 'hubei-2023' })).toBe('修改规则集草稿 hubei-2023');
    expect(describeAudit({ action: 'draft.discard', ruleSetId: 'hubei-2022', version: 3 })).toBe('放弃规则集草稿 hubei-2022');
    expect(describeAudit({ action: 'publish', ruleSetId: 'hubei-2022', version: 2 })).toBe('发布规则集 hubei-2022 第 2 版');
    expect(describeAudit({ action: 'user.create', comment: 'li' })).toBe('新建用户 li');
    expect(auditRoute({ action: 'publish', ruleSetId: 'hubei-2022' })).toBeNull();
  });

  it('keeps the action of a route it has no words for', () => {
    expect(describeAudit({ action: 'PATCH /api/things/:id', comment: '/api/things/7' })).toBe('修改数据（/api/things/7）');
    expect(describeAudit({ action: 'mystery' })).toBe('mystery');
    expect(routeParams('/api/projects/:id', '/api/projects/a-1?x=1')).toEqual({ id: 'a-1' });
    expect(routeParams('/api/projects/:id', '/api/regions/a')).toBeNull();
  });
});

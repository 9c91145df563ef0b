import path from 'node:path';
import { ConflictError, InputError } from '../common/errors';
import { addFact, removeFact } from './draft-fact-edits';
import { addField, moveField, putSections, removeField } from './draft-model-edits';
import { removeColumn, removeTable } from './draft-table-edits';
import { checkExpression } from './expression-check';
import { factUsers, fieldUsers } from './model-usage';
import { readJsonFile } from './rule-set-files';
import { validateRuleSet } from './rule-set-validator';
import { RuleSetDocument } from './rule-set.types';

const doc = readJsonFile(path.join(__dirname, '..', '..', 'rules', 'hubei-2022.json'), '规则集') as RuleSetDocument;
const keys = (d: RuleSetDocument) => d.model.project.fields.map((f) => f.key);

function refusal(fn: () => unknown): { type: string; message: string; details: { pointer: string; message: string }[] } {
  try {
    fn();
  } catch (err) {
    return { type: (err as Error).constructor.name, message: (err as Error).message, details: (err as InputError).details ?? [] };
  }
  throw new Error('not refused');
}

describe('who reads a field or a fact', () => {
  it('finds rules by condition, compared fact and message, and report entries', () => {
    const users = fieldUsers(doc, 'project', 'funding.localMatching');
    expect([...new Set(users.map((u) => u.user))]).toEqual(['规则「地方等额配套」', '报告「项目信息表：地方配套资金」', '报告「项目信息表：配套比例」', '报告「汇总表：地方配套」']);
    const i = doc.rules.findIndex((r) => r.id === 'funding.matching');
    expect(users[0]).toEqual({ user: '规则「地方等额配套」', pointer: `/rules/${i}/conditions/all/0/fact`, message: '规则「地方等额配套」的条件读取它' });
  });

  it('finds derived facts by their CEL (input.<key>) and aggregates by theirs (s.<key>)', () => {
    expect(fieldUsers(doc, 'project', 'deliverables').map((u) => u.user)).toEqual(['派生事实「未完成的“五个一”事项」']);
    expect([...new Set(fieldUsers(doc, 'region', 'counties').map((u) => u.user))]).toEqual(expect.arrayContaining(['派生事实「填报县市区数」', '汇总事实「已填报的县市区数」', '报告「县市区覆盖情况」']));
    expect(fieldUsers(doc, 'project', 'serviceNeeds')).toEqual([]);
  });

  it('finds the facts that read a fact, but not the fact itself', () => {
    expect(factUsers(doc, 'project', 'region.class').map((u) => u.user)).toEqual(['派生事实「市州类别名称」', '派生事实「本市州推荐名额」']);
    expect(new Set(factUsers(doc, 'project', 'deliverables.missingCount').map((u) => u.user))).toEqual(new Set(['规则「“五个一”工作要求」']));
  });
});

describe('field edits', () => {
  const field = { key: 'chain.leader', label: '链主企业', type: 'text', section: 'basic' };

  it('adds before a field, moves it, and leaves the input document alone', () => {
    const added = addField(doc, 'project', { ...field, before: 'county' });
    expect(keys(added)[0]).toBe('chain.leader');
    expect(keys(doc)).not.toContain('chain.leader');
    expect(validateRuleSet(added)).toEqual([]);
    const moved = moveField(added, 'project', 'chain.leader', { after: 'leadingProduct' });
    expect(keys(moved).indexOf('chain.leader')).toBe(keys(moved).indexOf('leadingProduct') + 1);
    expect(keys(moveField(added, 'project', 'chain.leader', { position: 3 }))[3]).toBe('chain.leader');
  });

  it('refuses a key another field or fact holds', () => {
    expect(refusal(() => addField(doc, 'project', { ...field, key: 'region.quota' }))).toMatchObject({ type: ConflictError.name, message: '标识“region.quota”已被示范项目的派生事实「本市州推荐名额」使用' });
  });

  it('removes a field nobody reads, and its values from the fixtures (objects left empty go too)', () => {
    const withCluster = { ...doc, tests: [{ name: 't', projects: [{ id: 'a', cluster: { nationalPosition: '全国前三' }, serviceNeeds: 'x' }], expect: {} }] } as RuleSetDocument;
    const removed = removeField(removeField(withCluster, 'project', 'serviceNeeds'), 'project', 'cluster.nationalPosition');
    expect(removed.tests[0].projects).toEqual([{ id: 'a' }]);
  });

  it('refuses removing a field still read, naming each user with its place', () => {
    const refused = refusal(() => removeField(doc, 'project', 'funding.provincial'));
    expect(refused.type).toBe(ConflictError.name);
    expect(refused.message).toMatch(/^字段「省级资金」（funding\.provincial）仍被使用，不能删除：规则「新项目省级资金上限」、规则「优秀项目延续省级资金」/);
    expect(refused.details.length).toBeGreaterThan(5);
  });

  it('refuses removing a section fields are placed in', () => {
    const refused = refusal(() => putSections(doc, 'project', { sections: doc.model.project.sections.filter((s) => s.id !== 'needs') }));
    expect(refused.message).toBe('分组「问题、需求与推荐意见」中还有字段，不能删除：「主要问题」、「质量技术服务需求」、「配套政策」、「市州局推荐意见」。请先把这些字段移到其他分组或删除');
  });
});

describe('fact and table edits', () => {
  it('adds a fact that validates, and removes a fact nobody reads', () => {
    const coverage = { name: 'service.coverage', subject: 'project', label: '服务企业覆盖率', type: 'number', cel: 'input.progress.enterprisesServed / input.cluster.enterprises' };
    const added = addFact(doc, coverage);
    expect(validateRuleSet(added)).toEqual([]);
    expect(removeFact(added, 'project', 'service.coverage').facts).toEqual(doc.facts);
    expect(refusal(() => removeFact(doc, 'project', 'region.class')).message).toContain('派生事实「本市州推荐名额」');
  });

  it('refuses removing a table or column an expression reads', () => {
    expect(refusal(() => removeTable(doc, 'regionClasses')).message).toBe('表格「市州类别」（regionClasses）仍被使用，不能删除：表格「市州及“万千百”任务分解（附件3）」、派生事实「市州类别名称」。请先修改或删除这些内容');
    expect(refusal(() => removeColumn(doc, 'regions', 'class')).message).toContain('派生事实「市州类别」');
    expect(removeColumn(doc, 'regions', 'code').tables.regions.rows.some((r) => 'code' in r)).toBe(false);
  });
});

describe('checkExpression', () => {
  const check = (cel: string, extra = {}) => checkExpression(doc, { subject: 'project', cel, ...extra }).check;

  it('gives the result type and the fact type it fits', () => {
    expect(check("input.county + '县'")).toEqual({ ok: true, type: 'string', factType: 'text' });
    expect(check('size(input.deliverables) >= 3')).toEqual({ ok: true, type: 'bool', factType: 'boolean' });
  });

  it('gives the reason and, for a syntax or type mistake, where it is', () => {
    expect(check('(input.cluster.enterprises')).toEqual({ ok: false, error: { message: '表达式不完整：缺少右括号“)”', position: 26 } });
    expect(check('lookup(tables.regions, "name" input.region)').error).toEqual({ message: '此处应为右括号“)”，却是名称', position: 30 });
    expect(check('if(1, 2, 3)').error?.message).toBe('“if”是保留字，不能用作名称（“如果…就…否则…”请写成 条件 ? 值1 : 值2）');
    expect(check('1 +* 2').error?.message).toBe('此处不应出现 “*”');
    expect(check('param.nope')).toMatchObject({ ok: false, error: { message: '引用了不存在的参数“nope”' } });
    expect(check('region.quota + 1', { name: 'region.class', type: 'number' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^派生事实循环引用/) } });
  });
});

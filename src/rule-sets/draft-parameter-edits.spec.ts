import path from 'node:path';
import { ConflictError, InputError, NotFoundError } from '../common/errors';
import { addParameter, removeParameter } from './draft-parameter-edits';
import { parameterUsers } from './parameter-usage';
import { readJsonFile } from './rule-set-files';
import { validateRuleSet } from './rule-set-validator';
import { RuleSetDocument } from './rule-set.types';

const doc = readJsonFile(path.join(__dirname, '..', '..', 'rules', 'hubei-2022.json'), '规则集') as RuleSetDocument;

function refusal(fn: () => unknown): { status: string; message: string; details: unknown[] } {
  try {
    fn();
  } catch (err) {
    const e = err as InputError;
    return { status: e.constructor.name, message: e.message, details: e.details ?? [] };
  }
  throw new Error('not refused');
}

describe('addParameter', () => {
  const cap = { name: 'capChain', label: '产业链项目省级资金上限', type: 'amount', value: 400000, clause: '三（三）' };

  it('adds an amount in yuan with the unit 元, and the result validates', () => {
    const next = addParameter(doc, cap);
    expect(next.parameters.at(-1)).toEqual({ ...cap, unit: '元' });
    expect(doc.parameters.some((p) => p.name === 'capChain')).toBe(false);
    expect(validateRuleSet(next)).toEqual([]);
  });

  it('checks the value against the type', () => {
    expect(refusal(() => addParameter(doc, { ...cap, value: 400000.5 })).details).toEqual([{ pointer: '/value', message: '金额应为以元为单位的非负整数' }]);
    expect(refusal(() => addParameter(doc, { ...cap, value: '40万' })).details).toEqual([{ pointer: '/value', message: '金额应为以元为单位的非负整数' }]);
    expect(refusal(() => addParameter(doc, { ...cap, type: 'integer', value: 1.5 })).details).toEqual([{ pointer: '/value', message: '应为整数' }]);
    expect(refusal(() => addParameter(doc, { ...cap, type: 'number', value: '0.5' })).details).toEqual([{ pointer: '/value', message: '应为数字' }]);
    expect(refusal(() => addParameter(doc, { ...cap, type: 'date', value: '2023-02-30' })).details).toEqual([{ pointer: '/value', message: '应为真实存在的日期（YYYY-MM-DD）' }]);
    expect(refusal(() => addParameter(doc, { ...cap, type: 'boolean', value: 'true' })).details).toEqual([{ pointer: '/value', message: '应为 true 或 false' }]);
    expect(addParameter(doc, { ...cap, name: 'matchingRatio', label: '地方配套比例', type: 'number', value: 0.5 }).parameters.at(-1)).toMatchObject({ value: 0.5, type: 'number' });
  });

  it('checks the name, the label, the type and unknown fields', () => {
    expect(refusal(() => addParameter(doc, { ...cap, name: '产业链' })).details).toEqual([{ pointer: '/name', message: expect.stringContaining('以英文字母开头') }]);
    expect(refusal(() => addParameter(doc, { ...cap, name: 'in' })).details).toEqual([{ pointer: '/name', message: '“in”是表达式语言的保留字，请另取一个' }]);
    expect(refusal(() => addParameter(doc, { ...cap, label: ' ' })).details).toEqual([{ pointer: '/label', message: '请填写' }]);
    expect(refusal(() => addParameter(doc, { ...cap, type: 'money' })).details).toEqual([{ pointer: '/type', message: '请选择类型：金额、整数、数字、日期、文本或是否' }]);
    expect(refusal(() => addParameter(doc, { ...cap, unit: '万元' })).details).toEqual([{ pointer: '/unit', message: '金额以元保存、按万元填写，单位不用另填' }]);
    expect(refusal(() => addParameter(doc, { ...cap, colour: 'red' })).details).toEqual([{ pointer: '/colour', message: '不允许的字段（未知字段）' }]);
    const taken = refusal(() => addParameter(doc, { ...cap, name: 'capNew' }));
    expect(taken).toMatchObject({ status: ConflictError.name, message: '参数名“capNew”已被参数「新项目省级资金上限」使用' });
  });
});

describe('parameterUsers and removeParameter', () => {
  it('names the rule whose condition, requirement and messages read a cap', () => {
    const users = parameterUsers(doc, 'capNew');
    expect([...new Set(users.map((u) => u.user))]).toEqual(['规则「新项目省级资金上限」']);
    expect(users.map((u) => u.pointer)).toEqual(['/rules/0/conditions/all/0/value/fact', '/rules/0/requirement', '/rules/0/messages/pass', '/rules/0/messages/fail']);
  });

  it('names derived facts and report rows that read a parameter', () => {
    const users = [...new Set(parameterUsers(doc, 'minCountyTrainings').map((u) => u.user))];
    expect(users).toEqual(expect.arrayContaining(['规则「县市区质量公益培训」', '派生事实「培训未达标的县市区」', '报告「县市区覆盖情况：培训」', '报告「县市区覆盖情况」']));
    expect(parameterUsers(doc, 'summaryDeadline').map((u) => u.user)).toContain('报告「报送时限：“万千百十一”质量提升工作总结」');
  });

  it('refuses to remove a parameter in use, naming its users, and removes an unused one', () => {
    const refused = refusal(() => removeParameter(doc, 'capNew'));
    expect(refused.status).toBe(ConflictError.name);
    expect(refused.message).toBe('参数「新项目省级资金上限」（capNew）仍被使用，不能删除：规则「新项目省级资金上限」。请先修改或删除这些内容');
    const withRatio = addParameter(doc, { name: 'matchingRatio', label: '地方配套比例', type: 'number', value: 0.5, clause: '' });
    expect(removeParameter(withRatio, 'matchingRatio').parameters).toEqual(doc.parameters);
    expect(() => removeParameter(doc, 'nope')).toThrow(NotFoundError);
  });

  it('names a table cell that names the parameter', () => {
    const next = structuredClone(doc);
    next.tables.caps = { label: '上限表', key: 'id', columns: [{ key: 'id', label: '标识', type: 'text' }, { key: 'cap', label: '上限参数', type: 'text', references: { parameter: true } }], rows: [{ id: 'a', cap: 'capPairing' }] };
    const users = parameterUsers(next, 'capPairing');
    expect(users.find((u) => u.user === '表格「上限表」')).toEqual({ user: '表格「上限表」', pointer: '/tables/caps/rows/0/cap', message: '表格「上限表」的“上限参数”列引用它' });
  });
});

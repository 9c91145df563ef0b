import fs from 'node:fs';
import path from 'node:path';
import { RULES_DIR } from './rule-set-files';
import { validateRuleSet } from './rule-set-validator';
import { RuleSetDocument } from './rule-set.types';

const SHIPPED = JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'hubei-2022.json'), 'utf8')) as RuleSetDocument;
/** The same notice as published in format 1 (Handlebars messages, the model in code): still read. */
const FORMAT_1 = JSON.parse(fs.readFileSync(path.join(RULES_DIR, '..', 'test', 'fixtures', 'format-1', 'hubei-2022.json'), 'utf8')) as Record<string, unknown>;
type Format1 = { rules: RuleSetDocument['rules']; tables: Record<string, Record<string, unknown>[]> };

function brokenFormat1(edit: (doc: Format1) => void): unknown {
  const doc = structuredClone(FORMAT_1) as unknown as Format1;
  edit(doc);
  return doc;
}

/** A fresh copy of the shipped 2022 rule set, broken by the test. */
function broken(edit: (doc: RuleSetDocument & Record<string, unknown>) => void): RuleSetDocument {
  const doc = structuredClone(SHIPPED) as RuleSetDocument & Record<string, unknown>;
  edit(doc);
  return doc;
}

const ruleIndex = (id: string) => SHIPPED.rules.findIndex((r) => r.id === id);
const paramIndex = (name: string) => SHIPPED.parameters.findIndex((p) => p.name === name);
const CAP_NEW = ruleIndex('funding.cap.new');
const TRAINING = ruleIndex('coverage.training');
const leaf = (doc: RuleSetDocument, i: number, j = 0) => (doc.rules[i].conditions as { all: Record<string, unknown>[] }).all[j];

describe('validateRuleSet', () => {
  it('accepts the shipped 2022 rule set', () => {
    expect(validateRuleSet(SHIPPED)).toEqual([]);
  });

  it('accepts the 2022 rule set as published in format 1', () => {
    expect(validateRuleSet(FORMAT_1)).toEqual([]);
  });

  describe('JSON Schema', () => {
    it('reports every schema error with its pointer', () => {
      const doc = broken((d) => {
        (d as Record<string, unknown>).year = '2022';
        (d.rules[CAP_NEW] as unknown as Record<string, unknown>).severity = 'fatal';
        delete (d.rules[1] as unknown as Record<string, unknown>).title;
      });
      expect(validateRuleSet(doc)).toEqual([
        { pointer: '/year', message: '类型错误：应为整数' },
        { pointer: `/rules/${CAP_NEW}/severity`, message: '取值无效：应为 "blocking"、"warning" 之一' },
        { pointer: '/rules/1/title', message: '缺少必填项' },
      ]);
    });

    it('refuses a document that is not an object', () => {
      expect(validateRuleSet([])).toEqual([expect.objectContaining({ pointer: '/' })]);
      expect(validateRuleSet(null)).toEqual([expect.objectContaining({ pointer: '/' })]);
    });

    it('refuses a condition that carries a priority (it would let json-rules-engine short-circuit)', () => {
      const doc = broken((d) => {
        leaf(d, CAP_NEW).priority = 2;
      });
      const problems = validateRuleSet(doc);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.map((p) => p.pointer)).toContain(`/rules/${CAP_NEW}/conditions/all/0/priority`);
    });
  });

  it('reports a rule json-rules-engine refuses (a bare condition at the root)', () => {
    const doc = broken((d) => {
      d.rules[CAP_NEW].conditions = leaf(d, CAP_NEW) as never;
    });
    expect(validateRuleSet(doc)).toEqual([
      {
        pointer: `/rules/${CAP_NEW}/conditions`,
        message: 'json-rules-engine 拒绝该规则："conditions" root must contain a single instance of "all", "any", "not", or "condition"',
      },
    ]);
  });

  it('reports an unknown operator and lists the valid ones', () => {
    const doc = broken((d) => {
      leaf(d, CAP_NEW).operator = 'atMost';
    });
    const problems = validateRuleSet(doc);
    expect(problems).toEqual([{ pointer: `/rules/${CAP_NEW}/conditions/all/0/operator`, message: expect.stringMatching(/^未知的运算符“atMost”，可选：equal、.*lessThanInclusive.*dateOnOrBefore/) }]);
  });

  it('reports an unknown fact', () => {
    const doc = broken((d) => {
      leaf(d, CAP_NEW).fact = 'funding.provincal';
    });
    expect(validateRuleSet(doc)).toEqual([{ pointer: `/rules/${CAP_NEW}/conditions/all/0/fact`, message: '未知的事实或参数“funding.provincal”' }]);
  });

  it('reports a fact of another subject kind as unknown (a region fact in a project rule)', () => {
    const doc = broken((d) => {
      leaf(d, CAP_NEW).fact = 'achieved.wan';
    });
    expect(validateRuleSet(doc)).toEqual([{ pointer: `/rules/${CAP_NEW}/conditions/all/0/fact`, message: '未知的事实或参数“achieved.wan”' }]);
  });

  it('reports a reference to an unknown parameter in a condition value', () => {
    const doc = broken((d) => {
      leaf(d, CAP_NEW).value = { fact: 'param.capNeu' };
    });
    expect(validateRuleSet(doc)).toEqual([{ pointer: `/rules/${CAP_NEW}/conditions/all/0/value/fact`, message: '未知的事实或参数“param.capNeu”' }]);
  });

  it('reports a derived fact whose parameter the rule set lacks', () => {
    const doc = broken((d) => {
      d.parameters.splice(paramIndex('minCountyTrainees'), 1);
    });
    const problems = validateRuleSet(doc);
    expect(problems).toContainEqual({
      pointer: `/rules/${TRAINING}/conditions/all/1/fact`,
      message: '事实“counties.shortTrainingCount”需要参数“minCountyTrainees”，但规则集未定义',
    });
    expect(problems).toContainEqual({
      pointer: `/rules/${TRAINING}/requirement`,
      message: '模板引用了不存在的事实或参数“param.minCountyTrainees”（要求只能引用参数 param.*）',
    });
  });

  it('reports duplicate rule ids and parameter names', () => {
    const doc = broken((d) => {
      d.rules.push(structuredClone(d.rules[CAP_NEW]));
      d.parameters.push(structuredClone(d.parameters[0]));
    });
    expect(validateRuleSet(doc)).toEqual([
      { pointer: `/parameters/${SHIPPED.parameters.length}/name`, message: `参数名“capNew”重复（与第 1 项相同）` },
      { pointer: `/rules/${SHIPPED.rules.length}/id`, message: `规则标识“funding.cap.new”重复（与第 ${CAP_NEW + 1} 项相同）` },
    ]);
  });

  describe('parameter values of the wrong type', () => {
    const at = (name: string) => `/parameters/${paramIndex(name)}/value`;
    it.each<[string, unknown, string]>([
      ['capNew', -1, '金额应为以元为单位的非负整数'],
      ['capNew', 250000.5, '金额应为以元为单位的非负整数'],
      ['capNew', '25万', '金额应为以元为单位的非负整数'],
      ['recommendationDeadline', '2022-02-30', '应为真实存在的日期（YYYY-MM-DD）'],
      ['recommendationDeadline', '2022-3-25', '应为真实存在的日期（YYYY-MM-DD）'],
      ['quotaPrefecture', 2.5, '应为整数'],
      ['requiredRating', 1, '应为文本'],
    ])('%s = %p', (name, value, message) => {
      const doc = broken((d) => {
        d.parameters[paramIndex(name)].value = value as never;
      });
      expect(validateRuleSet(doc)).toEqual([{ pointer: at(name), message }]);
    });
  });

  it('checks table values against their columns: type, duplicate keys, references', () => {
    const doc = broken((d) => {
      (d.tables.regions.rows[0].targets as Record<string, unknown>).wan = '三千';
      d.tables.categories.rows.push({ ...d.tables.categories.rows[0] });
      d.tables.regions.rows[1].class = 'city';
    });
    expect(validateRuleSet(doc)).toEqual([
      { pointer: '/tables/regions/rows/0/targets/wan', message: '应为整数' },
      { pointer: '/tables/regions/rows/1/class', message: '“city”不在表“市州类别”中' },
      { pointer: `/tables/categories/rows/${SHIPPED.tables.categories.rows.length}/id`, message: '项目类别“new”重复（与第 1 项相同）' },
    ]);
  });

  describe('messages (placeholders)', () => {
    it.each([
      ['an unknown fact', '申请{{funding.provincal}}', 'funding.provincal'],
      ['a fact of another subject kind', '已推动{{achieved.wan}}家', 'achieved.wan'],
      ['an unknown parameter', '超过{{param.capNeu}}', 'param.capNeu'],
    ])('reports a fail message naming %s', (_where, template, missing) => {
      const doc = broken((d) => {
        d.rules[CAP_NEW].messages.fail = template;
      });
      expect(validateRuleSet(doc)).toEqual([{ pointer: `/rules/${CAP_NEW}/messages/fail`, message: `模板引用了不存在的事实或参数“${missing}”` }]);
    });

    it('refuses Handlebars blocks and helpers: a placeholder names a fact, nothing else', () => {
      const doc = broken((d) => {
        d.rules[CAP_NEW].messages.pass = '{{#if funding.provincial}}有{{/if}}';
        d.rules[CAP_NEW].messages.missing = [{ fact: 'funding.provincal', message: '申请{{wan funding.provincial}}' }];
      });
      expect(validateRuleSet(doc)).toEqual([
        { pointer: `/rules/${CAP_NEW}/messages/pass`, message: expect.stringMatching(/^占位符“\{\{#if funding.provincial\}\}”无效/) },
        { pointer: `/rules/${CAP_NEW}/messages/missing/0/fact`, message: '未知的事实或参数“funding.provincal”' },
        { pointer: `/rules/${CAP_NEW}/messages/missing/0/message`, message: expect.stringMatching(/^占位符“\{\{wan funding.provincial\}\}”无效/) },
      ]);
    });

    it('reports a requirement naming a fact rather than a parameter', () => {
      const doc = broken((d) => {
        d.rules[CAP_NEW].requirement = '省级资金{{funding.provincial}}不超过{{param.capNew}}';
      });
      expect(validateRuleSet(doc)).toEqual([
        { pointer: `/rules/${CAP_NEW}/requirement`, message: '模板引用了不存在的事实或参数“funding.provincial”（要求只能引用参数 param.*）' },
      ]);
    });
  });

  describe('message templates of format 1 (Handlebars)', () => {
    it.each([
      ['a helper argument', '申请{{wan funding.provincal}}', 'funding.provincal'],
      ['a bare lookup', '{{region.nmae}}超额', 'region.nmae'],
      ['an #if condition', '{{#if predecessor.nmae}}有{{else}}无{{/if}}', 'predecessor.nmae'],
      ['a fact of another subject kind', '已推动{{achieved.wan}}家', 'achieved.wan'],
      ['an unknown parameter', '超过{{wan param.capNeu}}', 'param.capNeu'],
    ])('reports a fail message naming a missing fact in %s', (_where, template, missing) => {
      const doc = brokenFormat1((d) => {
        d.rules[CAP_NEW].messages.fail = template;
      });
      expect(validateRuleSet(doc)).toEqual([{ pointer: `/rules/${CAP_NEW}/messages/fail`, message: `模板引用了不存在的事实或参数“${missing}”` }]);
    });

    it('reports a pass message that is not a valid template', () => {
      const doc = brokenFormat1((d) => {
        d.rules[CAP_NEW].messages.pass = '申请{{wan funding.provincial}';
      });
      expect(validateRuleSet(doc)).toEqual([{ pointer: `/rules/${CAP_NEW}/messages/pass`, message: expect.stringMatching(/^模板无效：/) }]);
    });

    it('reports an unknown helper', () => {
      const doc = brokenFormat1((d) => {
        d.rules[CAP_NEW].messages.pass = '{{yuan funding.provincial}}';
      });
      expect(validateRuleSet(doc)).toEqual([
        { pointer: `/rules/${CAP_NEW}/messages/pass`, message: '模板不能使用“yuan”，只能使用 wan、date、join、count、orNone、yesNo 和 #if、#unless 块' },
      ]);
    });

    it.each([
      ['{{log "申请"}}', '“log”'],
      ['{{#each param}}{{this}}{{/each}}', '“#each”'],
      ['{{lookup param "capNew"}}', '“lookup”'],
      ['{{> header}}', '局部模板（{{> …}}）'],
    ])('refuses %s on save, with the message pointer', (template, what) => {
      const doc = brokenFormat1((d) => {
        d.rules[CAP_NEW].messages.fail = template;
      });
      expect(validateRuleSet(doc)).toEqual([
        { pointer: `/rules/${CAP_NEW}/messages/fail`, message: `模板不能使用${what}，只能使用 wan、date、join、count、orNone、yesNo 和 #if、#unless 块` },
      ]);
    });

    it('reports a requirement naming a fact rather than a parameter', () => {
      const doc = brokenFormat1((d) => {
        d.rules[CAP_NEW].requirement = '省级资金{{wan funding.provincial}}不超过{{wan param.capNew}}';
      });
      expect(validateRuleSet(doc)).toEqual([
        { pointer: `/rules/${CAP_NEW}/requirement`, message: '模板引用了不存在的事实或参数“funding.provincial”（要求只能引用参数 param.*）' },
      ]);
    });
  });

  it('reports a fixture naming an unknown rule', () => {
    const doc = broken((d) => {
      d.tests[0].expect['t-new-ok']['funding.cap.nw'] = 'pass';
    });
    expect(validateRuleSet(doc)).toEqual([{ pointer: '/tests/0/expect/t-new-ok/funding.cap.nw', message: '测试用例引用了不存在的规则“funding.cap.nw”' }]);
  });

  it('reports rule-set cross references in format 1: stage on a region rule, unknown quota parameter', () => {
    const region = ruleIndex('targets.wan');
    const doc = brokenFormat1((d) => {
      d.rules[region].stage = 'application';
      d.tables.regionClasses[0].quotaParameter = 'quotaCity';
    });
    expect(validateRuleSet(doc)).toEqual([
      { pointer: '/tables/regionClasses/0/quotaParameter', message: '引用了不存在的参数“quotaCity”' },
      { pointer: `/rules/${region}/stage`, message: '只有项目规则有阶段（申报/验收）' },
    ]);
  });

  it('reports an Annex 2 field the project does not have (format 1)', () => {
    const doc = brokenFormat1((d) => {
      d.tables.annex2Fields.push({ path: 'cluster.exports', label: '出口额' });
    });
    const length = (FORMAT_1 as unknown as Format1).tables.annex2Fields.length;
    expect(validateRuleSet(doc)).toEqual([
      { pointer: `/tables/annex2Fields/${length}/path`, message: expect.stringMatching(/^示范项目没有字段“cluster.exports”，可选：id、year、name、/) },
    ]);
  });

  describe('hostile input', () => {
    it('refuses a __proto__ key, with its pointer', () => {
      const text = JSON.stringify(SHIPPED).replace('"title":"新项目省级资金上限"', '"__proto__":{"polluted":true},"title":"新项目省级资金上限"');
      const doc = JSON.parse(text) as unknown;
      expect(validateRuleSet(doc)).toEqual([{ pointer: `/rules/${CAP_NEW}/__proto__`, message: '不允许使用字段名“__proto__”' }]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses constructor and prototype keys at the top level', () => {
      const doc = JSON.parse(JSON.stringify(SHIPPED).replace(/^\{/, '{"constructor":{"prototype":{}},')) as unknown;
      expect(validateRuleSet(doc)).toEqual([{ pointer: '/constructor', message: '不允许使用字段名“constructor”' }]);
    });

    it('refuses nesting deeper than 40 levels without overflowing the stack', () => {
      let condition: Record<string, unknown> = { fact: 'funding.provincial', operator: 'equal', value: 0 };
      for (let i = 0; i < 100000; i++) condition = { not: condition };
      const doc = broken((d) => {
        d.rules[CAP_NEW].conditions = { all: [condition as never] };
      });
      const problems = validateRuleSet(doc);
      expect(problems).toHaveLength(1);
      expect(problems[0].message).toBe('嵌套层级超过 40 层，已拒绝');
      expect(problems[0].pointer).toMatch(new RegExp(`^/rules/${CAP_NEW}/conditions/all/0(/not)+$`));
    });
  });

  it('lists every problem at once', () => {
    const doc = broken((d) => {
      leaf(d, CAP_NEW).operator = 'atMost';
      leaf(d, ruleIndex('funding.cap.pairing')).fact = 'funding.provincal';
      d.parameters[paramIndex('summaryDeadline')].value = '2022-02-30';
      d.tests[1].expect['t-new-bad']['no.such.rule'] = 'fail';
    });
    expect(validateRuleSet(doc).map((p) => p.pointer)).toEqual([
      `/parameters/${paramIndex('summaryDeadline')}/value`,
      `/rules/${CAP_NEW}/conditions/all/0/operator`,
      `/rules/${ruleIndex('funding.cap.pairing')}/conditions/all/0/fact`,
      '/tests/1/expect/t-new-bad/no.such.rule',
    ]);
  });
});

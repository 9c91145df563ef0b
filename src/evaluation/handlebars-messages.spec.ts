import { checkTemplate, renderMessage } from './handlebars-messages';

/** Format 1 messages are Handlebars: only the documented helpers and #if/#unless, nothing else. */
describe('checkTemplate (Handlebars messages of format 1 rule sets)', () => {
  const context = { funding: { provincial: 260000 }, param: { capNew: 250000 }, list: ['a'] };
  const ALLOWED = 'wan、date、join、count、orNone、yesNo 和 #if、#unless 块';

  it('accepts the documented helpers, #if/#unless with else, and bare facts', () => {
    for (const template of [
      '申请{{wan funding.provincial}}，上限{{wan param.capNew}}',
      '{{#if funding.provincial}}有{{else}}无{{/if}}{{#unless funding.provincial}}缺{{/unless}}',
      '{{#if funding.provincial}}a{{else if param.capNew}}b{{/if}}{{join list}}{{count list}}{{yesNo funding.provincial}}',
      '{{funding.provincial}}{{!-- 注释 --}}',
    ]) {
      expect(checkTemplate(template, context)).toBeNull();
    }
  });

  it.each([
    ['{{log "x"}}', '模板不能使用“log”'],
    ['{{log}}', '模板不能使用“log”'],
    ['{{"log" 1}}', '模板不能使用“log”'],
    ['{{lookup funding "provincial"}}', '模板不能使用“lookup”'],
    ['{{wan (lookup funding "provincial")}}', '模板不能使用“lookup”'],
    ['{{#if (lookup funding "provincial")}}x{{/if}}', '模板不能使用“lookup”'],
    ['{{#each list}}{{this}}{{/each}}', '模板不能使用“#each”'],
    ['{{#with funding}}{{provincial}}{{/with}}', '模板不能使用“#with”'],
    ['{{#log "x"}}y{{/log}}', '模板不能使用“#log”'],
    ['{{#funding}}{{provincial}}{{/funding}}', '模板不能使用“#funding”'],
    ['{{#wan funding.provincial}}x{{/wan}}', '模板不能使用“#wan”'],
    ['{{#if funding.provincial}}{{log "x"}}{{/if}}', '模板不能使用“log”'],
    ['{{#if funding.provincial}}x{{else}}{{#each list}}y{{/each}}{{/if}}', '模板不能使用“#each”'],
    ['{{> header}}', '模板不能使用局部模板（{{> …}}）'],
    ['{{#> header}}默认文字{{/header}}', '模板不能使用局部模板（{{> …}}）'],
    ['{{* decorate}}', '模板不能使用装饰器（{{* …}}）'],
    ['{{#* inline "p"}}x{{/inline}}', '模板不能使用装饰器（{{* …}}）'],
  ])('refuses %s, naming what may be used', (template, start) => {
    expect(checkTemplate(template, context)).toMatch(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*只能使用 ${ALLOWED}$`));
  });

  it('does not run the built-in helpers a message has no use for, even in a stored template', () => {
    expect(() => renderMessage('{{log "x"}}', context)).toThrow(/log/);
    expect(() => renderMessage('{{lookup funding "provincial"}}', context)).toThrow(/lookup/);
    expect(renderMessage('{{#if funding.provincial}}有{{/if}}', context)).toBe('有');
  });
});

import path from 'node:path';
import { FactCatalogue } from '../evaluation/fact-catalogue';
import { readJsonFile } from '../rule-sets/rule-set-files';
import { RuleSetDocument } from '../rule-sets/rule-set.types';
import { SUBJECT_KINDS } from '../subjects/subject-identity';

// The pages' own modules: plain ES modules without type declarations, compiled for jest like any
// other source and required untyped.
const { factLabel, factsOf, parametersOf } = require('./public/assets/js/fact-catalogue.js');
const { placeholderWords } = require('./public/assets/js/draft/message-editor.js');
const { operatorsFor } = require('./public/assets/js/operators.js');

const doc = readJsonFile(path.join(__dirname, '..', '..', 'rules', 'hubei-2022.json'), '规则集') as RuleSetDocument;

describe('the rule editor’s words for facts and placeholders', () => {
  it('offers exactly the facts the server’s catalogue knows, per subject kind, and the parameters', () => {
    const catalogue = new FactCatalogue(doc);
    const pick = (f: { name: string; label: string; type: string; source: string }) => ({ name: f.name, label: f.label, type: f.type, source: f.source });
    for (const kind of SUBJECT_KINDS) expect(factsOf(doc, kind).map(pick)).toEqual(catalogue.of(kind).map(pick));
    expect(parametersOf(doc).map(pick)).toEqual(catalogue.parameters().map(pick));
  });

  it('labels facts with the unit people type: amounts in 万元, counts in their unit', () => {
    const label = (name: string) => factLabel(factsOf(doc, 'project').find((f: { name: string }) => f.name === name));
    expect(label('funding.provincial')).toBe('省级资金（万元）');
    expect(label('cluster.enterprises')).toBe('企业数量（家）');
    expect(label('submitted.recommendation')).toBe('推荐表报送日期');
    expect(factLabel(parametersOf(doc).find((p: { name: string }) => p.name === 'param.capNew'))).toBe('新项目省级资金上限（万元）');
  });

  it('shows placeholders by label and gives back every message of the 2022 rules unchanged', () => {
    const words = placeholderWords(doc, 'project');
    const matching = doc.rules.find((r) => r.id === 'funding.matching')!;
    expect(words.toDisplay(matching.messages.fail)).toBe('地方配套「地方配套资金（万元）」，少于省级资金「省级资金（万元）」，未等额配套');
    expect(words.fromDisplay('申请「省级资金（万元）」，上限「新项目省级资金上限（万元）」')).toBe('申请{{funding.provincial}}，上限{{param.capNew}}');
    for (const rule of doc.rules) {
      const w = placeholderWords(doc, rule.subject);
      const texts = [rule.messages.pass, rule.messages.fail, ...(rule.messages.missing ?? []).map((m) => m.message)];
      for (const text of texts) expect(w.fromDisplay(w.toDisplay(text))).toBe(text);
      const req = placeholderWords(doc, rule.subject, { paramsOnly: true });
      expect(req.fromDisplay(req.toDisplay(rule.requirement))).toBe(rule.requirement);
    }
  });

  it('keeps the raw placeholder for a label two facts share, and leaves text in 「」 that names no fact alone', () => {
    const twin = { ...doc, facts: [...doc.facts, { name: 'funding.other', subject: 'project', label: '省级资金', type: 'amount', cel: '0' }] };
    const words = placeholderWords(twin, 'project');
    expect(words.toDisplay('{{funding.provincial}}与{{funding.localMatching}}')).toBe('{{funding.provincial}}与「地方配套资金（万元）」');
    expect(words.insertText('funding.other')).toBe('{{funding.other}}');
    expect(words.fromDisplay('「省级资金（万元）」和「某某」')).toBe('「省级资金（万元）」和「某某」');
    // Requirements name parameters only: a fact's label is plain text there.
    expect(placeholderWords(doc, 'project', { paramsOnly: true }).fromDisplay('「省级资金（万元）」')).toBe('「省级资金（万元）」');
  });

  it('edits old (Handlebars) messages as they are', () => {
    const words = placeholderWords({ ...doc, messageSyntax: 'handlebars' }, 'project');
    expect(words.toDisplay('{{wan funding.provincial}}')).toBe('{{wan funding.provincial}}');
    expect(words.fromDisplay('「省级资金（万元）」')).toBe('「省级资金（万元）」');
  });

  it('offers only the operators that fit a fact’s type', () => {
    expect(operatorsFor('date')).toEqual(['dateOnOrBefore', 'dateOnOrAfter', 'equal', 'notEqual']);
    expect(operatorsFor('boolean')).toEqual(['isTrue', 'equal', 'notEqual']);
    expect(operatorsFor('multiChoice')).toEqual(['contains', 'doesNotContain', 'isEmpty', 'isNotEmpty']);
    expect(operatorsFor('amount')).toContain('greaterThanInclusive');
    expect(operatorsFor('amount')).not.toContain('dateOnOrBefore');
  });
});

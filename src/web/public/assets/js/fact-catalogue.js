// The facts a rule of a rule-set document can read, per subject kind, built the same way as
// src/evaluation/fact-catalogue.ts: the subject's identity, its declared input fields (by key), the
// derived facts and the aggregates of that kind; parameters apart as param.<name>. The pages name
// facts by their Chinese label with the unit people type them in: 「省级资金（万元）」.
import { choices } from './catalog.js';

/** A table's rows as [key, label] pairs, for choices (catalog.js owns how a row is shown). */
export const tableChoices = choices;

// Mirrors src/subjects/subject-identity.ts: identity is the only thing code knows of a subject.
const IDENTITY = {
  project: [
    { key: 'id', label: '项目编号', type: 'text', fact: 'project.id' },
    { key: 'year', label: '年度', type: 'integer', fact: 'project.year' },
    { key: 'name', label: '项目名称', type: 'text', fact: 'project.name' },
    { key: 'region', label: '市州', type: 'text', table: 'regions', fact: 'project.region' },
    { key: 'category', label: '项目类别', type: 'text', table: 'categories', fact: 'project.category' },
  ],
  region: [
    { key: 'year', label: '年度', type: 'integer', fact: 'region.year' },
    { key: 'region', label: '市州', type: 'text', table: 'regions', fact: 'region.name' },
  ],
  province: [{ key: 'year', label: '年度', type: 'integer', fact: 'province.year' }],
};

export const SUBJECT_KINDS = ['project', 'region', 'province'];

/** The identity fields of a subject kind ({ key, label, type, table?, fact }). */
export const identityFields = (kind) => IDENTITY[kind] ?? [];

/** Where a fact comes from, as the fact picker groups them. */
export const SOURCE = { identity: '基本信息', input: '填报字段', derived: '计算得出', aggregate: '汇总统计', parameter: '参数' };

/** Every fact of a subject kind (parameters aside), first declaration of a name winning. */
export function factsOf(doc, kind) {
  const list = [
    ...identityFields(kind).map((f) => ({ name: f.fact, label: f.label, type: f.type, source: 'identity', table: f.table })),
    ...(doc.model?.[kind]?.fields ?? []).map((f) => ({ name: f.key, label: f.label, type: f.type, unit: f.unit, source: 'input', table: f.table, section: f.section })),
    ...(doc.facts ?? []).filter((f) => f.subject === kind).map((f) => ({ name: f.name, label: f.label, type: f.type, unit: f.unit, source: 'derived' })),
    ...(doc.aggregates ?? []).filter((a) => a.subject === kind).map((a) => ({ name: a.name, label: a.label, type: a.type, unit: a.unit, source: 'aggregate' })),
  ];
  const byName = new Map();
  for (const f of list) if (!byName.has(f.name)) byName.set(f.name, f);
  return [...byName.values()];
}

/** The parameters as facts named param.<name>. */
export function parametersOf(doc) {
  return (doc.parameters ?? []).map((p) => ({ name: `param.${p.name}`, label: p.label, type: p.type, unit: p.unit, source: 'parameter' }));
}

/** A fact or parameter of the subject by name, or undefined. */
export function findFact(doc, kind, name) {
  return name?.startsWith('param.') ? parametersOf(doc).find((p) => p.name === name) : factsOf(doc, kind).find((f) => f.name === name);
}

/** The unit people read a fact's value in: amounts in 万元, whatever the document's unit (元). */
export function unitOf(info) {
  if (info?.type === 'amount') return '万元';
  return info?.unit && info.unit !== '元' ? info.unit : '';
}

/** 「省级资金（万元）」 without the corner brackets: the label, and the unit when it has one. */
export function factLabel(info) {
  const unit = unitOf(info);
  return unit ? `${info.label}（${unit}）` : info.label;
}

/** Picker entries [name, text] of facts; a label two facts share is told apart by the name. */
export function factOptions(facts) {
  const count = new Map();
  for (const f of facts) count.set(factLabel(f), (count.get(factLabel(f)) ?? 0) + 1);
  return facts.map((f) => [f.name, count.get(factLabel(f)) > 1 ? `${factLabel(f)}（${f.name}）` : factLabel(f)]);
}

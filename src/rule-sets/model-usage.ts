import { ConflictError, NotFoundError, pointer, Problem } from '../common/errors';
import { CelEnvironment } from '../evaluation/cel/cel-engine';
import { memberVariables, subjectVariables } from '../evaluation/cel/notice-variables';
import { FactCatalogue, RESERVED_NAMESPACES } from '../evaluation/fact-catalogue';
import { factReferences } from '../evaluation/fact-program';
import { messageRendererFor } from '../evaluation/message-renderer';
import { placeholders } from '../evaluation/message-text';
import { leafConditions } from '../evaluation/rules-engine';
import { SUBJECT_KINDS } from '../subjects/subject-identity';
import { RuleSetIndex } from './rule-set-index';
import { InfoEntry, RuleSetDocument, SubjectKind } from './rule-set.types';

/**
 * Who reads a field or a derived fact of a draft: rules (conditions, messages), derived facts
 * (their CEL), aggregates, report layouts and tables that name fields. Removing something still
 * read is refused with this list, so the officer learns what to change first, by name.
 */
export interface Usage extends Problem {
  /** 「派生事实「服务企业覆盖率」」: what the refusal names. */
  user: string;
}

function safeReferences(env: CelEnvironment | null, cel: string): string[][] {
  if (!env) return [];
  try {
    return env.references(cel);
  } catch {
    return [];
  }
}

function safeEnv(make: () => CelEnvironment): CelEnvironment | null {
  try {
    return make();
  } catch {
    return null;
  }
}

/**
 * Whether an expression reads the field `key` under `root` (input, s): a chain that reaches it
 * (input.cluster.enterprises, or input.cluster passed whole), or a string naming it
 * (filled(input, "contact.name")).
 */
function readsField(chains: string[][], cel: string, root: string, key: string): boolean {
  const parts = key.split('.');
  const viaChain = chains.some((c) => {
    if (c[0] !== root || c.length < 2) return false;
    const path = c.slice(1);
    const n = Math.min(path.length, parts.length);
    return path.slice(0, n).join('.') === parts.slice(0, n).join('.');
  });
  const literal = new RegExp(`(["'])${key.replace(/\./g, '\\.')}\\1`).test(cel);
  return viaChain || literal;
}

/** Every place of a draft that names a fact (or field) of one subject kind, by fact name. */
function factNameReaders(doc: RuleSetDocument, kind: SubjectKind, name: string): Usage[] {
  const users: Usage[] = [];
  const renderer = messageRendererFor(new RuleSetIndex(doc));
  doc.rules.forEach((rule, i) => {
    if (rule.subject !== kind) return;
    const user = `规则「${rule.title}」`;
    const at = (...rest: (string | number)[]) => pointer('rules', i, ...rest);
    for (const { pointer: where, leaf } of leafConditions(rule.conditions)) {
      const value = leaf.value as { fact?: unknown } | null;
      if (leaf.fact === name) users.push({ user, pointer: at('conditions') + where + '/fact', message: `${user}的条件读取它` });
      else if (value && typeof value === 'object' && value.fact === name) users.push({ user, pointer: at('conditions') + where + '/value/fact', message: `${user}的条件与它比较` });
    }
    for (const key of ['pass', 'fail'] as const) {
      if (renderer.references(rule.messages[key]).includes(name)) users.push({ user, pointer: at('messages', key), message: `${user}的提示语引用它` });
    }
    (rule.messages.missing ?? []).forEach((m, j) => {
      if (m.fact === name || renderer.references(m.message).includes(name)) users.push({ user, pointer: at('messages', 'missing', j), message: `${user}的未填写提示引用它` });
    });
  });
  users.push(...reportReaders(doc, kind, name));
  return users;
}

function reportReaders(doc: RuleSetDocument, kind: SubjectKind, name: string): Usage[] {
  const users: Usage[] = [];
  const r = doc.reports;
  const add = (where: string, what: string) => users.push({ user: `报告「${what}」`, pointer: where, message: `报告「${what}」显示它` });
  const info = (entries: InfoEntry[] | undefined, at: (...rest: (string | number)[]) => string, title: string) => {
    (entries ?? []).forEach((e, i) => {
      if (e.fact === name || e.ratio?.includes(name)) add(at(i), `${title}：${e.label ?? name}`);
    });
  };
  if (kind === 'project') {
    info(r.project.information, (...rest) => pointer('reports', 'project', 'information', ...rest), '项目信息表');
    r.summary.amounts.forEach((a, i) => {
      if (a.fact === name) add(pointer('reports', 'summary', 'amounts', i), `汇总表：${a.label}`);
    });
  }
  if (kind === 'region') {
    const region = r.region;
    info(region.information, (...rest) => pointer('reports', 'region', 'information', ...rest), '市州信息表');
    if (region.headline && placeholders(region.headline).includes(name)) add(pointer('reports', 'region', 'headline'), '市州报告标题行');
    region.measures?.rows.forEach((m, i) => {
      if (m.target === name || m.achieved === name) add(pointer('reports', 'region', 'measures', 'rows', i), `任务完成情况：${m.label}`);
    });
    region.deadlines?.rows.forEach((d, i) => {
      if (d.due === name || d.submitted === name) add(pointer('reports', 'region', 'deadlines', 'rows', i), `报送时限：${d.label}`);
    });
    if (region.rows) {
      if (region.rows.field === name) add(pointer('reports', 'region', 'rows', 'field'), region.rows.title);
      for (const k of ['note', 'noteWithoutRows'] as const) {
        const text = region.rows[k];
        if (text && placeholders(text).includes(name)) add(pointer('reports', 'region', 'rows', k), `${region.rows.title}的说明`);
      }
    }
  }
  return users;
}

/** Who reads the input field `key` of `kind`. */
export function fieldUsers(doc: RuleSetDocument, kind: SubjectKind, key: string): Usage[] {
  const users = factNameReaders(doc, kind, key);
  const catalogue = new FactCatalogue(doc);
  const env = safeEnv(() => new CelEnvironment(subjectVariables(doc, catalogue, kind)));
  doc.facts.forEach((f, i) => {
    if (f.subject !== kind) return;
    if (readsField(safeReferences(env, f.cel), f.cel, 'input', key)) {
      users.push({ user: `派生事实「${f.label}」`, pointer: pointer('facts', i, 'cel'), message: `派生事实「${f.label}」的表达式读取它` });
    }
  });
  const member = safeEnv(() => new CelEnvironment(memberVariables(doc, kind)));
  doc.aggregates.forEach((a, i) => {
    if (a.over !== kind) return;
    for (const prop of ['where', 'sum'] as const) {
      const cel = a[prop];
      if (cel && readsField(safeReferences(member, cel), cel, 's', key)) {
        users.push({ user: `汇总事实「${a.label}」`, pointer: pointer('aggregates', i, prop), message: `汇总事实「${a.label}」的表达式读取它` });
      }
    }
  });
  for (const [name, table] of Object.entries(doc.tables)) {
    table.columns.forEach((c) => {
      if (c.references?.field !== kind) return;
      table.rows.forEach((row, j) => {
        if (row[c.key] === key) users.push({ user: `表格「${table.label}」`, pointer: pointer('tables', name, 'rows', j, c.key), message: `表格「${table.label}」的“${c.label}”列引用它` });
      });
    });
  }
  return users;
}

/** Who reads the derived fact `name` of `kind` (rules, messages, reports, other derived facts). */
export function factUsers(doc: RuleSetDocument, kind: SubjectKind, name: string): Usage[] {
  const users = factNameReaders(doc, kind, name);
  const catalogue = new FactCatalogue(doc);
  const variables = safeEnv(() => new CelEnvironment(subjectVariables(doc, catalogue, kind)));
  const namespaces = new Set(variables ? Object.keys(variables.variables).filter((n) => !RESERVED_NAMESPACES.includes(n)) : []);
  doc.facts.forEach((f, i) => {
    if (f.subject !== kind || f.name === name || !variables) return;
    let reads: string[] = [];
    try {
      reads = factReferences(variables, f.cel, namespaces, (n) => catalogue.has(kind, n));
    } catch {
      reads = [];
    }
    if (reads.includes(name)) users.push({ user: `派生事实「${f.label}」`, pointer: pointer('facts', i, 'cel'), message: `派生事实「${f.label}」的表达式读取它` });
  });
  return users;
}

/** 「字段“企业数量”（cluster.enterprises）仍被使用：派生事实「…」、规则「…」」 */
export function usageMessage(what: string, users: Usage[]): string {
  const names = [...new Set(users.map((u) => u.user))];
  return `${what}仍被使用，不能删除：${names.join('、')}。请先修改或删除这些内容`;
}

/** Refuses (409) the removal of `what` while anything reads it, naming each user and where. */
export function refuseWhileUsed(what: string, users: Usage[]): void {
  if (users.length > 0) throw new ConflictError(usageMessage(what, users), users.map(({ pointer: at, message }) => ({ pointer: at, message })));
}

/** The subject kind named in a URL (project, region, province). */
export function subjectKind(kind: string): SubjectKind {
  if (!(SUBJECT_KINDS as string[]).includes(kind)) throw new NotFoundError(`没有对象“${kind}”，可选：${SUBJECT_KINDS.join('、')}`);
  return kind as SubjectKind;
}

/** What already holds a name among a subject's facts: a field, a derived fact or an aggregate. */
export function nameTaken(doc: RuleSetDocument, kind: SubjectKind, name: string): string | null {
  const field = doc.model[kind].fields.find((f) => f.key === name);
  if (field) return `字段「${field.label}」`;
  const fact = doc.facts.find((f) => f.subject === kind && f.name === name);
  if (fact) return `派生事实「${fact.label}」`;
  const aggregate = doc.aggregates.find((a) => a.subject === kind && a.name === name);
  return aggregate ? `汇总事实「${aggregate.label}」` : null;
}

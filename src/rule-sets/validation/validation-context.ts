import { Problem } from '../../common/errors';
import { CelEnvironment, CelProblem } from '../../evaluation/cel/cel-engine';
import { memberVariables, subjectVariables } from '../../evaluation/cel/notice-variables';
import { FactCatalogue, FactInfo, FactValueType, RESERVED_NAMESPACES } from '../../evaluation/fact-catalogue';
import { factReferences } from '../../evaluation/fact-program';
import { checkTemplate, nestFacts } from '../../evaluation/handlebars-messages';
import { placeholders, placeholderSyntaxProblem } from '../../evaluation/message-text';
import { RuleSetIndex } from '../rule-set-index';
import { RuleSetDocument, SubjectKind } from '../rule-set.types';

const SAMPLE_VALUES: Record<FactValueType, unknown> = {
  amount: 250000, integer: 1, number: 1, date: '2022-03-25', text: '示例', boolean: true, list: ['示例'], choice: '示例', multiChoice: ['示例'], rows: [],
};

/** The CEL problem with where it is, in the words the expression editor shows. */
export function celMessage(problem: CelProblem): string {
  return problem.position !== undefined ? `第 ${problem.position + 1} 个字符处：${problem.message}` : problem.message;
}

/**
 * What every part of the validation needs of one document: its lookups, its fact catalogue, the
 * CEL environments of its subject kinds (built once), and the message checks of its syntax.
 */
export class ValidationContext {
  readonly index: RuleSetIndex;
  readonly catalogue: FactCatalogue;
  readonly params: Set<string>;
  private readonly envs = new Map<string, CelEnvironment | null>();
  private readonly paramsOfFact = new Map<string, Set<string>>();

  constructor(
    readonly doc: RuleSetDocument,
    readonly format: number,
  ) {
    this.index = new RuleSetIndex(doc);
    this.catalogue = this.index.facts;
    this.params = new Set(doc.parameters.map((p) => p.name));
  }

  /** The CEL environment of a subject's derived facts; null when the declarations cannot make one. */
  env(kind: SubjectKind): CelEnvironment | null {
    return this.cached(`subject|${kind}`, () => new CelEnvironment(subjectVariables(this.doc, this.catalogue, kind)));
  }

  /** The environment of aggregates over one kind of member (`s`). */
  memberEnv(kind: SubjectKind): CelEnvironment | null {
    return this.cached(`member|${kind}`, () => new CelEnvironment(memberVariables(this.doc, kind)));
  }

  envWith(key: string, variables: () => ConstructorParameters<typeof CelEnvironment>[0] | null): CelEnvironment | null {
    return this.cached(key, () => {
      const v = variables();
      return v ? new CelEnvironment(v) : null;
    });
  }

  private cached(key: string, make: () => CelEnvironment | null): CelEnvironment | null {
    if (!this.envs.has(key)) {
      try {
        this.envs.set(key, make());
      } catch {
        this.envs.set(key, null);
      }
    }
    return this.envs.get(key)!;
  }

  /** Parameter names an expression reads as param.<name> (or param['name']). */
  paramReferences(env: CelEnvironment, expression: string): string[] {
    try {
      return [...new Set(env.references(expression).filter((c) => c[0] === 'param' && c.length >= 2).map((c) => c[1]))];
    } catch {
      return [];
    }
  }

  /** Parameters a fact needs, its own and those of the derived facts it reads. */
  paramsNeededBy(kind: SubjectKind, name: string, seen = new Set<string>()): Set<string> {
    const key = `${kind}|${name}`;
    const cached = this.paramsOfFact.get(key);
    if (cached) return cached;
    const out = new Set<string>();
    const fact = this.doc.facts.find((f) => f.subject === kind && f.name === name);
    const env = this.env(kind);
    if (fact && env && !seen.has(key) && env.check(fact.cel).ok) {
      seen.add(key);
      for (const p of this.paramReferences(env, fact.cel)) out.add(p);
      const namespaces = new Set(Object.keys(subjectVariables(this.doc, this.catalogue, kind)).filter((n) => !RESERVED_NAMESPACES.includes(n)));
      for (const dep of factReferences(env, fact.cel, namespaces, (n) => this.catalogue.has(kind, n))) {
        for (const p of this.paramsNeededBy(kind, dep, seen)) out.add(p);
      }
    }
    const aggregate = this.doc.aggregates.find((a) => a.subject === kind && a.name === name);
    const member = aggregate ? this.memberEnv(aggregate.over) : null;
    if (aggregate && member) {
      for (const text of [aggregate.where, aggregate.sum]) if (text && member.check(text).ok) for (const p of this.paramReferences(member, text)) out.add(p);
    }
    this.paramsOfFact.set(key, out);
    return out;
  }

  fact(kind: SubjectKind, name: string): FactInfo | undefined {
    return this.catalogue.get(kind, name);
  }

  /**
   * A message's problems: its syntax and every fact or parameter it names, against the subject's
   * catalogue (`paramsOnly` for requirements, which are worded once per rule set).
   */
  messageProblems(template: string, kind: SubjectKind, at: string, paramsOnly = false): Problem[] {
    const suffix = paramsOnly ? '（要求只能引用参数 param.*）' : '';
    if (this.doc.messageSyntax === 'handlebars') {
      const problem = checkTemplate(template, this.sampleContext(paramsOnly ? null : kind));
      return problem ? [{ pointer: at, message: `${problem}${problem.startsWith('模板引用') ? suffix : ''}` }] : [];
    }
    const syntax = placeholderSyntaxProblem(template);
    if (syntax) return [{ pointer: at, message: syntax }];
    const unknown = placeholders(template).find((n) => (paramsOnly ? !n.startsWith('param.') || !this.params.has(n.slice(6)) : !this.catalogue.has(kind, n)));
    return unknown ? [{ pointer: at, message: `模板引用了不存在的事实或参数“${unknown}”${suffix}` }] : [];
  }

  private sampleContext(kind: SubjectKind | null): Record<string, unknown> {
    const facts: Record<string, unknown> = {};
    if (kind) for (const f of this.catalogue.of(kind)) facts[f.name] = SAMPLE_VALUES[f.type];
    for (const p of this.doc.parameters) facts[`param.${p.name}`] = p.value;
    return nestFacts(facts);
  }

  /**
   * Format 1 documents are checked as upgraded; their tables' rows sit one level higher, and the
   * model they borrow is not theirs to fix, so problems there are reported where they show (a rule).
   */
  format1Pointers(problems: Problem[]): Problem[] {
    return problems
      .filter((p) => !/^\/(model|facts|aggregates|reports)(\/|$)/.test(p.pointer))
      .map((p) => ({ ...p, pointer: p.pointer.replace(/^\/tables\/([^/]+)\/rows\//, '/tables/$1/') }));
  }
}

import { Environment } from '@marcbachmann/cel-js';
import { CelType } from './cel-types';
import { CEL_FUNCTIONS, CelFunctionError } from './cel-functions';

/**
 * The only module that imports cel-js. It turns a rule set's declared variables into a CEL
 * environment (so an expression is type-checked against the notice's fields, tables and facts
 * before it is saved), compiles expressions once, converts plain JSON values into the typed
 * objects CEL reads and CEL's values (BigInt integers, its maps) back into JSON, and words every
 * error in Chinese with its position.
 */

/** Structural limits at parse time: an expression is a formula, not a program. */
export const CEL_LIMITS = { maxAstNodes: 400, maxDepth: 24, maxListElements: 200, maxMapEntries: 100, maxCallArguments: 8 };
export const CEL_MAX_LENGTH = 2000;

export interface CelProblem {
  message: string;
  /** 0-based character offset in the expression, when known. */
  position?: number;
}

export type CelCheck = { ok: true; type: string } | { ok: false; problem: CelProblem };

/** A compiled expression: evaluate it with a context built by CelEnvironment.context(). */
export type CelProgram = (context: Record<string, unknown>) => unknown;

/** An expression that could not be evaluated for one subject (a missing input, a failed lookup …). */
export class CelRuntimeError extends Error {}

interface RawCelError extends Error {
  range?: { start: number; end: number };
}

function quoted(text: string): string {
  return `“${text}”`;
}

/** cel-js's names of the tokens a parser expects or meets, as people see them. */
const TOKEN_WORDS: Record<string, string> = {
  RPAREN: '右括号“)”', LPAREN: '左括号“(”', RBRACKET: '“]”', LBRACKET: '“[”', RBRACE: '“}”', LBRACE: '“{”',
  COLON: '冒号“:”', COMMA: '逗号“,”', DOT: '“.”', QUESTION: '“?”', IDENTIFIER: '名称', NUMBER: '数字', STRING: '文字',
  PLUS: '“+”', MINUS: '“-”', MULTIPLY: '“*”', DIVIDE: '“/”', MODULO: '“%”', EOF: '结尾',
};
const tokenWord = (token: string) => TOKEN_WORDS[token] ?? token;

/** cel-js's English messages, in words a policy officer understands. */
export function describeCelError(err: unknown, stage: 'check' | 'run'): CelProblem {
  const raw = err as RawCelError;
  const text = String(raw?.message ?? err).split('\n')[0];
  const position = raw?.range?.start;
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^Unknown variable: (.+)$/, (m) => `未知的名称${quoted(m[1])}`],
    [/^No such key: (.+)$/, (m) => (stage === 'run' ? `${quoted(m[1])}未填写或不存在` : `没有名为${quoted(m[1])}的字段或事实`)],
    [/^found no matching overload for '(.+)'$/, (m) => `没有这样的函数，或参数类型不对：${m[1]}`],
    [/^no such overload: (.+)$/, (m) => `这些值不能这样运算：${m[1]}（例如文字不能与数字相加）`],
    [/^Ternary branches must have the same type, got '(.+)' and '(.+)'$/, (m) => `条件表达式（? :）两个分支的类型应相同，现为 ${m[1]} 和 ${m[2]}`],
    [/^Exceeded maxDepth/, () => `表达式嵌套过深（最多 ${CEL_LIMITS.maxDepth} 层）`],
    [/^Exceeded maxAstNodes/, () => '表达式过长或过于复杂，请拆成几个派生事实'],
    [/^Exceeded max(ListElements|MapEntries|CallArguments)/, () => '列表、映射或函数参数过多'],
    [/^Unexpected token: EOF$/, () => '表达式不完整（结尾缺少内容，例如括号未闭合）'],
    [/^Expected (\w+), got EOF$/, (m) => `表达式不完整：缺少${tokenWord(m[1])}`],
    [/^Expected (\w+), got (\w+)$/, (m) => `此处应为${tokenWord(m[1])}，却是${tokenWord(m[2])}`],
    [/^Reserved identifier: (.+)$/, (m) => `“${m[1]}”是保留字，不能用作名称（“如果…就…否则…”请写成 条件 ? 值1 : 值2）`],
    [/^Unexpected (token|character): (.+)$/, (m) => `此处不应出现 ${tokenWord(m[2])}`],
    [/^Unterminated string/, () => '文字缺少结尾的引号'],
    [/^division by zero$/, () => '除数为零'],
    [/^(.+)\(\) type error: (.+)$/, (m) => `${m[1]}() 无法转换该值`],
  ];
  for (const [pattern, word] of rules) {
    const m = pattern.exec(text);
    if (m) return { message: word(m), position };
  }
  if (err instanceof CelFunctionError) return { message: err.message, position };
  return { message: `表达式有误：${text}`, position };
}

function celTypeName(type: CelType): string {
  switch (type.kind) {
    case 'string': return 'string';
    case 'bool': return 'bool';
    case 'number':
    case 'dyn': return 'dyn';
    case 'list': return `list<${celTypeName(type.of)}>`;
    case 'object': return type.name;
    case 'map': return 'map<string, dyn>';
  }
}

type ObjectClass = new (values: Record<string, unknown>) => object;

const MIXED_OPERATORS: [string, (a: number, b: number) => number][] = [
  ['+', (a, b) => a + b],
  ['-', (a, b) => a - b],
  ['*', (a, b) => a * b],
  ['/', (a, b) => a / b],
];

/** A CEL environment for one set of declared variables (one rule set and subject kind). */
export class CelEnvironment {
  private readonly env: Environment;
  private readonly classes = new Map<string, ObjectClass>();
  private readonly programs = new Map<string, CelProgram>();

  constructor(readonly variables: Record<string, CelType>) {
    this.env = new Environment({ homogeneousAggregateLiterals: false, limits: CEL_LIMITS });
    // A whole number (a literal, size()) meets a JSON number (double): mix them as arithmetic does.
    for (const [op, fn] of MIXED_OPERATORS) {
      this.env.registerOperator(`int ${op} double`, (a: bigint, b: number) => fn(Number(a), b));
      this.env.registerOperator(`double ${op} int`, (a: number, b: bigint) => fn(a, Number(b)));
    }
    for (const f of CEL_FUNCTIONS) this.env.registerFunction(f.signature, f.handler as never);
    for (const type of Object.values(variables)) this.registerTypes(type);
    for (const [name, type] of Object.entries(variables)) this.env.registerVariable(name, celTypeName(type));
  }

  private registerTypes(type: CelType): void {
    if (type.kind === 'list') return this.registerTypes(type.of);
    if (type.kind !== 'object' || this.classes.has(type.name)) return;
    for (const field of Object.values(type.fields)) this.registerTypes(field);
    // A class per declared object: CEL reads only its declared fields, never a prototype's.
    const cls = class {
      constructor(values: Record<string, unknown>) {
        Object.assign(this, values);
      }
    };
    Object.defineProperty(cls, 'name', { value: type.name });
    this.classes.set(type.name, cls);
    const fields = Object.fromEntries(Object.entries(type.fields).map(([k, t]) => [k, celTypeName(t)]));
    this.env.registerType(type.name, { ctor: cls, fields } as never);
  }

  /** Parses and type-checks an expression; never throws. */
  check(expression: string): CelCheck {
    if (expression.length > CEL_MAX_LENGTH) return { ok: false, problem: { message: `表达式过长（最多 ${CEL_MAX_LENGTH} 个字符）` } };
    try {
      const result = this.env.check(expression) as { valid: boolean; type?: string; error?: unknown };
      if (result.valid) return { ok: true, type: String(result.type) };
      return { ok: false, problem: describeCelError(result.error, 'check') };
    } catch (err) {
      return { ok: false, problem: describeCelError(err, 'check') };
    }
  }

  /** The member paths an expression reads, from its identifiers: "input.funding.provincial" → ['input','funding','provincial']. */
  references(expression: string): string[][] {
    const chains: string[][] = [];
    walkReferences((this.env.parse(expression) as unknown as { ast: AstNode }).ast, chains);
    return chains;
  }

  /** Compiles once per expression; throws the check's problem for an invalid one. */
  compile(expression: string): CelProgram {
    let program = this.programs.get(expression);
    if (!program) {
      const checked = this.check(expression);
      if (!checked.ok) throw new CelRuntimeError(checked.problem.message);
      const parsed = this.env.parse(expression) as unknown as (ctx: Record<string, unknown>) => unknown;
      program = (context) => {
        try {
          return parsed(context);
        } catch (err) {
          throw new CelRuntimeError(describeCelError(err, 'run').message);
        }
      };
      this.programs.set(expression, program);
    }
    return program;
  }

  /**
   * A plain JSON value as a variable of `type`: declared fields only, nulls left out (has() is
   * false), nested objects always present (has(input.funding.provincial) never fails on a missing
   * funding) and lists empty rather than absent (size(input.counties) is 0).
   */
  toCel(type: CelType, value: unknown, emptyLists = true): unknown {
    if (value === null || value === undefined) return undefined;
    switch (type.kind) {
      case 'string': return typeof value === 'string' ? value : undefined;
      case 'bool': return typeof value === 'boolean' ? value : undefined;
      case 'number': return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
      case 'dyn':
      case 'map': return value;
      // Array.from: a list made in this realm, whatever realm the JSON came from (structuredClone).
      case 'list': return Array.isArray(value) ? Array.from(value, (v) => this.toCel(type.of, v, emptyLists)).filter((v) => v !== undefined) : undefined;
      case 'object': {
        if (typeof value !== 'object' || Array.isArray(value)) return undefined;
        const values: Record<string, unknown> = {};
        for (const [key, fieldType] of Object.entries(type.fields)) {
          const raw = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
          const converted = this.toCel(fieldType, raw, emptyLists);
          if (converted !== undefined) values[key] = converted;
          else if (fieldType.kind === 'object') values[key] = this.toCel(fieldType, {}, emptyLists);
          else if (fieldType.kind === 'list' && emptyLists) values[key] = [];
        }
        return new (this.classes.get(type.name)!)(values);
      }
    }
  }

  /** An empty object of a declared type, to be filled in as facts are computed (a list fact stays absent until known). */
  emptyObject(type: CelType & { kind: 'object' }): Record<string, unknown> {
    return this.toCel(type, {}, false) as Record<string, unknown>;
  }
}

/** CEL's value as JSON: BigInt integers become numbers, maps and typed objects plain objects. */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return value ?? null;
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), fromCel(v)]));
  if (value instanceof Uint8Array || value instanceof Date) return null;
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromCel(v)]));
  }
  return null;
}

interface AstNode {
  op: string;
  args: unknown;
}

function isNode(value: unknown): value is AstNode {
  return value !== null && typeof value === 'object' && 'op' in value && 'args' in value;
}

/** The chain of an access expression (a.b.c) when it starts at an identifier; null otherwise. */
function chainOf(node: AstNode): string[] | null {
  if (node.op === 'id') return [String(node.args)];
  if (node.op === '.' || node.op === '.?') {
    const [target, key] = node.args as [AstNode, string];
    const base = isNode(target) ? chainOf(target) : null;
    return base ? [...base, key] : null;
  }
  return null;
}

function walkReferences(node: unknown, out: string[][]): void {
  if (Array.isArray(node)) {
    for (const child of node) walkReferences(child, out);
    return;
  }
  if (!isNode(node)) return;
  const chain = chainOf(node);
  if (chain) {
    out.push(chain);
    return;
  }
  walkReferences(node.args, out);
}

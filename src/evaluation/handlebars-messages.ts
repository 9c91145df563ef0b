import Handlebars from 'handlebars';
import { formatChineseDate } from '../common/dates';
import { formatWan } from '../common/money';
import { Facts } from './fact-catalogue';

/**
 * Messages of format 1 rule sets (published before format 2, still evaluated and printed as
 * issued) are Handlebars templates, e.g. "申请省级资金{{wan funding.provincial}}". They render to
 * plain text (escaping happens where the text is placed into a report page), in strict mode so
 * that a misspelt fact is an error when the rule set is saved rather than an empty gap.
 */
const hbs = Handlebars.create();

hbs.registerHelper('wan', (yuan: unknown) => formatWan(typeof yuan === 'number' ? yuan : null));
hbs.registerHelper('date', (d: unknown) => formatChineseDate(typeof d === 'string' ? d : null));
hbs.registerHelper('join', (list: unknown) => (Array.isArray(list) && list.length > 0 ? list.join('、') : '无'));
hbs.registerHelper('count', (list: unknown) => (Array.isArray(list) ? list.length : 0));
hbs.registerHelper('orNone', (v: unknown) => (v === null || v === undefined || v === '' ? '未填写' : String(v)));
hbs.registerHelper('yesNo', (v: unknown) => (v === true ? '是' : v === false ? '否' : '未填写'));

export const MESSAGE_HELPERS = ['wan', 'date', 'join', 'count', 'orNone', 'yesNo'];

/** Blocks a message may use besides the helpers above: choosing between two wordings. */
export const MESSAGE_BLOCKS = ['if', 'unless'];

/** Handlebars' own helpers, known to every compiler unless switched off. */
const BUILT_IN_HELPERS = ['helperMissing', 'blockHelperMissing', 'each', 'if', 'unless', 'with', 'log', 'lookup'];

const cache = new Map<string, HandlebarsTemplateDelegate>();

function compiled(template: string): HandlebarsTemplateDelegate {
  let fn = cache.get(template);
  if (!fn) {
    // knownHelpersOnly still admits the built-in helpers: those a message has no use for are switched off.
    const knownHelpers = { ...Object.fromEntries(MESSAGE_HELPERS.map((h) => [h, true])), each: false, with: false, log: false, lookup: false };
    fn = hbs.compile(template, { noEscape: true, strict: true, knownHelpers, knownHelpersOnly: true });
    cache.set(template, fn);
  }
  return fn;
}

const isGroup = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Nested view of flat facts ({"funding.provincial": 1} → {funding: {provincial: 1}}) for templates,
 * on top of `base` (the parameters, nested once per rule set). Where a name is both a value and a
 * group (the input "predecessor" and the fact "predecessor.name"), the group wins: format 1
 * templates only ever named the facts of its catalogue.
 */
export function nestFacts(facts: Facts, base: Record<string, unknown> = {}): Record<string, unknown> {
  const root: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(facts)) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      if (!isGroup(node[part])) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    if (!isGroup(node[last])) node[last] = value;
  }
  return root;
}

export function renderMessage(template: string, context: Record<string, unknown>): string {
  return compiled(template)(context);
}

/** The parts of Handlebars AST nodes the walk below reads. */
interface Node {
  type: string;
  body?: Node[];
  params?: Node[];
  hash?: { pairs: { value: Node }[] };
  path?: Node & { original?: string };
  program?: Node | null;
  inverse?: Node | null;
}

const ALLOWED = `${MESSAGE_HELPERS.join('、')} 和 #if、#unless 块`;

/**
 * The first construct a message may not use: partials, decorators, and every helper or block but
 * the documented ones — Handlebars' own log, lookup, each and with included, which knownHelpersOnly
 * lets through (a partial block even renders its default text without any error).
 */
function forbiddenConstruct(node: Node | undefined | null): string | null {
  if (!node) return null;
  if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') return `模板不能使用局部模板（{{> …}}），只能使用 ${ALLOWED}`;
  if (node.type === 'Decorator' || node.type === 'DecoratorBlock') return `模板不能使用装饰器（{{* …}}），只能使用 ${ALLOWED}`;
  const args = [...(node.params ?? []), ...(node.hash?.pairs ?? []).map((p) => p.value)];
  if (node.path && ['MustacheStatement', 'SubExpression', 'BlockStatement'].includes(node.type)) {
    const name = String(node.path.original);
    const allowed =
      node.type === 'BlockStatement' ? MESSAGE_BLOCKS.includes(name)
        : args.length > 0 || node.path.type !== 'PathExpression' ? MESSAGE_HELPERS.includes(name)
          : !BUILT_IN_HELPERS.includes(name); // a bare {{fact.name}}
    if (!allowed) return `模板不能使用“${node.type === 'BlockStatement' ? '#' : ''}${name}”，只能使用 ${ALLOWED}`;
  }
  for (const child of [...(node.body ?? []), ...args, node.program, node.inverse]) {
    const problem = forbiddenConstruct(child);
    if (problem) return problem;
  }
  return null;
}

/**
 * Every fact or parameter path a template reads. Strict mode only checks bare {{path}} lookups,
 * not helper arguments such as {{wan funding.provincal}} or {{#if …}}, so those are walked here.
 */
function templatePaths(node: Node | undefined | null, out: string[]): void {
  if (!node) return;
  if (node.type === 'PathExpression') {
    const path = node as unknown as hbs.AST.PathExpression;
    if (!path.data && path.parts.length > 0) out.push(path.original);
    return;
  }
  for (const statement of node.body ?? []) templatePaths(statement, out);
  const args = [...(node.params ?? []), ...(node.hash?.pairs ?? []).map((p) => p.value)];
  for (const arg of args) templatePaths(arg, out);
  if (node.path && args.length === 0 && node.type !== 'BlockStatement') templatePaths(node.path, out);
  // each/with change the context: paths inside are relative to the item, not to the facts.
  const helper = node.path?.original;
  if (helper !== 'each' && helper !== 'with') {
    templatePaths(node.program, out);
    templatePaths(node.inverse, out);
  }
}

function resolves(context: Record<string, unknown>, path: string): boolean {
  let node: unknown = context;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

/** Every fact or parameter path a template reads. */
export function handlebarsReferences(template: string): string[] {
  const paths: string[] = [];
  try {
    templatePaths(hbs.parse(template) as unknown as Node, paths);
  } catch {
    return [];
  }
  return paths.filter((p) => !MESSAGE_HELPERS.includes(p));
}

/** Compiles and renders a template against sample facts; returns the problem or null. */
export function checkTemplate(template: string, context: Record<string, unknown>): string | null {
  try {
    const ast = hbs.parse(template) as unknown as Node;
    const forbidden = forbiddenConstruct(ast);
    if (forbidden) return forbidden;
    const paths: string[] = [];
    templatePaths(ast, paths);
    const missing = paths.find((p) => !MESSAGE_HELPERS.includes(p) && !resolves(context, p));
    if (missing) return `模板引用了不存在的事实或参数“${missing}”`;
    renderMessage(template, context);
    return null;
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    const missing = /"(.+)" not defined in/.exec(msg);
    if (missing) return `模板引用了不存在的事实或参数“${missing[1]}”`;
    return `模板无效：${msg}`;
  }
}

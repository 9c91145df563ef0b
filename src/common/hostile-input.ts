import { Problem } from './errors';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_DEPTH = 40;

/**
 * Finds keys that could reach object prototypes, and nesting deep enough to be an attack rather
 * than a document. Walks iteratively so a hostile document cannot overflow the stack.
 */
export function hostileInputProblems(value: unknown, maxDepth = MAX_DEPTH): Problem[] {
  const problems: Problem[] = [];
  const stack: { node: unknown; at: string; depth: number }[] = [{ node: value, at: '', depth: 0 }];
  while (stack.length > 0 && problems.length < 20) {
    const { node, at, depth } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (depth > maxDepth) {
      problems.push({ pointer: at || '/', message: `嵌套层级超过 ${maxDepth} 层，已拒绝` });
      continue;
    }
    for (const key of Object.keys(node)) {
      const here = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (FORBIDDEN_KEYS.has(key)) {
        problems.push({ pointer: here, message: `不允许使用字段名“${key}”` });
        continue;
      }
      stack.push({ node: (node as Record<string, unknown>)[key], at: here, depth: depth + 1 });
    }
  }
  return problems;
}

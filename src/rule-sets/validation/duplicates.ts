import { Problem } from '../../common/errors';

/** A problem for each item whose key an earlier item already has. */
export function duplicates<T>(items: T[], key: (t: T) => string, at: (i: number) => string, what: string): Problem[] {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) problems.push({ pointer: at(i), message: `${what}“${k}”重复（与第 ${seen.get(k)! + 1} 项相同）` });
    else seen.set(k, i);
  });
  return problems;
}

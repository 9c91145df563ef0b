/**
 * Messages and requirements of format 2: plain text with placeholders that name a fact or a
 * parameter, "申请省级资金{{funding.provincial}}，超过上限{{param.cap}}". A placeholder is
 * worded by its fact's type (万元, 年月日, 、-joined lists, 未填写), so a policy officer picks a fact
 * and never writes a formatting function; the pages show placeholders as 「省级资金（万元）」.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;

/** The fact and parameter names a message reads, in order of appearance. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** What is wrong with a message's syntax (braces that are no placeholder), or null. */
export function placeholderSyntaxProblem(template: string): string | null {
  const rest = template.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    const bad = /\{\{[^}]*\}?\}?/.exec(rest)?.[0] ?? '{{';
    return `占位符“${bad}”无效：占位符应为 {{事实名}}，如 {{funding.provincial}}，不支持条件或函数`;
  }
  return null;
}

export function renderText(template: string, word: (name: string) => string): string {
  return template.replace(PLACEHOLDER, (_, name: string) => word(name));
}

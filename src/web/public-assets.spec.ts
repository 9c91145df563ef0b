import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { formatWan, parseWan } from '../common/money';
import { PUBLIC_DIR } from './web.controller';
import { PAGES, renderShell } from './web-pages';

const JS_DIR = path.join(PUBLIC_DIR, 'assets', 'js');

function scripts(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? scripts(path.join(dir, e.name)) : e.name.endsWith('.js') ? [path.join(dir, e.name)] : []));
}

/** The browser's money module, loaded without a bundler: its exports become a plain object. */
function browserMoney(): { parseWan(v: unknown): number | null; formatWan(v: unknown): string; wanNumber(v: unknown): string; wanProblem(v: unknown): string | null } {
  const source = fs.readFileSync(path.join(JS_DIR, 'money.js'), 'utf8').replace(/^export /gm, '');
  return new Function(`${source}; return { parseWan, formatWan, wanNumber, wanProblem };`)();
}

describe('web assets', () => {
  it('every page module parses as an ES module (a syntax error would blank a page)', () => {
    for (const file of scripts(JS_DIR)) {
      // TypeScript's parser, in-process: a JS module with a syntax error yields a diagnostic.
      const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), { fileName: file, reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, allowJs: true } });
      const problems = (out.diagnostics ?? []).map((d) => `${path.relative(JS_DIR, file)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(problems).toEqual([]);
    }
  });

  it('every page route has its HTML shell, which loads only local assets', () => {
    for (const page of Object.values(PAGES)) {
      const html = renderShell(page, PUBLIC_DIR);
      expect(html).toContain(`<title>${page.title} · `);
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      const script = /src="\/assets\/js\/pages\/([\w-]+\.js)"/.exec(html)![1];
      expect(fs.existsSync(path.join(JS_DIR, 'pages', script))).toBe(true);
    }
  });

  it('converts 万元 exactly as the server does', () => {
    const money = browserMoney();
    for (const text of ['25', '25.5', '0.0001', '30.1234', '30.12345', '-1', '1e3', '', '25万元', '25万', '1,000', 'abc', '0', '12.', '.5']) {
      expect(money.parseWan(text)).toBe(parseWan(text));
    }
    for (const yuan of [0, 1, 250000, 255000, 300001, 3500005000, 123456789]) {
      expect(money.formatWan(yuan)).toBe(formatWan(yuan));
      expect(money.parseWan(money.wanNumber(yuan))).toBe(yuan);
    }
    expect(money.wanProblem('30.123456')).toContain('最多保留4位小数');
    expect(money.wanProblem('-5')).toBe('金额不能为负数');
    expect(money.wanProblem('30')).toBeNull();
  });
});

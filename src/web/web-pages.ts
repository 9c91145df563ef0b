import fs from 'node:fs';
import path from 'node:path';

export interface PageShell {
  /** Shown in the browser tab before the site name. */
  title: string;
  /** The page's module under /assets/js/pages/. */
  script: string;
}

/**
 * Page routes → the title and script of the shell each one serves. Pages hold no data: every
 * figure is fetched from the API by the page's script, so the API's guard stays the only gate in
 * front of the data. All pages share one shell (public/shell.html).
 */
export const PAGES: Record<string, PageShell> = {
  '': { title: '首页', script: 'home.js' },
  projects: { title: '项目', script: 'projects.js' },
  'projects/new': { title: '项目推荐表', script: 'project.js' },
  'projects/:id': { title: '项目推荐表', script: 'project.js' },
  regions: { title: '市州进度', script: 'regions.js' },
  'regions/:region': { title: '市州进度填报', script: 'region.js' },
  'rule-sets': { title: '规则集', script: 'rule-sets.js' },
  'rule-sets/:id': { title: '规则集版本', script: 'rule-set.js' },
  'rule-sets/:id/draft': { title: '规则集草稿', script: 'draft.js' },
  batches: { title: '批量打印', script: 'batches.js' },
  audit: { title: '审计日志', script: 'audit.js' },
};

let shell: string | undefined;

/** The HTML of one page: the shared shell with the page's title and script filled in (our constants, not user data). */
export function renderShell(page: PageShell, publicDir: string): string {
  shell ??= fs.readFileSync(path.join(publicDir, 'shell.html'), 'utf8');
  return shell.replace('{{title}}', page.title).replace('{{script}}', page.script);
}

/**
 * The pages' own Content-Security-Policy: stricter than helmet's default on the API (no inline
 * styles, no fonts or stylesheets from elsewhere), and, like it (src/app.factory.ts), without
 * upgrade-insecure-requests: the office network serves plain http.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
].join(';');

/**
 * Page routes → the HTML shell each one serves. Pages hold no data: every figure is fetched from
 * the API by the page's script, so the API's guard stays the only gate in front of the data.
 */
export const PAGES: Record<string, string> = {
  '': 'index.html',
  projects: 'projects.html',
  'projects/new': 'project.html',
  'projects/:id': 'project.html',
  regions: 'regions.html',
  'regions/:region': 'region.html',
  'rule-sets': 'rule-sets.html',
  'rule-sets/:id': 'rule-set.html',
  'rule-sets/:id/draft': 'draft.html',
  audit: 'audit.html',
};

/**
 * The pages' own Content-Security-Policy. Same as the API's, minus upgrade-insecure-requests: the
 * service is reached over plain http on the office network, and that directive would make the
 * browser fetch every script and stylesheet over https, which nothing answers.
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

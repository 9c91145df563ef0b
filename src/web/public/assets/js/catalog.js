// The active rule set of a year, for the choices a form offers (regions, categories, industries,
// 五个一 items) — read from the rule set, never hard-coded, so next year's tables need no code.
import { get, seg } from './api.js';

const cache = new Map();

/** The active rule-set document of `year` (cached per page load). */
export function ruleSetForYear(year) {
  if (!cache.has(year)) {
    cache.set(year, (async () => {
      const sets = await get('/api/rule-sets');
      const set = sets.find((s) => s.year === year && s.activeVersion !== null);
      if (!set) throw new Error(`没有 ${year} 年度的有效规则集，请先在“规则集”页面导入或发布`);
      const summary = await get(`/api/rule-sets/${seg(set.id)}`);
      return summary.document;
    })());
    cache.get(year).catch(() => cache.delete(year));
  }
  return cache.get(year);
}

export function categoryLabel(doc, id) {
  return doc?.tables.categories.find((c) => c.id === id)?.label ?? id;
}

export function industryLabel(doc, id) {
  return doc?.tables.industries.find((c) => c.id === id)?.label ?? id ?? '';
}

// The active rule set of a year and lookups over its tables (regions, categories and whatever
// tables its fields choose from). Pages read every choice and label from here, never from code,
// so next year's tables and fields need no change to the pages.
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

/** The years that have an active rule set, newest first. */
export async function activeYears() {
  const sets = await get('/api/rule-sets');
  return [...new Set(sets.filter((s) => s.activeVersion !== null).map((s) => s.year))].sort((a, b) => b - a);
}

/** A value at a dotted path ("contact.phone"); undefined when absent. */
export function valueAt(obj, key) {
  return key.split('.').reduce((o, k) => (o === null || o === undefined || typeof o !== 'object' ? undefined : o[k]), obj);
}

export function tableRows(doc, name) {
  return doc?.tables?.[name]?.rows ?? [];
}

/** The value a choice field stores for a row: its table's key column. */
export function rowKey(doc, name, row) {
  const table = doc?.tables?.[name];
  return table ? String(valueAt(row, table.key)) : '';
}

/** What people read for a row: the display column, else `label`, else the key. */
export function rowLabel(doc, name, row) {
  const table = doc?.tables?.[name];
  if (!table) return '';
  const column = table.display ?? (table.columns.some((c) => c.key === 'label') ? 'label' : table.key);
  return String(valueAt(row, column) ?? valueAt(row, table.key) ?? '');
}

/** [key, label] pairs of a table, in the table's order. */
export function choices(doc, name) {
  return tableRows(doc, name).map((row) => [rowKey(doc, name, row), rowLabel(doc, name, row)]);
}

/** The label of the row whose key is `key`, or the key itself when the table has no such row. */
export function choiceLabel(doc, name, key) {
  const row = tableRows(doc, name).find((r) => rowKey(doc, name, r) === String(key));
  return row ? rowLabel(doc, name, row) : key ?? '';
}

/** Regions are identity: short name stored, full name shown. */
export function regionChoices(doc) {
  return tableRows(doc, 'regions').map((r) => [r.name, r.fullName ?? r.name]);
}

export function categoryLabel(doc, id) {
  return choiceLabel(doc, 'categories', id);
}

// What a derived fact is previewed against: a stored project or region record (of the draft's
// year, else the year before — a new year's draft often has none yet), the province of a year,
// or a subject of the draft's fixture tests. Options carry the body the preview request needs.
import { get } from '../api.js';
import { h } from '../dom.js';

async function stored(kind, year) {
  if (kind === 'project') {
    const list = await get(`/api/projects?year=${year}`);
    return list.map((p) => [{ projectId: p.id }, `项目：${p.name}（${p.region}，${p.year}年度）`]);
  }
  if (kind === 'region') {
    const list = await get(`/api/regions/progress?year=${year}`);
    return list.map((r) => [{ region: { name: r.region, year: r.year } }, `市州进度：${r.region}（${r.year}年度）`]);
  }
  const list = await get(`/api/regions/progress?year=${year}`);
  return list.length ? [[{ year }, `全省 ${year} 年度（${list.length} 个市州已填报）`]] : [];
}

function fixtures(doc, kind) {
  const out = [];
  for (const t of doc.tests ?? []) {
    if (kind === 'province') {
      if (t.regions?.length) out.push([{ fixture: { test: t.name, index: 0 } }, `测试「${t.name}」：全省`]);
      continue;
    }
    const list = (kind === 'project' ? t.projects : t.regions) ?? [];
    list.forEach((s, index) => out.push([{ fixture: { test: t.name, index } }, `测试「${t.name}」：${kind === 'project' ? s.name ?? s.id ?? `第 ${index + 1} 个项目` : s.region}`]));
  }
  return out;
}

/**
 * A <select> of preview subjects for `kind`, filled when the stored records arrive. Its
 * `source()` is the request's part naming the subject, or null for 不预览.
 */
export function previewSourceSelect(doc, kind, attrs = {}) {
  const options = new Map();
  const el = h('select', attrs, h('option', { value: '' }, '正在载入…'));
  const fill = (list) => {
    el.replaceChildren(h('option', { value: '' }, '（不预览）'));
    list.forEach(([body, label], i) => {
      options.set(String(i), body);
      el.append(h('option', { value: String(i) }, label));
    });
    if (list.length) el.value = '0';
    el.dispatchEvent(new Event('change'));
  };
  (async () => {
    let list = [];
    for (const year of [doc.year, doc.year - 1]) {
      list = await stored(kind, year).catch(() => []);
      if (list.length) break;
    }
    fill([...list, ...fixtures(doc, kind)]);
  })();
  el.source = () => options.get(el.value) ?? null;
  return el;
}

// The project form: a project's identity (年度, 市州, 项目名称, 项目类别 — the only fields the code
// knows), then the fields the year's rule set declares in model.project, section by section.
import { choices, regionChoices } from './catalog.js';
import { fieldControl } from './form-fields.js';
import { subjectForm } from './subject-form.js';

/** The identity entries; they are required whatever the stage, and the API refuses them empty. */
function identityEntries(project, doc, years, ctx) {
  const required = (entry, label) => {
    const read = entry.read;
    entry.read = () => {
      const r = read();
      return !r.problem && (r.value === null || r.value === '') ? { problem: `请填写${label}` } : r;
    };
    return entry;
  };
  const year = fieldControl({ key: 'year', label: '年度', type: 'choice', options: years.map((y) => [String(y), `${y}年度`]) }, String(project.year ?? ''), ctx);
  const readYear = year.read;
  year.read = () => {
    const r = readYear();
    return r.problem || r.value === null ? r : { value: Number(r.value) };
  };
  return [
    required(year, '年度'),
    required(fieldControl({ key: 'region', label: '市州', type: 'choice', options: regionChoices(doc) }, project.region, ctx), '市州'),
    required(fieldControl({ key: 'name', label: '项目名称', type: 'text', maxLength: 200, wide: true }, project.name, ctx), '项目名称'),
    required(fieldControl({ key: 'category', label: '项目类别', type: 'choice', options: choices(doc, 'categories') }, project.category, ctx), '项目类别'),
  ];
}

/**
 * The whole form for `project` (the stored body, or defaults for a new one) under the rule set
 * `doc` of its year. Returns subjectForm's handle ({ element, collect, markRequired, … }).
 */
export function projectForm(project, doc, years, { onChange, readOnly } = {}) {
  const ctx = { doc };
  const identity = identityEntries(project, doc, years, ctx);
  return subjectForm({ doc, kind: 'project', record: project, identity, onChange, readOnly });
}

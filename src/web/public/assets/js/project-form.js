// The project form, laid out like Annex 2 (推荐表): 基本信息, 产业集群现状, the four text blocks
// and the region's opinion, then what the notice adds (funds, dates, 五个一, progress).
import { h } from './dom.js';
import { field } from './form-fields.js';

/** Field groups of the form; choices come from the year's rule set `doc`. */
function groups(doc, years) {
  const regions = doc.tables.regions.map((r) => [r.name, r.fullName ?? r.name]);
  const categories = doc.tables.categories.map((c) => [c.id, `${c.label}（${c.clause}）`]);
  const industries = doc.tables.industries.map((i) => [i.id, i.label]);
  return [
    ['基本信息', [
      { path: 'year', label: '年度', type: 'select', options: years.map((y) => [y, `${y}年度`]), required: true },
      { path: 'region', label: '市州', type: 'select', options: regions, required: true },
      { path: 'name', label: '项目名称', type: 'text', required: true, wide: true },
      { path: 'category', label: '项目类别', type: 'select', options: categories, required: true },
      { path: 'county', label: '县市区', type: 'text' },
      { path: 'predecessor', label: '2021年度项目', type: 'text', list: 'ratings2021', hint: '延续实施的项目填写附件1中的项目名称' },
      { path: 'leadingProduct', label: '主导产品', type: 'text' },
      { path: 'industry', label: '行业', type: 'select', options: industries },
      { path: 'contact.name', label: '联系人', type: 'text' },
      { path: 'contact.phone', label: '联系电话', type: 'text' },
    ]],
    ['产业集群现状', [
      { path: 'cluster.enterprises', label: '企业数量', type: 'int', unit: '家' },
      { path: 'cluster.aboveScaleEnterprises', label: '规上企业数', type: 'int', unit: '家' },
      { path: 'cluster.employees', label: '从业人数', type: 'int', unit: '人' },
      { path: 'cluster.profitTax2021', label: '2021年利税', type: 'amount' },
      { path: 'cluster.output2021', label: '2021年产值', type: 'amount' },
      { path: 'cluster.production2021', label: '2021年产量', type: 'text' },
      { path: 'cluster.nationalPosition', label: '全国行业地位', type: 'text', wide: true },
    ]],
    [null, [
      { path: 'mainProblems', label: '主要问题', type: 'textarea', wide: true },
      { path: 'serviceNeeds', label: '质量技术服务需求', type: 'textarea', wide: true },
      { path: 'supportingPolicies', label: '配套政策', type: 'textarea', wide: true },
      { path: 'regionOpinion', label: '市州局推荐意见', type: 'textarea', wide: true },
    ]],
    ['资金与报送', [
      { path: 'funding.provincial', label: '省级资金', type: 'amount', hint: '以万元填写，最多4位小数' },
      { path: 'funding.localMatching', label: '地方配套资金', type: 'amount', hint: '以万元填写，应不少于省级资金' },
      { path: 'funding.sourceSecured', label: '经费来源已落实', type: 'checkbox', wide: true },
      { path: 'submitted.recommendation', label: '推荐表报送日期', type: 'date' },
      { path: 'submitted.summary', label: '工作总结报送日期', type: 'date' },
    ]],
    ['项目进展', [
      { path: 'progress.trainings', label: '培训次数', type: 'int', unit: '次' },
      { path: 'progress.trainees', label: '培训人数', type: 'int', unit: '人' },
      { path: 'progress.enterprisesServed', label: '服务企业数', type: 'int', unit: '家' },
      { path: 'progress.problemsSolved', label: '解决问题数', type: 'int', unit: '个' },
      { path: 'progress.publicityItems', label: '宣传报道', type: 'int', unit: '篇' },
    ]],
  ];
}

/** Lays fields out two per row (four cells), a wide field taking a whole row. */
function rowsOf(title, specs, doc) {
  const fields = specs.map((s) => ({ ...field(s, doc), wide: s.wide }));
  const rows = [];
  let pending = null;
  for (const f of fields) {
    if (f.wide) {
      if (pending) rows.push([pending]);
      pending = null;
      rows.push([f]);
    } else if (pending) {
      rows.push([pending, f]);
      pending = null;
    } else pending = f;
  }
  if (pending) rows.push([pending]);
  return rows.map((pair, i) => h('tr', {},
    title && i === 0 ? h('th', { class: 'group', rowspan: rows.length, scope: 'rowgroup' }, title) : null,
    !title ? h('th', { class: 'group' }) : null,
    pair.map((f) => [h('th', { scope: 'row' }, f.label), h('td', { colspan: pair.length === 1 ? 3 : 1 }, f.control)])));
}

/** The whole form; `project` is the stored body (or defaults for a new one). */
export function projectForm(project, doc, years) {
  const deliverables = new Set(project.deliverables ?? []);
  const fiveOnes = h('fieldset', { class: 'checks', 'data-pointer': '/deliverables' },
    h('legend', { class: 'visually-hidden' }, '“五个一”完成情况'),
    doc.tables.fiveOnes.map((f, i) => h('label', {},
      h('input', { type: 'checkbox', name: 'deliverables', value: f.id, checked: deliverables.has(f.id), dataset: { pointer: `/deliverables/${i}` } }),
      ` ${f.label}`, f.assumption ? h('span', { class: 'hint' }, '（默认事项，待省局确认）') : null)));
  return h('table', { class: 'form-table' },
    h('caption', { class: 'visually-hidden' }, '示范项目推荐表'),
    h('tbody', {},
      groups(doc, years).map(([title, specs]) => rowsOf(title, specs, project)),
      h('tr', {}, h('th', { class: 'group', scope: 'rowgroup' }, '五个一'), h('th', { scope: 'row' }, '已完成事项'), h('td', { colspan: 3 }, fiveOnes))),
    h('datalist', { id: 'ratings2021' }, doc.tables.ratings2021.map((r) => h('option', { value: r.name }, `${r.no}. ${r.rating}`))));
}

/** The 五个一 ids ticked in the form. */
export function checkedDeliverables(root) {
  return [...root.querySelectorAll('input[name="deliverables"]:checked')].map((i) => i.value);
}

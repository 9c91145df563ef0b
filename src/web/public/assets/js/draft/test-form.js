// The form of one fixture test: its name and stage, its projects and region records (each a form
// generated from the model, with the outcome expected of each rule), and the outcomes expected of
// the province. read() gives the test exactly as the rule set stores it.
import { h, select } from '../dom.js';
import { STAGE } from '../labels.js';
import { expectationTable, KIND_LABEL, subjectCard } from './test-subject.js';

const STAGES = [['', '未指定（按申报审查）'], ['application', STAGE.application], ['acceptance', STAGE.acceptance]];

/** Subject ids a test's records give (project id, region name). */
/** Adding or removing a subject is an edit too (the page warns before losing it). */
const edited = (el) => el.dispatchEvent(new Event('change', { bubbles: true }));

const keyOf = (kind, record) => String(kind === 'project' ? record?.id ?? '' : record?.region ?? '');

export function testForm(doc, test) {
  const expect = test.expect ?? {};
  const name = h('input', { type: 'text', id: 'test-name', value: test.name ?? '', dataset: { pointer: '/name' } });
  const stage = select({ id: 'test-stage', dataset: { pointer: '/stage' } }, STAGES, test.stage ?? '');
  const lists = { project: h('div', { class: 'test-subjects', dataset: { pointer: '/projects' } }), region: h('div', { class: 'test-subjects', dataset: { pointer: '/regions' } }) };
  const add = (kind, record, open) => {
    const card = subjectCard(doc, kind, record, expect[keyOf(kind, record)] ?? {}, {
      open,
      onRemove: (el) => {
        if (!window.confirm(`确定从测试中删除这个${KIND_LABEL[kind]}吗？`)) return;
        el.remove();
        edited(lists[kind]);
      },
    });
    lists[kind].append(card);
    return card;
  };
  (test.projects ?? []).forEach((p) => add('project', p, false));
  (test.regions ?? []).forEach((r) => add('region', r, false));
  const province = expectationTable(doc, 'province', expect.province ?? {});
  // Expectations of subjects the test does not hold are kept (the test run names them).
  const subjectKeys = new Set([...(test.projects ?? []).map((p) => keyOf('project', p)), ...(test.regions ?? []).map((r) => keyOf('region', r)), 'province']);
  const orphans = Object.keys(expect).filter((k) => !subjectKeys.has(k));
  const addButton = (kind) => h('button', { type: 'button', class: 'btn', id: `add-test-${kind}`, onclick: () => {
    const card = add(kind, { year: doc.year }, true);
    edited(card);
    card.querySelector('input, select')?.focus();
  } }, `＋ 添加${KIND_LABEL[kind]}`);

  const el = h('div', { class: 'test-form' },
    h('div', { class: 'grid-2' },
      h('div', {}, h('label', { for: 'test-name', class: 'required' }, '测试名称（说明测的是什么）'), h('div', { class: 'field-anchor' }, name)),
      h('div', {}, h('label', { for: 'test-stage' }, '评估阶段（项目）'), h('div', { class: 'field-anchor' }, stage))),
    h('h4', {}, '项目'), lists.project, h('div', { class: 'actions' }, addButton('project')),
    h('h4', {}, '市州进度'), lists.region, h('div', { class: 'actions' }, addButton('region')),
    doc.rules.some((r) => r.subject === 'province') || expect.province
      ? h('details', { class: 'test-province' }, h('summary', {}, '全省汇总的预期结果（测试中有市州进度时评估）'), province.el)
      : null,
    orphans.length ? h('p', { class: 'hint' }, `另有对象 ${orphans.join('、')} 的预期结果不对应本测试中的项目或市州，原样保留。`) : null);

  function read() {
    const problems = [];
    const out = { name: name.value.trim() };
    if (!out.name) problems.push({ pointer: '/name', message: '请填写测试名称' });
    if (stage.value) out.stage = stage.value;
    const expectOut = {};
    const seen = new Map();
    for (const [kind, field] of [['project', 'projects'], ['region', 'regions']]) {
      const cards = [...lists[kind].children];
      if (!cards.length) continue;
      out[field] = cards.map((card, j) => {
        const r = card.read(`/${field}/${j}`);
        problems.push(...r.problems);
        if (r.key && seen.has(r.key)) problems.push({ pointer: `/${field}/${j}/${kind === 'project' ? 'id' : 'region'}`, message: `与${seen.get(r.key)}重复：预期结果按${kind === 'project' ? '项目编号' : '市州'}核对，不能重复` });
        if (r.key) seen.set(r.key, `${KIND_LABEL[kind]} ${j + 1}`);
        const outcomes = r.expect.read(`/expect/${r.key}`);
        if (r.key && Object.keys(outcomes).length) expectOut[r.key] = outcomes;
        return r.record;
      });
    }
    if (!out.projects && !out.regions) problems.push({ pointer: '/projects', message: '请至少添加一个项目或市州进度' });
    const provinceOutcomes = province.read('/expect/province');
    if (Object.keys(provinceOutcomes).length) expectOut.province = provinceOutcomes;
    for (const k of orphans) expectOut[k] = expect[k];
    out.expect = expectOut;
    return { test: out, problems };
  }
  return { el, read };
}

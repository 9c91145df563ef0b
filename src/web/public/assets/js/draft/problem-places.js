// Where a problem of the draft sits, in the officer's words: a refused write may point anywhere in
// the rule set (a rule that names a deleted category, a derived fact that reads a removed column),
// and "/rules/3/appliesTo/0" means nothing to someone who edits rules by title.
import { h } from '../dom.js';
import { SUBJECT } from '../labels.js';

const unescape = (s) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** 「规则「新项目省级资金上限」」 for "/rules/0/conditions/all/0"; '' when the pointer names nothing known. */
export function placeOf(doc, pointer) {
  const [top, a, b, c, d] = String(pointer ?? '').split('/').slice(1).map(unescape);
  switch (top) {
    case 'rules': return doc.rules?.[a] ? `规则「${doc.rules[a].title}」` : '规则';
    case 'facts': return doc.facts?.[a] ? `派生事实「${doc.facts[a].label}」` : '派生事实';
    case 'aggregates': return doc.aggregates?.[a] ? `汇总事实「${doc.aggregates[a].label}」` : '汇总事实';
    case 'parameters': return doc.parameters?.[a] ? `参数「${doc.parameters[a].label}」` : '参数';
    case 'model': {
      const field = b === 'fields' ? doc.model?.[a]?.fields?.[c] : null;
      return field ? `${SUBJECT[a] ?? a}字段「${field.label}」` : `${SUBJECT[a] ?? a}表单`;
    }
    case 'tables': {
      const table = doc.tables?.[a];
      if (!table) return '表格';
      if (b === 'rows' && table.rows?.[c]) return `表格「${table.label}」第 ${Number(c) + 1} 行${d ? `“${table.columns.find((col) => col.key.split('.')[0] === d)?.label ?? d}”` : ''}`;
      if (b === 'columns' && table.columns?.[c]) return `表格「${table.label}」的“${table.columns[c].label}”列`;
      return `表格「${table.label}」`;
    }
    case 'reports': return '报告版式';
    case 'tests': return doc.tests?.[a] ? `测试「${doc.tests[a].name}」` : '测试';
    default: return '';
  }
}

/** A list of problems, each led by the place it names. */
export function problemList(doc, details) {
  return h('ul', {}, details.map((d) => {
    const place = placeOf(doc, d.pointer);
    // 「规则「…」的条件引用它」 already names its place.
    return h('li', {}, place && !d.message.includes(place) ? `${place}：` : '', d.message);
  }));
}


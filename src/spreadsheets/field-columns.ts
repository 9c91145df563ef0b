import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { FieldDefinition, RequiredWhen } from '../rule-sets/rule-set.types';
import { ColumnKind, ColumnSpec } from './column-spec';

export const WAN_NOTE = '单位：万元，最多4位小数（精确到元），如 25 或 25.5';
export const DATE_NOTE = '日期，如 2022-03-25、2022/3/25 或 2022年3月25日';

const KINDS: Record<string, ColumnKind> = {
  text: 'text', integer: 'integer', number: 'number', amount: 'wan', date: 'date', boolean: 'boolean', choice: 'choice',
};

const WIDTHS: Partial<Record<ColumnKind, number>> = { integer: 10, number: 10, wan: 14, date: 14, boolean: 12, choice: 14, tick: 14 };

const STAGE_WORDS: Record<string, string> = { application: '申报审查', acceptance: '验收评价' };

/** "申报审查时必填（仅2022年度新项目）": when the rules require the field, for the header's note. */
function requiredNote(when: RequiredWhen | undefined, index: RuleSetIndex): string | null {
  if (!when) return null;
  if (when === true) return '必填';
  const stages = when.stages?.length ? `${when.stages.map((s) => STAGE_WORDS[s] ?? s).join('、')}时必填` : '必填';
  const categories = when.categories?.length ? `（仅${when.categories.map((c) => index.categoryLabel(c)).join('、')}）` : '';
  return stages + categories;
}

function note(...parts: (string | null | undefined)[]): string | undefined {
  const text = parts.filter(Boolean).join('；');
  return text || undefined;
}

/**
 * The columns of one declared field (not a list of rows, which gets its own sheet): one column
 * per field, in 万元 for amounts, and one 是/否 column per choice of a multi-choice field. The
 * field's label is the header; its aliases, and for a multi-choice "<alias>：<choice>", are
 * accepted too, so files laid out under an earlier label still import.
 */
export function fieldColumns(field: FieldDefinition, index: RuleSetIndex): ColumnSpec[] {
  const required = requiredNote(field.required, index);
  const marked = Boolean(field.required);
  if (field.type === 'multiChoice') {
    const table = index.table(field.table ?? '');
    if (!table) return [];
    return table.rows.map((row): ColumnSpec => {
      const key = String(row[table.key]);
      const label = index.rowLabel(field.table!, key);
      return {
        key: field.key, kind: 'tick', table: field.table, itemId: key, marked, width: WIDTHS.tick,
        header: `${field.label}：${label}`,
        aliases: [...(field.aliases ?? []).map((a) => `${a}：${label}`), label, key],
        note: note(field.help, '已完成填“是”', required),
      };
    });
  }
  const kind = KINDS[field.type];
  if (!kind) return [];
  const unit = field.type === 'amount' ? WAN_NOTE : field.type === 'date' ? DATE_NOTE : field.type === 'boolean' ? '是 / 否' : field.unit ? `单位：${field.unit}` : null;
  const spec: ColumnSpec = {
    key: field.key, kind, marked,
    header: field.type === 'amount' ? `${field.label}（万元）` : field.label,
    aliases: [...(field.aliases ?? [])],
    note: note(field.help, unit, required),
    width: WIDTHS[kind] ?? (field.multiline ? 30 : 16),
  };
  if (kind === 'choice') spec.table = field.table;
  if (field.min !== undefined) spec.min = field.min;
  if (field.max !== undefined) spec.max = field.max;
  return [spec];
}

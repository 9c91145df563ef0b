import { formatChineseDate, isCalendarDate } from '../common/dates';
import { formatWan } from '../common/money';
import { FactValueType } from './fact-catalogue';
import { roundHalfUp } from './cel/cel-functions';

export const NOT_FILLED = '未填写';

/**
 * A fact's value as a reader expects it, by its declared type: amounts in 万元, dates in Chinese,
 * lists joined with 、, yes/no in words, a choice by its label, and 未填写 for no value. Messages,
 * the scorecards and the pages all word values through this one function.
 */
export function formatValue(type: FactValueType | undefined, value: unknown, choiceLabel?: (key: string) => string): string {
  if (value === null || value === undefined || value === '') return NOT_FILLED;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) {
    if (value.length === 0) return '无';
    if (type === 'rows') return `${value.length} 行`;
    return value.map((v) => (type === 'multiChoice' && choiceLabel ? choiceLabel(String(v)) : String(v))).join('、');
  }
  if (typeof value === 'number') {
    if (type === 'amount') return formatWan(value);
    return String(roundHalfUp(value, 4));
  }
  if (typeof value === 'string') {
    if (type === 'choice' && choiceLabel) return choiceLabel(value);
    if (type === 'date' || (type === undefined && isCalendarDate(value))) return formatChineseDate(value);
    return value;
  }
  return String(value);
}

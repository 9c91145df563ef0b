import { isCalendarDate } from '../common/dates';
import { FactInfo, FactValueType } from '../evaluation/fact-catalogue';
import { formatValue } from '../evaluation/fact-format';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { ExportKind, ExportValue } from './export-table';

const KINDS: Partial<Record<FactValueType, ExportKind>> = { amount: 'wan', integer: 'integer', number: 'number', date: 'date', boolean: 'boolean' };

/** How a column of a fact (or a declared field) is shown: amounts in 万元, dates as dates, the rest as text. */
export function exportKindOf(type: FactValueType | undefined): ExportKind {
  return (type && KINDS[type]) ?? 'text';
}

/** Header of a fact's column: its label, with 万元 for an amount (the cells hold 万元). */
export function factHeader(info: Pick<FactInfo, 'label' | 'type'>): string {
  return info.type === 'amount' ? `${info.label}（万元）` : info.label;
}

/**
 * A fact's value for a cell of its column: numbers, dates and yes/no as they are (the column's
 * kind formats them), a choice by its label, lists as words — as the scorecards word them.
 */
export function exportValue(index: RuleSetIndex, info: Pick<FactInfo, 'type' | 'table'> | undefined, value: unknown): ExportValue {
  if (value === null || value === undefined || value === '') return null;
  const kind = exportKindOf(info?.type);
  if (kind === 'wan' || kind === 'integer' || kind === 'number') return typeof value === 'number' && Number.isFinite(value) ? value : null;
  if (kind === 'boolean') return typeof value === 'boolean' ? value : null;
  if (kind === 'date') return typeof value === 'string' && isCalendarDate(value) ? value : null;
  return formatValue(info?.type, value, info?.table ? (key) => index.rowLabel(info.table!, key) : undefined);
}

import { Facts } from '../evaluation/fact-catalogue';
import { InfoEntry, SubjectKind } from '../rule-sets/rule-set.types';
import { IDENTITY } from '../subjects/subject-identity';
import { FactWording } from './fact-wording';
import { ratioText } from './report-format';
import { InfoCellView } from './report-view.types';

function cellOf(entry: InfoEntry, kind: SubjectKind, facts: Facts, record: Record<string, unknown> | null, wording: FactWording): InfoCellView {
  const wide = entry.wide === true;
  if (entry.ratio) {
    const [numerator, denominator] = entry.ratio.map((name) => wording.value(kind, name, facts, record));
    return { label: entry.label ?? '', value: `${ratioText(numerator, denominator, entry.whenZero)}${entry.note ?? ''}`, wide, className: '' };
  }
  const name = entry.fact ?? '';
  const type = wording.info(kind, name)?.type;
  // The subject's id is a code, not prose: set it apart as the old layout did.
  const isId = IDENTITY[kind][0]?.key === 'id' && IDENTITY[kind][0].fact === name;
  return {
    label: entry.label ?? wording.label(kind, name),
    value: wording.word(kind, name, wording.value(kind, name, facts, record), { unit: true }),
    wide,
    className: type === 'amount' ? 'amount' : isId ? 'mono' : '',
  };
}

/**
 * An information table as the rule set lays it out (reports.<kind>.information): two entries a
 * row, a wide entry on a row of its own, and an entry left alone beside a wide one spanning the
 * row. Values are those evaluated, else the record's; labels the entry's, else the fact's.
 */
export function informationRows(
  entries: InfoEntry[] | undefined,
  kind: SubjectKind,
  facts: Facts,
  record: Record<string, unknown> | null | undefined,
  wording: FactWording,
): InfoCellView[][] {
  const rows: InfoCellView[][] = [];
  let pending: InfoCellView | null = null;
  const flushPending = () => {
    if (pending) rows.push([{ ...pending, wide: true }]);
    pending = null;
  };
  for (const entry of entries ?? []) {
    const cell = cellOf(entry, kind, facts, record ?? null, wording);
    if (cell.wide) {
      flushPending();
      rows.push([cell]);
    } else if (pending) {
      rows.push([pending, cell]);
      pending = null;
    } else {
      pending = cell;
    }
  }
  flushPending();
  return rows;
}

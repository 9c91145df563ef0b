// The operators of rule conditions in words, and which of them fit a fact's type (the engine's
// own operators compare numbers, dates as calendar days, lists by membership or emptiness).

export const OPERATOR_WORDS = {
  lessThanInclusive: '不超过', lessThan: '少于', greaterThanInclusive: '不少于', greaterThan: '多于',
  equal: '等于', notEqual: '不等于', in: '属于', notIn: '不属于', contains: '包含', doesNotContain: '不包含',
  dateOnOrBefore: '早于或等于', dateOnOrAfter: '晚于或等于', isEmpty: '为空', isNotEmpty: '不为空', isTrue: '为是',
};

/** Operators that read only the fact: their value is stored as true and never shown. */
export const UNARY = new Set(['isEmpty', 'isNotEmpty', 'isTrue']);

/** Operators whose value is a list of values. */
export const LIST_VALUE = new Set(['in', 'notIn']);

const NUMBER_OPS = ['lessThanInclusive', 'lessThan', 'greaterThanInclusive', 'greaterThan', 'equal', 'notEqual', 'in', 'notIn'];
const BY_TYPE = {
  amount: NUMBER_OPS,
  integer: NUMBER_OPS,
  number: NUMBER_OPS,
  date: ['dateOnOrBefore', 'dateOnOrAfter', 'equal', 'notEqual'],
  boolean: ['isTrue', 'equal', 'notEqual'],
  text: ['equal', 'notEqual', 'in', 'notIn'],
  choice: ['equal', 'notEqual', 'in', 'notIn'],
  list: ['contains', 'doesNotContain', 'isEmpty', 'isNotEmpty'],
  multiChoice: ['contains', 'doesNotContain', 'isEmpty', 'isNotEmpty'],
  rows: ['isEmpty', 'isNotEmpty'],
};

/** The operators offered for a fact of `type` (all of them for a fact the document does not declare). */
export function operatorsFor(type) {
  return BY_TYPE[type] ?? Object.keys(OPERATOR_WORDS);
}

/** The type of one element of a fact's value, as compared by contains / in. */
export function elementType(type) {
  if (type === 'multiChoice') return 'choice';
  if (type === 'list') return 'text';
  return type;
}

import { CEL_FUNCTIONS } from '../evaluation/cel/cel-functions';

/**
 * What the expression editor offers to insert besides the notice's own names: the vetted
 * function library (described where it is defined) and the few CEL constructs a formula needs,
 * worded for someone who knows Excel formulas.
 */
export interface LibraryEntry {
  name: string;
  /** Text inserted at the cursor. */
  insert: string;
  description: string;
  kind: 'function' | 'builtin';
}

const BUILTINS: Omit<LibraryEntry, 'kind'>[] = [
  { name: '条件 ? 值1 : 值2', insert: ' ? : ', description: '条件成立取值1，否则取值2（相当于 Excel 的 IF）' },
  { name: '&&、||、!', insert: ' && ', description: '并且、或者、不成立（相当于 Excel 的 AND、OR、NOT）' },
  { name: '== != < <= > >=', insert: ' >= ', description: '等于、不等于、小于、不超过、大于、不少于' },
  { name: '+ - * /', insert: ' / ', description: '加、减、乘、除（除法得到小数，如 1 / 4 = 0.25）' },
  { name: 'has(…)', insert: 'has()', description: 'has(input.funding.provincial)：该字段是否已填写' },
  { name: 'size(…)', insert: 'size()', description: 'size(列表)：列表的项数；size(文本)：字数' },
  { name: '值 in 列表', insert: ' in ', description: '值是否属于列表，如 project.category in ["new", "continued"]' },
  { name: '列表.filter(x, 条件)', insert: '.filter(x, )', description: '列表中满足条件的项，如 input.counties.filter(c, c.stations > 0)' },
  { name: '列表.map(x, 算式)', insert: '.map(x, )', description: '对列表每一项计算，如 input.counties.map(c, c.trainees)' },
  { name: '列表.exists(x, 条件)', insert: '.exists(x, )', description: '列表中是否至少有一项满足条件' },
  { name: '列表.all(x, 条件)', insert: '.all(x, )', description: '列表中是否每一项都满足条件' },
  { name: 'double(…)', insert: 'double()', description: 'double(整数)：转为小数' },
];

export function celLibrary(): LibraryEntry[] {
  return [
    ...CEL_FUNCTIONS.map((f) => {
      const name = f.signature.slice(0, f.signature.indexOf('('));
      return { name, insert: `${name}()`, description: f.description, kind: 'function' as const };
    }),
    ...BUILTINS.map((b) => ({ ...b, kind: 'builtin' as const })),
  ];
}

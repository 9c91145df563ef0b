import fs from 'node:fs';
import { ValidateFunction } from 'ajv';
import { isCalendarDate } from '../common/dates';
import { pointer, Problem } from '../common/errors';
import { hostileInputProblems } from '../common/hostile-input';
import { compileSchema, describeSchemaErrors } from '../common/json-validator';
import { FORMAT_1_SCHEMA_PATH, formatOf, upgradeFormat1 } from './format-1-upgrade';
import { RULE_SET_SCHEMA_PATH } from './rule-set-files';
import { CURRENT_FORMAT, Parameter, RuleSetDocument } from './rule-set.types';
import { modelProblems, tableProblems } from './validation/model-problems';
import { factProblems } from './validation/fact-problems';
import { reportProblems } from './validation/report-problems';
import { fixtureProblems, ruleProblems } from './validation/rule-problems';
import { ValidationContext } from './validation/validation-context';
import { duplicates } from './validation/duplicates';
import { reservedNameProblems } from './validation/name-problems';

const schemas = new Map<number, ValidateFunction>();

function schemaFor(format: number): ValidateFunction {
  let validate = schemas.get(format);
  if (!validate) {
    const file = format === 1 ? FORMAT_1_SCHEMA_PATH : RULE_SET_SCHEMA_PATH;
    validate = compileSchema(JSON.parse(fs.readFileSync(file, 'utf8')));
    schemas.set(format, validate);
  }
  return validate;
}

/**
 * Every problem of a rule-set document, each with its JSON pointer: the JSON Schema of its format,
 * hostile keys, duplicate names, parameter values of the wrong type, tables and declared fields,
 * derived facts (CEL that does not parse or type-check, names unknown, cycles), aggregates,
 * json-rules-engine's own check, unknown operators, facts and parameters, messages naming what
 * does not exist, report layouts and fixtures. An empty list means the document can be saved and
 * evaluated. Format 1 documents are checked against their own schema, then as upgraded.
 */
export function validateRuleSet(input: unknown): Problem[] {
  const hostile = hostileInputProblems(input);
  if (hostile.length > 0) return hostile;
  const format = formatOf(input);
  if (!input || typeof input !== 'object' || Array.isArray(input)) return [{ pointer: '/', message: '规则集应为 JSON 对象' }];
  if (format !== 1 && format !== CURRENT_FORMAT) return [{ pointer: '/formatVersion', message: `不支持的格式版本，可选：1、${CURRENT_FORMAT}` }];
  const validate = schemaFor(format);
  if (!validate(input)) return describeSchemaErrors(validate.errors);
  const doc = format === 1 ? upgradeFormat1(input as Record<string, unknown>) : (input as RuleSetDocument);
  const ctx = new ValidationContext(doc, format);
  const problems = [
    ...duplicateProblems(doc),
    ...reservedNameProblems(doc),
    ...doc.parameters.flatMap((p, i) => parameterProblems(p, i)),
    ...tableProblems(ctx),
    ...modelProblems(ctx),
    ...factProblems(ctx),
    ...ruleProblems(ctx),
    ...reportProblems(ctx),
    ...fixtureProblems(ctx),
  ];
  // Problems found in the model a format 1 document borrows name places that do not exist in it.
  return format === 1 ? ctx.format1Pointers(problems) : problems;
}

function duplicateProblems(doc: RuleSetDocument): Problem[] {
  return [
    ...duplicates(doc.parameters, (p) => p.name, (i) => pointer('parameters', i, 'name'), '参数名'),
    ...duplicates(doc.rules, (r) => r.id, (i) => pointer('rules', i, 'id'), '规则标识'),
    ...duplicates(doc.tests, (f) => f.name, (i) => pointer('tests', i, 'name'), '测试用例'),
  ];
}

/** A parameter value of the wrong type for its declared type (amounts: integer yuan). */
export function parameterProblems(p: Parameter, i: number): Problem[] {
  const at = pointer('parameters', i, 'value');
  const v = p.value;
  switch (p.type) {
    case 'amount':
      return Number.isSafeInteger(v) && (v as number) >= 0 ? [] : [{ pointer: at, message: '金额应为以元为单位的非负整数' }];
    case 'integer':
      return Number.isSafeInteger(v) ? [] : [{ pointer: at, message: '应为整数' }];
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? [] : [{ pointer: at, message: '应为数字' }];
    case 'date':
      return typeof v === 'string' && isCalendarDate(v) ? [] : [{ pointer: at, message: '应为真实存在的日期（YYYY-MM-DD）' }];
    case 'text':
      return typeof v === 'string' ? [] : [{ pointer: at, message: '应为文本' }];
    case 'boolean':
      return typeof v === 'boolean' ? [] : [{ pointer: at, message: '应为 true 或 false' }];
  }
}

import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Problem } from './errors';

/** The one AJV instance: every JSON Schema check of the service reports JSON pointers. */
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
addFormats(ajv);

export function compileSchema(schema: object): ValidateFunction {
  return ajv.compile(schema);
}

const TYPE_NAMES: Record<string, string> = {
  integer: '整数', number: '数字', string: '文本', boolean: '是/否（true/false）', object: '对象', array: '数组', null: '空值',
};

/** Turns AJV's errors into problems a user can read, each with the JSON pointer of the field. */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    // oneOf/anyOf wrappers repeat what their branches already said.
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') continue;
    let where = e.instancePath || '';
    let message: string;
    switch (e.keyword) {
      case 'required':
        where += '/' + String(e.params.missingProperty);
        message = '缺少必填项';
        break;
      case 'additionalProperties':
        where += '/' + String(e.params.additionalProperty);
        message = '不允许的字段（未知字段）';
        break;
      case 'type': {
        const types = String(e.params.type).split(',').map((t) => TYPE_NAMES[t] ?? t).join('或');
        message = `类型错误：应为${types}`;
        break;
      }
      case 'enum':
        message = `取值无效：应为 ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join('、')} 之一`;
        break;
      case 'minimum':
        message = `不能小于 ${e.params.limit}`;
        break;
      case 'maximum':
        message = `不能大于 ${e.params.limit}`;
        break;
      case 'minLength':
        message = e.params.limit === 1 ? '不能为空' : `长度不能少于 ${e.params.limit}`;
        break;
      case 'maxLength':
        message = `长度不能超过 ${e.params.limit}`;
        break;
      case 'minItems':
        message = `至少需要 ${e.params.limit} 项`;
        break;
      case 'maxItems':
        message = `最多 ${e.params.limit} 项`;
        break;
      case 'pattern':
        message = `格式不正确（应匹配 ${e.params.pattern}）`;
        break;
      case 'format':
        message = `格式不正确（应为 ${e.params.format}）`;
        break;
      case 'uniqueItems':
        message = '不能有重复项';
        break;
      default:
        message = e.message ?? '无效';
    }
    const key = `${where}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ pointer: where || '/', message });
  }
  return problems;
}

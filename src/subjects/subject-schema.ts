import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { FieldDefinition, SubjectKind } from '../rule-sets/rule-set.types';
import { IDENTITY } from './subject-identity';

type JsonSchema = Record<string, unknown>;

const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$';
const DEFAULT_TEXT = 2000;
const MAX_COUNT = 1_000_000_000;
const MAX_AMOUNT = 1_000_000_000_000;

function nullable(schema: JsonSchema): JsonSchema {
  return { ...schema, type: [schema.type as string, 'null'] };
}

/**
 * The JSON Schema of one declared field. `describe` adds what integrators read (labels, units,
 * the allowed choices); validation leaves choices to the domain check, which names them in Chinese.
 */
function fieldSchema(f: FieldDefinition, index: RuleSetIndex, describe: boolean): JsonSchema {
  let schema: JsonSchema;
  switch (f.type) {
    case 'text':
      schema = { type: 'string', maxLength: f.maxLength ?? DEFAULT_TEXT };
      break;
    case 'integer':
      schema = { type: 'integer', minimum: f.min ?? 0, maximum: f.max ?? MAX_COUNT };
      break;
    case 'amount':
      schema = { type: 'integer', minimum: f.min ?? 0, maximum: f.max ?? MAX_AMOUNT };
      break;
    case 'number':
      schema = { type: 'number', ...(f.min !== undefined ? { minimum: f.min } : {}), ...(f.max !== undefined ? { maximum: f.max } : {}) };
      break;
    case 'date':
      schema = { type: 'string', maxLength: 40, ...(describe ? { format: 'date' } : {}) };
      break;
    case 'boolean':
      schema = { type: 'boolean' };
      break;
    case 'choice':
      schema = { type: 'string', maxLength: 100, ...(describe && f.table ? { enum: choiceKeys(index, f.table) } : {}) };
      break;
    case 'multiChoice':
      schema = {
        type: 'array', uniqueItems: true, maxItems: f.maxLength ?? 100,
        items: { type: 'string', maxLength: 100, ...(describe && f.table ? { enum: choiceKeys(index, f.table) } : {}) },
      };
      break;
    case 'rows': {
      const rowFields = f.fields ?? [];
      const row = objectSchema(rowFields, index, describe);
      if (f.rowKey) {
        row.required = [f.rowKey];
        const keyField = rowFields.find((r) => r.key === f.rowKey);
        (row.properties as Record<string, JsonSchema>)[f.rowKey] = { type: 'string', minLength: 1, maxLength: keyField?.maxLength ?? 100, ...(describe ? { title: keyField?.label } : {}) };
      }
      schema = { type: 'array', maxItems: f.maxRows ?? 500, items: row };
      break;
    }
  }
  if (describe) {
    schema.title = f.label;
    if (f.help) schema.description = f.help;
    if (f.type === 'amount') schema['x-unit'] = '元';
    else if (f.unit) schema['x-unit'] = f.unit;
  }
  return nullable(schema);
}

function choiceKeys(index: RuleSetIndex, table: string): string[] {
  const def = index.table(table);
  return def ? def.rows.map((r) => String(r[def.key])) : [];
}

/** Nested objects for dotted keys, each closed to unknown fields. */
function objectSchema(fields: FieldDefinition[], index: RuleSetIndex, describe: boolean): JsonSchema {
  const root: JsonSchema = { type: 'object', additionalProperties: false, properties: {} };
  for (const f of fields) {
    const parts = f.key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const props = node.properties as Record<string, JsonSchema>;
      if (!props[part]) props[part] = { type: ['object', 'null'], additionalProperties: false, properties: {} };
      node = props[part];
    }
    (node.properties as Record<string, JsonSchema>)[parts[parts.length - 1]] = fieldSchema(f, index, describe);
  }
  return root;
}

const IDENTITY_SCHEMAS: Record<string, JsonSchema> = {
  id: { type: 'string', pattern: ID_PATTERN },
  year: { type: 'integer', minimum: 2000, maximum: 2100 },
  name: { type: 'string', minLength: 1, maxLength: 200 },
  region: { type: 'string', minLength: 1, maxLength: 50 },
  category: { type: 'string', minLength: 1, maxLength: 30 },
};

/**
 * The JSON Schema of a subject of one rule set: identity plus the declared fields, unknown fields
 * refused. With `describe`, the schema integrators download (titles, units, choices).
 */
export function subjectSchema(index: RuleSetIndex, kind: SubjectKind, describe = false): JsonSchema {
  const schema = objectSchema(index.fields(kind), index, describe);
  const identity = IDENTITY[kind];
  const props = schema.properties as Record<string, JsonSchema>;
  for (const f of identity) {
    props[f.key] = { ...IDENTITY_SCHEMAS[f.key], ...(describe ? { title: f.label } : {}) };
    if (describe && f.table) props[f.key].enum = choiceKeys(index, f.table);
  }
  schema.properties = Object.fromEntries([...identity.map((f) => [f.key, props[f.key]]), ...Object.entries(props).filter(([k]) => !identity.some((f) => f.key === k))]);
  schema.required = identity.filter((f) => f.key !== 'id').map((f) => f.key);
  if (describe) {
    const doc = index.doc;
    return {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: `${doc.title}：${kind === 'project' ? '项目' : kind === 'region' ? '市州进度' : '全省'}`,
      description: `规则集 ${doc.id}（${doc.year}年度）声明的字段。金额为整数元，日期为 YYYY-MM-DD。`,
      ...schema,
    };
  }
  return schema;
}

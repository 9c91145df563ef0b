import { InputError } from '../common/errors';
import { compileSchema, describeSchemaErrors } from '../common/json-validator';
import { Stage } from '../rule-sets/rule-set.types';

export interface RuleSetChoice {
  id: string;
  version?: number;
}

const ruleSetRef = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1 }, version: { type: 'integer', minimum: 1 } },
};

export const EVALUATE_STORED_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { stage: { enum: ['application', 'acceptance'] }, ruleSet: ruleSetRef },
};

export const YEAR_REQUEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['year'],
  properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 }, ruleSet: ruleSetRef },
};

export const DRY_RUN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    stage: { enum: ['application', 'acceptance'] },
    ruleSet: ruleSetRef,
    project: { type: 'object' },
    projects: { type: 'array', minItems: 1, maxItems: 10000, items: { type: 'object' } },
    regions: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'object' } },
  },
};

const validators = new Map<object, ReturnType<typeof compileSchema>>();

/** Validates a small request body against one of the schemas above (400 with pointers). */
export function checkRequest<T>(schema: object, body: unknown): T {
  let validate = validators.get(schema);
  if (!validate) {
    validate = compileSchema(schema);
    validators.set(schema, validate);
  }
  const value = body ?? {};
  if (!validate(value)) throw new InputError('请求数据有错误', describeSchemaErrors(validate.errors));
  return value as T;
}

export interface StoredRequest {
  stage?: Stage;
  ruleSet?: RuleSetChoice;
}

export interface YearRequest {
  year: number;
  ruleSet?: RuleSetChoice;
}

export interface DryRunRequest {
  stage?: Stage;
  ruleSet?: RuleSetChoice;
  project?: unknown;
  projects?: unknown[];
  regions?: unknown[];
}

import { InputError, TooLargeError } from '../common/errors';
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

/**
 * What one dry run (POST /api/evaluate, answered while the client waits) may evaluate. Measured on
 * the 2-core server: 0.7–2 ms of the event loop and 7.2 KB of answer per subject, so 500 projects
 * take about half a second and answer 3.6 MB (10,000 took 10 s and answered 101 MB). 500 is every
 * project of a year several times over (the notice's quotas give a few dozen a year); 100 region
 * records are every 市州 of five years. More goes in several requests, or through the CLI.
 */
export const DRY_RUN_LIMITS = { projects: 500, regions: 100 } as const;

export const DRY_RUN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    stage: { enum: ['application', 'acceptance'] },
    ruleSet: ruleSetRef,
    project: { type: 'object' },
    projects: { type: 'array', minItems: 1, maxItems: DRY_RUN_LIMITS.projects, items: { type: 'object' } },
    regions: { type: 'array', minItems: 1, maxItems: DRY_RUN_LIMITS.regions, items: { type: 'object' } },
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

/** A dry run's body: over the limits it is refused (413) before any subject is read. */
export function checkDryRunRequest(body: unknown): DryRunRequest {
  for (const kind of ['projects', 'regions'] as const) {
    const items = (body as Partial<Record<typeof kind, unknown>> | null)?.[kind];
    const limit = DRY_RUN_LIMITS[kind];
    if (!Array.isArray(items) || items.length <= limit) continue;
    const unit = kind === 'projects' ? '个项目' : '条市州进度';
    throw new TooLargeError(`试评估一次最多 ${limit} ${unit}，本次提交了 ${items.length} ${unit}`, [
      { pointer: `/${kind}`, message: `请分几次提交，每次不超过 ${limit} ${unit}；整个文件可用命令行评估：npm run -s cli -- evaluate --${kind} <文件>` },
    ]);
  }
  return checkRequest<DryRunRequest>(DRY_RUN_SCHEMA, body);
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

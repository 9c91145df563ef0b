import { InputError } from '../common/errors';
import { compileSchema, describeSchemaErrors } from '../common/json-validator';
import { ROLES } from './roles.decorator';

/** Request bodies of the user-management API; unknown fields are refused like everywhere else. */
const NAME = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[\\p{L}\\p{N}._@-]+$' };
const PASSWORD = { type: 'string', minLength: 1, maxLength: 256 };

export const CREATE_USER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'role'],
  properties: {
    name: NAME,
    role: { enum: [...ROLES] },
    region: { type: ['string', 'null'], maxLength: 32 },
    password: PASSWORD,
    // Issue a first API token at once (scripts); the response carries it, once.
    token: { type: 'boolean' },
  },
};

export const UPDATE_USER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    role: { enum: [...ROLES] },
    region: { type: ['string', 'null'], maxLength: 32 },
    password: PASSWORD,
    disabled: { type: 'boolean' },
  },
};

export const CREATE_TOKEN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    label: { type: 'string', maxLength: 100 },
    expiresAt: { type: 'string', format: 'date-time' },
    expiresInDays: { type: 'integer', minimum: 1, maximum: 3650 },
  },
};

export const LOGIN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'password'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 64 },
    password: PASSWORD,
    // Form sign-in only: the login-CSRF token and where to go afterwards.
    _csrf: { type: 'string', maxLength: 100 },
    next: { type: 'string', maxLength: 500 },
  },
};

export const CHANGE_PASSWORD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['currentPassword', 'newPassword'],
  properties: { currentPassword: PASSWORD, newPassword: PASSWORD },
};

const validators = new Map<object, ReturnType<typeof compileSchema>>();

export function checkBody<T>(schema: object, body: unknown): T {
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = compileSchema(schema)));
  if (!validate(body ?? {})) throw new InputError('请求数据有错误', describeSchemaErrors(validate.errors));
  return (body ?? {}) as T;
}

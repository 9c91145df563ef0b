import { Schema } from './json-schema-30';

/** A reference to a component schema of the document. */
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

export const arrayOf = (items: Schema, description?: string): Schema => ({ type: 'array', items, ...(description ? { description } : {}) });

/** An ISO date-time as the API writes them (UTC, `2022-03-20T08:00:00.000Z`). */
export const DATE_TIME: Schema = { type: 'string', format: 'date-time' };

/** A closed object: every property listed, `required` those always present. */
export function object(properties: Record<string, Schema>, required: string[] = Object.keys(properties), description?: string): Schema {
  // 3.0 wants at least one name in `required` when it is there at all.
  return { type: 'object', ...(description ? { description } : {}), additionalProperties: false, ...(required.length > 0 ? { required } : {}), properties };
}

/** Any JSON object whose shape the rule set decides (tables' rows, facts). */
export const OPEN_OBJECT: Schema = { type: 'object', additionalProperties: true };

export const nullable = (schema: Schema): Schema => ({ ...schema, nullable: true });

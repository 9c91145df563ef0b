/** A JSON Schema or OpenAPI schema object, as plain data. */
export type Schema = Record<string, unknown>;

const DROPPED = new Set(['$schema', '$id', 'definitions', '$defs', 'propertyNames', 'patternProperties', 'examples', '$comment', 'if', 'then', 'else']);

/**
 * Converts a draft-07 JSON Schema (what the service validates with) into an OpenAPI 3.0 schema
 * object, so the document and the validators share one source: `type: [x, 'null']` becomes
 * `nullable: true`, several types become an `anyOf`, `const` an `enum` of one, and `$ref`s to
 * `#/definitions/<name>` are rewritten by `ref`. Keywords 3.0 lacks (`propertyNames`, `if`) are
 * dropped: the service still checks them.
 */
export function toOpenApi30(schema: unknown, ref: (name: string) => string = (n) => `#/components/schemas/${n}`): Schema {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return {};
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) {
    if (DROPPED.has(key)) continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.startsWith('#/definitions/') ? ref(value.slice('#/definitions/'.length)) : value;
    else if (key === 'const') out.enum = [value];
    else if (key === 'required' && Array.isArray(value) && value.length === 0) continue;
    else if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'number') {
      out[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'] = value;
      out[key] = true;
    } else if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, toOpenApi30(v, ref)]));
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      out[key] = typeof value === 'boolean' ? value : toOpenApi30(value, ref);
    } else if (key === 'oneOf' || key === 'anyOf' || key === 'allOf') {
      out[key] = (value as unknown[]).map((v) => toOpenApi30(v, ref));
    } else out[key] = value;
  }
  return withTypes(out);
}

/**
 * 3.0 has one type per schema: null becomes `nullable`, several become an `anyOf` of each (null
 * allowed by the first, since 3.0's `nullable` needs a `type` beside it).
 */
function withTypes(schema: Schema): Schema {
  if (!Array.isArray(schema.type)) return schema;
  const types = (schema.type as string[]).filter((t) => t !== 'null');
  const nullable = types.length < (schema.type as string[]).length;
  const { type: _t, ...rest } = schema;
  if (types.length === 1) return { type: types[0], ...rest, ...(nullable ? { nullable: true } : {}) };
  // Keywords of one type (maxLength, minimum …) apply only to values of that type, as in JSON Schema.
  return { ...rest, anyOf: types.map((t, i) => ({ type: t, ...(nullable && i === 0 ? { nullable: true } : {}) })) };
}

/** The definitions of a JSON Schema as OpenAPI components named `<prefix><Name>`. */
export function definitionsAsComponents(schema: Schema, prefix: string): Record<string, Schema> {
  const defs = (schema.definitions ?? {}) as Record<string, unknown>;
  const ref = (name: string) => `#/components/schemas/${componentName(prefix, name)}`;
  return Object.fromEntries(Object.entries(defs).map(([name, def]) => [componentName(prefix, name), toOpenApi30(def, ref)]));
}

/** `RuleSet` + `subjectModel` → `RuleSetSubjectModel`. */
export function componentName(prefix: string, name: string): string {
  return prefix + name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * A copy of an object schema with some properties no longer required and others added (`require`
 * lists added ones that must be sent): the body
 * of an edit that takes the key from the path (`PUT …/fields/:key` may omit `key`) or one extra
 * placement field (`before`). 3.0 cannot extend a closed schema with allOf, so this copies it.
 */
export function variant(schema: Schema, change: { optional?: string[]; add?: Record<string, Schema>; require?: string[]; description?: string }): Schema {
  const kept = ((schema.required as string[] | undefined) ?? []).filter((k) => !(change.optional ?? []).includes(k));
  const required = [...(change.require ?? []), ...kept];
  const { required: _r, ...rest } = schema;
  return {
    ...rest,
    ...(change.description ? { description: change.description } : {}),
    properties: { ...((schema.properties as Schema | undefined) ?? {}), ...(change.add ?? {}) },
    ...(required.length > 0 ? { required } : {}),
  };
}

import { OpenAPIObject } from '@nestjs/swagger';
import { toOpenApi30 } from './json-schema-30';

const STRUCTURED = /json|multipart\/form-data|x-www-form-urlencoded/;
const BINARY = { type: 'string', format: 'binary' };

type Content = Record<string, { schema?: unknown }>;
type Parameter = { in: string; name: string; required?: boolean; description?: string; schema?: unknown };

function eachContent(doc: OpenAPIObject, visit: (content: Content, body: boolean) => void): void {
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item) as { requestBody?: { content?: Content }; responses?: Record<string, { content?: Content }>; parameters?: { schema?: unknown }[] }[]) {
      if (op.requestBody?.content) visit(op.requestBody.content, true);
      for (const r of Object.values(op.responses ?? {})) if (r.content) visit(r.content, false);
      for (const p of (op.parameters ?? []) as Parameter[]) if (p.schema) p.schema = toOpenApi30(p.schema);
      if (op.parameters) op.parameters = oneHeaderEach(op.parameters as Parameter[]);
    }
  }
}

/**
 * `@Headers('if-match')` makes the explorer list a required `if-match` beside the `If-Match` that
 * `@ApiHeader` describes; HTTP header names are case-insensitive, so one is kept: the described one,
 * else the explorer's, optional — the handler decides what a missing header means.
 */
function oneHeaderEach(parameters: Parameter[]): Parameter[] {
  const headers = new Map<string, Parameter>();
  for (const p of parameters.filter((p) => p.in === 'header')) {
    const key = p.name.toLowerCase();
    if (!headers.has(key) || p.description) headers.set(key, p.description ? p : { ...p, required: false });
  }
  return [...parameters.filter((p) => p.in !== 'header'), ...headers.values()];
}

/**
 * Every schema of the document in OpenAPI 3.0's dialect, whatever the decorators were given (the
 * request validators' JSON Schemas use `type: [x, 'null']`), and a request body of a file type
 * (an .xlsx or .csv sent as the body) described as the file's bytes.
 */
export function normalizeSchemas(doc: OpenAPIObject): void {
  eachContent(doc, (content, body) => {
    for (const [type, media] of Object.entries(content)) {
      if (body && !STRUCTURED.test(type)) media.schema = BINARY;
      else if (media.schema) media.schema = toOpenApi30(media.schema);
    }
  });
  const schemas = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  for (const [name, schema] of Object.entries(schemas)) schemas[name] = toOpenApi30(schema);
}

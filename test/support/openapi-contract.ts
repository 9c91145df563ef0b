import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Response } from 'supertest';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }> }> }>> };

/**
 * Checks answers against the OpenAPI document that describes them: the status must be one the
 * operation lists, and a JSON body must validate against that response's schema (Ajv reads 3.0's
 * `nullable`; every `$ref` resolves inside the served document).
 */
export class OpenApiContract {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly doc: Doc) {
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema({ ...doc, $id: 'openapi.json' });
  }

  /**
   * The problems of a JSON request body the service accepted: what it takes, the document must
   * allow too (a client generated from it could not send it otherwise).
   */
  requestProblems(method: string, path: string, body: unknown): string[] {
    const where = `${method.toUpperCase()} ${path} request body`;
    const op = this.doc.paths[path]?.[method.toLowerCase()] as { requestBody?: { content?: Record<string, unknown> } } | undefined;
    if (body === undefined) return [];
    if (!op?.requestBody?.content?.['application/json']) return [`${where}: not documented`];
    const pointer = `${encode(path)}/${method.toLowerCase()}/requestBody/content/${encode('application/json')}/schema`;
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(`openapi.json#/paths/${pointer}`)!;
      this.validators.set(pointer, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).slice(0, 8).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
  }

  /** The problems of one answer to `method path` (path as the document writes it: /api/projects/{id}); [] when it conforms. */
  problems(method: string, path: string, res: Response): string[] {
    const where = `${method.toUpperCase()} ${path} → ${res.status}`;
    const op = this.doc.paths[path]?.[method.toLowerCase()];
    if (!op) return [`${where}: not in the document`];
    const response = op.responses[String(res.status)];
    if (!response) return [`${where}: status not documented (${Object.keys(op.responses).join(', ')})`];
    if (res.status === 204) return response.content ? [`${where}: 204 documented with a body`] : [];
    // A media type with parameters (text/csv; charset=gbk) is documented as such, or by its type alone.
    const full = String(res.headers['content-type'] ?? '').toLowerCase().replace(/;\s*/g, '; ');
    const type = response.content?.[full] ? full : full.split(';')[0];
    const media = response.content?.[type];
    if (!media) return [`${where}: content type ${type} not documented (${Object.keys(response.content ?? {}).join(', ')})`];
    if (!type.includes('json')) return [];
    const pointer = `${encode(path)}/${method.toLowerCase()}/responses/${res.status}/content/${encode(type)}/schema`;
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(`openapi.json#/paths/${pointer}`)!;
      this.validators.set(pointer, validate);
    }
    if (validate(res.body)) return [];
    return (validate.errors ?? []).slice(0, 8).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}

/** A JSON-pointer segment (RFC 6901), as Ajv resolves it inside a $ref. */
function encode(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}

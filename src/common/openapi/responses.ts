import { applyDecorators } from '@nestjs/common';
import {
  ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Schema } from './json-schema-30';
import { arrayOf, ref } from './schema-refs';

/**
 * Decorators that say what an operation answers, by component name (src/common/openapi/*-schemas.ts).
 * The refusals every operation shares (400, 401, 403, 404, 413) are added to the document from
 * the routes themselves; these add the ones particular to an operation.
 */

type SchemaHost = { schema: never };
const host = (schema: Schema): SchemaHost => ({ schema: schema as never });

/** 200 with a JSON body: a component name, `Name[]` for a list of them, or a schema. */
export function ApiOk(schema: string | Schema, description: string): MethodDecorator & ClassDecorator {
  return ApiOkResponse({ description, ...host(resolve(schema)) });
}

export function ApiCreated(schema: string | Schema, description: string): MethodDecorator & ClassDecorator {
  return ApiCreatedResponse({ description, ...host(resolve(schema)) });
}

export const ApiNoContent = (description: string) => ApiNoContentResponse({ description });

/** A file download; `types` are its media types (a PDF, a ZIP, an .xlsx, a CSV in UTF-8 or GBK). */
export function ApiFile(description: string, ...types: string[]): MethodDecorator & ClassDecorator {
  return ApiOkResponse({ description, content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) });
}

export const ApiConflict = (description: string) => ApiConflictResponse({ description });

/** 503 with Retry-After: the print queue is full and refuses at once rather than queue without bound. */
export const ApiBusy = () => ApiServiceUnavailableResponse({ description: '打印队列已满，请在 Retry-After 秒后再试；请求未被执行' });

export const ApiLocked = (description: string) => ApiTooManyRequestsResponse({ description });

/** A JSON request body described by a component (or a schema). */
export const ApiJsonBody = (schema: string | Schema, description?: string) => ApiBody({ ...host(resolve(schema)), ...(description ? { description } : {}) });

/** An uploaded .xlsx or .csv: a multipart form with one file, or the file itself as the body. */
export function ApiUpload(xlsxType: string): MethodDecorator {
  return applyDecorators(
    ApiConsumes('multipart/form-data', xlsxType, 'text/csv'),
    ApiBody({
      description: '.xlsx 或 .csv（UTF-8、GBK 或 GB18030）：multipart 表单中的一个文件（字段名不限），或文件本身作为请求体',
      schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
    }),
  );
}

function resolve(schema: string | Schema): Schema {
  if (typeof schema !== 'string') return schema;
  return schema.endsWith('[]') ? arrayOf(ref(schema.slice(0, -2))) : ref(schema);
}

/** 409 of a draft write based on a revision someone else has already changed. */
export const ApiStaleDraft = () => ApiConflictResponse({ description: '草稿已被他人修改（If-Match 不是当前的 revision），或修改与草稿中的其他内容冲突；草稿未作修改' });

/** A text answer of another media type (the HTML preview of a report). */
export const ApiText = (description: string, type: string) => ApiOkResponse({ description, content: { [type]: { schema: { type: 'string' } } } });

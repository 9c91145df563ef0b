import { Request } from 'express';
import { InputError } from '../common/errors';

/** The part of multer's file object used here (its typings are not installed). */
interface UploadedPart {
  buffer: Buffer;
  originalname: string;
}

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * The uploaded file, whichever way it came: a multipart form (a browser's file input, field name
 * free) or the raw request body (curl --data-binary, scripts). The name tells CSV from xlsx in
 * messages only; the content decides the format.
 */
export async function readUpload(req: Request & { files?: UploadedPart[] }): Promise<{ file: Buffer; fileName?: string }> {
  const part = req.files?.[0];
  if (part) {
    // Multer decodes the file name as Latin-1; browsers send UTF-8 (“推荐表.xlsx”).
    return { file: part.buffer, fileName: Buffer.from(part.originalname, 'latin1').toString('utf8') };
  }
  if (/^multipart\//i.test(req.headers['content-type'] ?? '')) throw new InputError('表单中没有上传文件');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_UPLOAD_BYTES) throw new InputError(`文件过大：最大 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
    chunks.push(chunk);
  }
  if (size === 0) throw new InputError('请上传 .xlsx 或 .csv 文件（multipart 表单或请求体）');
  const type = req.headers['content-type'] ?? '';
  const name = typeof req.query.filename === 'string' ? req.query.filename : /csv|text\/plain/i.test(type) ? 'upload.csv' : undefined;
  return { file: Buffer.concat(chunks), fileName: name };
}

export function booleanQuery(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new InputError(`查询参数 ${name} 应为 true 或 false`, [{ pointer: `?${name}`, message: `“${value}”无效` }]);
}

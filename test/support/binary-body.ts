/** A supertest parser that keeps a response body as bytes (PDFs, ZIPs): `.buffer(true).parse(binary)`. */
export function binary(res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/**
 * The Content-Disposition of a download whose name holds user text (a rule-set id, a region, a
 * project's name): RFC 6266 with an ASCII fallback and the exact name in RFC 5987's encoding, so
 * no user text reaches a header as it was typed — never a CR/LF, a quote or a non-ASCII byte
 * (Node refuses those with an exception, which used to answer 500).
 */
export function contentDisposition(fileName: string, inline = false): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${rfc5987(fileName)}`;
}

/** Percent-encodes every UTF-8 byte outside RFC 5987's attr-char (encodeURIComponent leaves ' ( ) * and throws on lone surrogates). */
function rfc5987(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9!#$&+\-.^_`|~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

import { BridgeError } from '../errors';

/** A readable request body: a web stream of bytes, or none. */
export type Body = ReadableStream<Uint8Array> | null;

const tooLarge = (maxBytes: number): BridgeError =>
  new BridgeError('payload_too_large', `Files are limited to ${formatBytes(maxBytes)}.`);

/** `10485760` → `10 MB`, for error messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/**
 * Reads a body into memory, but never more than `maxBytes`: a declared `Content-Length` over the limit is refused
 * before reading, and a body that grows past it (chunked, or lying about its length) is cancelled as soon as it does.
 * @throws BridgeError `payload_too_large` (413) or `validation_failed` (empty body)
 * @example const bytes = await readBounded(c.req.raw.body, c.req.header('content-length'), 10 * 1024 * 1024);
 */
export async function readBounded(body: Body, declaredLength: string | undefined, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (declaredLength !== undefined && Number(declaredLength) > maxBytes) throw tooLarge(maxBytes);
  if (!body) throw new BridgeError('validation_failed', 'The file is empty.');
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (size === 0) throw new BridgeError('validation_failed', 'The file is empty.');
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

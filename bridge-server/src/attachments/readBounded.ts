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
 * Past the limit, the rest of a body up to this many bytes is read and thrown away before the 413 goes out: a
 * browser still sending its upload only sees the answer once it has finished (an early answer reaches it as a
 * reset connection). Anything larger is cut off.
 */
export const DISCARD_MAX_BYTES = 64 * 1024 * 1024;

/** Reads the rest of a body without keeping it, up to `cap` bytes in all; a longer one is cancelled there. */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, seen: number, cap: number): Promise<void> {
  let size = seen;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
    if (size > cap) return void (await reader.cancel().catch(() => undefined));
  }
}

/**
 * Reads a body into memory, but never keeps more than `maxBytes`: a declared `Content-Length` over the limit is
 * refused without keeping a byte, and a body that grows past it (chunked, or lying about its length) stops being
 * kept as soon as it does; either way the rest is discarded (up to {@link DISCARD_MAX_BYTES}) so the 413 arrives.
 * @throws BridgeError `payload_too_large` (413) or `validation_failed` (empty body)
 * @example const bytes = await readBounded(c.req.raw.body, c.req.header('content-length'), 10 * 1024 * 1024);
 */
export async function readBounded(body: Body, declaredLength: string | undefined, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(declaredLength ?? 0);
  if (declared > maxBytes) {
    if (body) {
      const reader = body.getReader();
      if (declared > DISCARD_MAX_BYTES) await reader.cancel().catch(() => undefined);
      else await discard(reader, 0, DISCARD_MAX_BYTES);
    }
    throw tooLarge(maxBytes);
  }
  if (!body) throw new BridgeError('validation_failed', 'The file is empty.');
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await discard(reader, size, DISCARD_MAX_BYTES);
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

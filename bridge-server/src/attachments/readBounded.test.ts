import { describe, expect, it } from 'vitest';
import { readBounded } from './readBounded';

/** A body of `chunks` chunks of `size` bytes; counts how many were pulled. */
function body(chunks: number, size: number) {
  const pulled = { n: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.n === chunks) return controller.close();
      pulled.n++;
      controller.enqueue(new Uint8Array(size).fill(65));
    },
    cancel() {
      pulled.cancelled = true;
    },
  }, { highWaterMark: 0 }); // pull only when read, so the test sees what was read

  return { stream, pulled };
}

describe('readBounded', () => {
  it('reads a body within the limit', async () => {
    const { stream } = body(3, 100);
    expect((await readBounded(stream, '300', 300)).byteLength).toBe(300);
  });

  it('refuses a declared length over the limit before reading anything', async () => {
    const { stream, pulled } = body(3, 100);
    await expect(readBounded(stream, '301', 300)).rejects.toMatchObject({ code: 'payload_too_large', status: 413 });
    expect(pulled.n).toBe(0);
  });

  it('stops reading and cancels a body that grows past the limit whatever it declared', async () => {
    const { stream, pulled } = body(1000, 100);
    await expect(readBounded(stream, undefined, 250)).rejects.toMatchObject({ code: 'payload_too_large', message: 'Files are limited to 250 bytes.' });
    expect(pulled.n).toBeLessThan(10);
    expect(pulled.cancelled).toBe(true);
  });

  it('refuses an empty body', async () => {
    await expect(readBounded(body(0, 0).stream, '0', 10)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(readBounded(null, undefined, 10)).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

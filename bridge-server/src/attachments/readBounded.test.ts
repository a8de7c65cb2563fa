import { describe, expect, it } from 'vitest';
import { DISCARD_MAX_BYTES, readBounded } from './readBounded';

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

  it('refuses a declared length over the limit, discarding the body so the answer reaches the sender', async () => {
    const { stream, pulled } = body(3, 100);
    await expect(readBounded(stream, '301', 300)).rejects.toMatchObject({ code: 'payload_too_large', status: 413 });
    expect(pulled).toEqual({ n: 3, cancelled: false });
  });

  it('cuts off a body declared past the discard cap without reading it', async () => {
    const { stream, pulled } = body(3, 100);
    await expect(readBounded(stream, String(DISCARD_MAX_BYTES + 1), 300)).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(pulled).toEqual({ n: 0, cancelled: true });
  });

  it('keeps no more than the limit of a body that grows past it whatever it declared, and cuts it off at the cap', async () => {
    const small = body(10, 100);
    await expect(readBounded(small.stream, undefined, 250)).rejects.toMatchObject({ code: 'payload_too_large', message: 'Files are limited to 250 bytes.' });
    expect(small.pulled).toEqual({ n: 10, cancelled: false });
    const huge = body(100, DISCARD_MAX_BYTES / 50);
    await expect(readBounded(huge.stream, undefined, 250)).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(huge.pulled.n).toBeLessThan(60);
    expect(huge.pulled.cancelled).toBe(true);
  });

  it('refuses an empty body', async () => {
    await expect(readBounded(body(0, 0).stream, '0', 10)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(readBounded(null, undefined, 10)).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

/** One server-sent event as read off the wire. */
export interface SseFrame {
  id: string | null;
  event: string;
  data: string;
}

/**
 * Reads a `text/event-stream` body frame by frame, as the widget's own parser does (widget/src/transport/eventStream.ts):
 * an event ends at a blank line, comments are skipped, `retry:` is reported. Resolves when the body ends or errors.
 * @example await readSse(res.body, (f) => console.log(f.event, f.data), (ms) => (retryMs = ms));
 */
export async function readSse(body: NonNullable<Response['body']>, onFrame: (frame: SseFrame) => void, onRetry: (ms: number) => void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const chunks = (buf + value).replace(/\r\n|\r(?!$)/g, '\n').split('\n\n');
      buf = chunks.pop() ?? '';
      for (const chunk of chunks) {
        let id: string | null = null;
        let event = 'message';
        const data: string[] = [];
        for (const line of chunk.split('\n')) {
          const [, field, v = ''] = /^([^:]*)(?:: ?(.*))?/s.exec(line) ?? [];
          if (field === 'data') data.push(v);
          else if (field === 'event') event = v;
          else if (field === 'id') id = v;
          else if (field === 'retry' && /^\d+$/.test(v)) onRetry(Number(v));
        }
        if (data.length > 0) onFrame({ id, event, data: data.join('\n') });
      }
    }
  } catch {
    // the connection died or was aborted: the caller reconnects
  } finally {
    reader.releaseLock();
  }
}

/** One dispatched server-sent event. */
export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/**
 * Incremental `text/event-stream` parser (WHATWG HTML §9.2.6): feed it decoded chunks in any split; it calls
 * `onMessage` per event, `onRetry` per `retry:` field, and ignores comments (keep-alives) and unknown fields.
 * @example const feed = createSseParser((m) => console.log(m.event, m.data)); feed('data: hi\n\n');
 */
export function createSseParser(onMessage: (m: SseMessage) => void, onRetry: (ms: number) => void = () => {}) {
  let buf = '';
  let data: string[] = [];
  let event = '';
  let id: string | null = null;
  let lastId: string | null = null;
  const line = (l: string): void => {
    if (!l) {
      // [spec] the last event id persists across events; an event without data is not dispatched.
      if (id !== null) lastId = id;
      if (data.length) onMessage({ id: lastId, event: event || 'message', data: data.join('\n') });
      data = [];
      event = '';
      id = null;
      return;
    }
    if (l[0] === ':') return;
    const i = l.indexOf(':');
    const field = i < 0 ? l : l.slice(0, i);
    const value = i < 0 ? '' : l.slice(i + (l[i + 1] === ' ' ? 2 : 1));
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  };
  return (chunk: string): void => {
    buf += chunk;
    // A lone \r at the very end may be the first half of \r\n: wait for the next chunk.
    const re = /\r\n|\r(?!$)|\n/g;
    let start = 0;
    for (let m = re.exec(buf); m; m = re.exec(buf)) {
      line(buf.slice(start, m.index));
      start = m.index + m[0].length;
    }
    buf = buf.slice(start);
  };
}

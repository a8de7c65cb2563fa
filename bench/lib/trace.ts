/** One Chrome trace event (only the fields the benches read). */
interface TraceEvent {
  name?: string;
  ph?: string;
  dur?: number;
  pid?: number;
  tid?: number;
  args?: { name?: string; data?: { url?: string } };
}

function isTraceEvent(v: unknown): v is TraceEvent {
  return typeof v === 'object' && v !== null;
}

/** Parses a Chrome trace (`{traceEvents:[…]}` or a bare array). */
export function parseTrace(buf: Buffer): TraceEvent[] {
  const parsed: unknown = JSON.parse(buf.toString('utf8'));
  const list: unknown =
    typeof parsed === 'object' && parsed !== null && 'traceEvents' in parsed ? parsed.traceEvents : parsed;
  return Array.isArray(list) ? list.filter(isTraceEvent) : [];
}

/** What the renderer main thread did for one script, in ms. */
export interface ScriptCost {
  /** `EvaluateScript` (compile when not streamed + top-level run, incl. a synchronous first render). */
  evaluateMs: number;
  /** Later `FunctionCall`s into that script (timers, event and microtask callbacks, e.g. a deferred render). */
  callbacksMs: number;
}

/**
 * Sums the main-thread time a trace attributes to the script whose URL ends with `urlSuffix`: `EvaluateScript`
 * events and top-level `FunctionCall` events (callbacks) on the renderer main thread.
 */
export function scriptCost(events: TraceEvent[], urlSuffix: string): ScriptCost {
  const main = new Set<string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') main.add(`${e.pid}:${e.tid}`);
  }
  let evaluate = 0;
  let callbacks = 0;
  for (const e of events) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`) || !e.args?.data?.url?.endsWith(urlSuffix)) continue;
    if (e.name === 'EvaluateScript') evaluate += e.dur ?? 0;
    else if (e.name === 'FunctionCall') callbacks += e.dur ?? 0;
  }
  return { evaluateMs: evaluate / 1000, callbacksMs: callbacks / 1000 };
}

import type { Random } from '../lib/random';
import type { AdaSimFaults, Delivery } from '../types';
import type { WebhookEvent } from './events';
import { DELIVERY_TIMEOUT_MS, delayBeforeAttempt } from './retrySchedule';
import { signDelivery } from './sign';

/** Retries due later than this are not waited for by `idle()` (a dead endpoint must not hang tests). */
const IDLE_RETRY_HORIZON_MS = 30_000;

/** Inputs of {@link createDispatcher}. */
export interface DispatcherOptions {
  secret: string;
  urls: readonly string[];
  paused: boolean;
  faults: () => AdaSimFaults;
  random: Random;
  record: (delivery: Delivery) => void;
  log: (line: string) => void;
  /** Called whenever pending work changes (drives `idle()`). */
  onChange: () => void;
}

/** Sends webhook events to every endpoint, Svix-style, with the fault knobs applied. */
export interface Dispatcher {
  /** Gives the event a `msg_…` id and delivers it to every endpoint (now, later or shuffled, per faults). */
  send(event: WebhookEvent): void;
  addUrl(url: string): void;
  pause(): void;
  resume(): void;
  /** True when nothing is in flight, buffered, due soon, or queued (a queue only counts when not paused). */
  isIdle(): boolean;
  close(): void;
}

interface Message {
  svixId: string;
  type: string;
  payload: string;
}

/** A queued unit of work: a new message (all endpoints) or a retry for one endpoint. */
interface Job {
  message: Message;
  url: string | null;
  attempt: number;
}

/**
 * Creates the delivery pipeline: send → (paused queue) → (reorder buffer) → fan-out → attempt → retries.
 * Every retry keeps the message's svix-id and is signed afresh at its own time.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const urls = [...options.urls];
  const timers = new Set<NodeJS.Timeout>();
  const controllers = new Set<AbortController>();
  let paused = options.paused;
  let closed = false;
  let queue: Job[] = [];
  let buffer: Message[] = [];
  let bufferTimer: NodeJS.Timeout | null = null;
  let inFlight = 0;
  let dueSoon = 0;

  const later = (ms: number, soon: boolean, run: () => void): void => {
    if (soon) dueSoon++;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (soon) dueSoon--;
      if (!closed) run();
      options.onChange();
    }, ms);
    timers.add(timer);
  };

  const attempt = async (message: Message, url: string, n: number): Promise<void> => {
    if (closed) return;
    if (paused) {
      queue.push({ message, url, attempt: n });
      return;
    }
    inFlight++;
    const controller = new AbortController();
    controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(), Math.max(1000, DELIVERY_TIMEOUT_MS * options.faults().timeScale));
    let status: number | null = null;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Svix-Webhooks/1.99 (ada-sim)', ...signDelivery(options.secret, message.svixId, message.payload) },
        body: message.payload,
        signal: controller.signal,
      });
      status = response.status;
      await response.body?.cancel();
    } catch {
      status = null; // unreachable or timed out: retried like a non-2xx answer
    } finally {
      clearTimeout(timeout);
      controllers.delete(controller);
      inFlight--;
    }
    if (closed) return;
    options.record({ svixId: message.svixId, type: message.type, url, status, attempt: n, at: new Date().toISOString() });
    if (status !== null && status >= 200 && status < 300) return options.onChange();
    const delay = delayBeforeAttempt(n + 1, options.faults().timeScale);
    if (delay === null) {
      options.log(`webhook ${message.svixId} to ${url} given up after ${n} attempts`);
    } else {
      options.log(`webhook ${message.svixId} to ${url} got ${status ?? 'no answer'}; retry ${n + 1} in ${Math.round(delay)} ms`);
      later(delay, delay <= IDLE_RETRY_HORIZON_MS, () => void attempt(message, url, n + 1));
    }
    options.onChange();
  };

  const fanOut = (message: Message): void => {
    for (const url of urls) {
      void attempt(message, url, 1);
      // [fault] at-least-once delivery: the same svix-id arrives a second time, a little later
      if (options.random.chance(options.faults().duplicateRate)) {
        later(5 + options.random.next() * 45, true, () => void attempt(message, url, 1));
      }
    }
  };

  const flushBuffer = (): void => {
    if (bufferTimer !== null) timers.delete(bufferTimer);
    bufferTimer = null;
    const batch = options.random.shuffle(buffer);
    buffer = [];
    for (const message of batch) fanOut(message);
    options.onChange();
  };

  const enter = (message: Message): void => {
    const window = options.faults().reorderWindowMs;
    if (window <= 0) return fanOut(message);
    buffer.push(message);
    if (bufferTimer === null) {
      bufferTimer = setTimeout(flushBuffer, window);
      timers.add(bufferTimer);
    }
  };

  return {
    send(event) {
      if (closed) return;
      const message = { svixId: `msg_${options.random.id(27)}`, type: event.type, payload: JSON.stringify(event) };
      if (paused) queue.push({ message, url: null, attempt: 1 });
      else enter(message);
      options.onChange();
    },
    addUrl(url) {
      if (!urls.includes(url)) urls.push(url);
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      const jobs = queue;
      queue = [];
      for (const job of jobs) {
        if (job.url === null) enter(job.message);
        else void attempt(job.message, job.url, job.attempt);
      }
      options.onChange();
    },
    isIdle() {
      return inFlight === 0 && dueSoon === 0 && buffer.length === 0 && (paused || queue.length === 0);
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const controller of controllers) controller.abort();
    },
  };
}

import type { Logger } from 'pino';
import type { HttpBindings } from '@hono/node-server';
import type { SessionRecord } from '../store/types';

/** Hono environment of the bridge: node bindings plus per-request variables set by middleware. */
export interface BridgeEnv {
  Bindings: HttpBindings;
  Variables: {
    requestId: string;
    log: Logger;
    /** CORS headers computed for this request (also applied to raw SSE responses). */
    corsHeaders: Record<string, string>;
    /** The request's Origin, '' when absent. */
    origin: string;
    session: SessionRecord;
  };
}

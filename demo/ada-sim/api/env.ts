import type { Context } from 'hono';
import type { AgentRunner } from '../agent/runner';
import type { Random } from '../lib/random';
import type { Recorder } from '../recorder';
import type { SimContext } from '../state/context';
import type { AdaSimFaults } from '../types';
import type { Dispatcher } from '../webhooks/dispatcher';
import { parseBody, type BodyName, type BodyOf } from './schemas';

/** What the HTTP layer needs from the rest of the simulator. */
export interface ApiDeps {
  ctx: SimContext;
  agent: AgentRunner;
  dispatcher: Dispatcher;
  recorder: Recorder;
  random: Random;
  apiKey: string;
  faults: () => AdaSimFaults;
  setFaults: (faults: Partial<AdaSimFaults>) => void;
  log: (line: string) => void;
}

/** Hono environment of the API: the parsed JSON body and the contract problems found so far. */
export interface ApiEnv {
  Variables: { body: unknown; problems: string[] };
}

/** Validates the request body against a schema; contract deviations are remembered for strict mode. */
export function readBody<N extends BodyName>(c: Context<ApiEnv>, name: N): BodyOf<N> {
  const { data, problems } = parseBody(name, c.get('body'));
  c.get('problems').push(...problems);
  return data;
}

/** Notes every query parameter that is not part of the endpoint's contract. */
export function checkQuery(c: Context<ApiEnv>, allowed: readonly string[]): void {
  for (const key of Object.keys(c.req.queries())) {
    if (!allowed.includes(key)) c.get('problems').push(`query: unknown parameter "${key}"`);
  }
}

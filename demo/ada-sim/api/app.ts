import { Hono, type Context } from 'hono';
import type { ApiDeps, ApiEnv } from './env';
import { AdaApiError } from './errors';
import { injectFaults, parseJsonBody, recordRequests, requireApiKey } from './middleware';
import { accountRoutes } from './routes/accounts';
import { conversationRoutes } from './routes/conversations';
import { simRoutes } from './routes/sim';

/** Answers any error in Ada's shape; contract-breaking ones are noted for strict mode. */
function errorHandler(deps: ApiDeps) {
  return function handleError(error: Error, c: Context): Response {
    if (error instanceof AdaApiError) {
      const problems = (c as unknown as Context<ApiEnv>).get('problems') as string[] | undefined;
      if (error.violation) problems?.push(`${error.status} ${error.message}${error.details ? `: ${error.details}` : ''}`);
      return c.json(error.toBody(), error.status);
    }
    deps.log(`internal error on ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return c.json(new AdaApiError(500, 'Internal server error').toBody(), 500);
  };
}

/**
 * The simulator's HTTP surface: Ada's API under `/api/v2` (paths with or without a trailing slash)
 * and the agent-side controls under `/_sim`.
 */
export function createApp(deps: ApiDeps): Hono {
  const api = new Hono<ApiEnv>({ strict: false });
  api.use('*', recordRequests(deps), requireApiKey(deps), parseJsonBody(), injectFaults(deps));
  api.route('/', accountRoutes(deps));
  api.route('/', conversationRoutes(deps));
  api.all('*', (c) => {
    throw new AdaApiError(404, 'Not found', `No endpoint ${c.req.method} ${c.req.path}`, true);
  });
  api.onError(errorHandler(deps));

  const sim = simRoutes(deps);
  sim.onError(errorHandler(deps));

  const app = new Hono({ strict: false });
  app.route('/api/v2', api);
  app.route('/_sim', sim);
  app.get('/', (c) => c.json({ name: 'ada-sim', api: `${new URL(c.req.url).origin}/api/v2`, controls: '/_sim/state' }));
  app.onError(errorHandler(deps));
  return app;
}

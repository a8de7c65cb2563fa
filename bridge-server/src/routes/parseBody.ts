import type { Context } from 'hono';
import type { z } from 'zod';
import { BridgeError } from '../errors';

/**
 * Reads a JSON body and validates it with a zod schema.
 * @throws BridgeError `bad_request` (not JSON) or `validation_failed` (wrong shape; the first issue is named)
 */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S, options: { optional?: boolean } = {}): Promise<z.infer<S>> {
  const text = await c.req.text();
  let raw: unknown = undefined;
  if (text.trim() !== '' || !options.optional) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new BridgeError('bad_request', 'The request body must be JSON.');
    }
  }
  const result = schema.safeParse(raw ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new BridgeError('validation_failed', `Invalid request: ${where}${issue?.message ?? 'wrong shape'}.`);
  }
  return result.data;
}

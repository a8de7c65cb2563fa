import { z } from 'zod';
import { badRequest } from './errors';

type ObjectFactory = typeof z.object;

/**
 * Every request body the API takes, built twice: `loose` (what the simulator accepts; unknown keys are
 * dropped, as Ada tolerates the demo's extra channel `status`) and `strict` (exactly the documented
 * contract; anything extra is recorded as a violation).
 */
function defineSchemas(object: ObjectFactory) {
  const metadataValue = z.union([z.string(), z.number(), z.boolean()]);
  const metadata = z.record(z.string(), metadataValue);
  const profile = object({
    first_name: z.string().nullable().optional(),
    last_name: z.string().nullable().optional(),
    display_name: z.string().nullable().optional(),
    avatar: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    language: z.string().nullable().optional(),
    // [spec §5] profile metadata values are str, bool or int
    metadata: z.record(z.string(), z.union([z.string(), z.boolean(), z.number().int()])).optional(),
    sensitive_metadata: object({ fields: z.record(z.string(), z.unknown()) }).optional(),
  });
  const externalId = z.string().min(1).max(36);
  return {
    channelCreate: object({
      name: z.string().min(1),
      description: z.string(),
      modality: z.enum(['messaging', 'email', 'voice', 'sms']),
      metadata: metadata.optional(),
      capabilities: object({ markdown: z.boolean() }).optional(),
    }),
    channelPatch: object({ capabilities: object({ markdown: z.boolean() }) }),
    endUserCreate: object({ external_id: externalId.nullable().optional(), profile: profile.optional() }),
    endUserPatch: object({ external_id: externalId.nullable().optional(), profile }),
    conversationCreate: object({
      channel_id: z.string().min(1),
      end_user_id: z.string().min(1).nullable().optional(),
      metadata: metadata.optional(),
    }),
    conversationPatch: object({ metadata: z.record(z.string(), metadataValue.nullable()) }),
    messageCreate: object({
      author: object({
        id: z.string().nullable().optional(),
        role: z.enum(['end_user', 'human_agent']),
        display_name: z.string().nullable().optional(),
        avatar: z.string().nullable().optional(),
      }),
      content: z.discriminatedUnion('type', [
        object({ type: z.literal('text'), body: z.string().min(1) }),
        object({ type: z.literal('file'), url: z.string().min(1), mime_type: z.string().min(1), filename: z.string().min(1) }),
      ]),
    }),
    /** `end/` and `end-handoff/` take no body; `{}` is what Ada's handoffs demo sends. */
    empty: object({}),
  };
}

const loose = defineSchemas(z.object);
const strict = defineSchemas(z.strictObject as ObjectFactory);

/** Names of the request bodies the API validates. */
export type BodyName = keyof typeof loose;

/** The parsed (loose) shape of a request body. */
export type BodyOf<N extends BodyName> = z.infer<(typeof loose)[N]>;

/** A validated body plus every way it differs from the strict contract. */
export interface ParsedBody<N extends BodyName> {
  data: BodyOf<N>;
  problems: string[];
}

function describe(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
    return `${where}: ${issue.message}`;
  });
}

/**
 * Validates a body. Invalid input throws a 400 in Ada's shape; input that is accepted but not in the
 * documented contract (unknown keys) comes back in `problems`.
 * @example const { data, problems } = parseBody('channelPatch', { capabilities: { markdown: true } });
 */
export function parseBody<N extends BodyName>(name: N, body: unknown): ParsedBody<N> {
  const accepted = loose[name].safeParse(body);
  if (!accepted.success) {
    const problems = describe(accepted.error.issues);
    throw badRequest('Invalid request body', problems.join('; '));
  }
  const exact = strict[name].safeParse(body);
  return { data: accepted.data as BodyOf<N>, problems: exact.success ? [] : describe(exact.error.issues) };
}

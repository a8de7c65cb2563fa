import { BridgeError } from '../errors';
import type { Metadata, MetadataValue } from '../protocol/api';

/** Ada's limit on conversation metadata (keys and values, as JSON). */
const METADATA_MAX_BYTES = 4096;

/**
 * Checks metadata against Ada's rules: string keys, values string/bool/finite number (or null when `allowNull`,
 * which deletes a key on PATCH), at most 4 KB as JSON. Throws a clear `BridgeError` otherwise.
 * @example validateMetadata({ plan: 'pro', seats: 3 }) // returns it unchanged
 */
export function validateMetadata<T extends MetadataValue | null = MetadataValue>(
  metadata: Record<string, unknown>,
  options: { allowNull?: boolean } = {},
): Record<string, T> {
  for (const [key, value] of Object.entries(metadata)) {
    if (key.length === 0 || key.length > 128) {
      throw new BridgeError('validation_failed', `Metadata keys must be 1 to 128 characters ("${key.slice(0, 20)}").`);
    }
    const ok = typeof value === 'string' || typeof value === 'boolean'
      || (typeof value === 'number' && Number.isFinite(value)) || (value === null && options.allowNull);
    if (!ok) {
      throw new BridgeError('validation_failed', `Metadata "${key}" must be a string, number or boolean.`);
    }
  }
  const bytes = Buffer.byteLength(JSON.stringify(metadata));
  if (bytes > METADATA_MAX_BYTES) {
    throw new BridgeError('metadata_too_large', `Metadata is ${bytes} bytes; Ada allows at most ${METADATA_MAX_BYTES}.`);
  }
  return metadata as Record<string, T>;
}

/** Conversation metadata at start: widget metadata, then the page and surface the bridge records. */
export function startMetadata(input: { metadata?: Metadata; page?: { url: string; title?: string }; surface?: 'launcher' | 'inline' }): Metadata {
  const out: Metadata = { ...(input.metadata ?? {}) };
  if (input.page?.url) out.page_url = input.page.url;
  if (input.page?.title) out.page_title = input.page.title;
  if (input.surface === 'inline') out.started_from_help_center = true;
  return validateMetadata(out);
}

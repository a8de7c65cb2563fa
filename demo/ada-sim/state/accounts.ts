import { AdaApiError, badRequest, notFound } from '../api/errors';
import type { BodyOf } from '../api/schemas';
import type { Channel, EndUser, EndUserProfile } from '../types';
import { endUserData } from '../webhooks/events';
import { jsonBytes, newId, type SimContext } from './context';
import { findEndUserByExternalId } from './store';

/** [spec §2, §7] channel and conversation metadata: 4 KB in total. */
export const METADATA_LIMIT_BYTES = 4096;
/** [spec §7] end-user profile metadata: 10 KB in total. */
export const PROFILE_METADATA_LIMIT_BYTES = 10_240;
/** [spec §5] sensitive metadata holds at most 20 keys. */
const SENSITIVE_FIELDS_LIMIT = 20;

/** Creates a custom channel. */
export function createChannel(ctx: SimContext, input: BodyOf<'channelCreate'>): Channel {
  const metadata = input.metadata ?? {};
  if (jsonBytes(metadata) > METADATA_LIMIT_BYTES) throw badRequest('Metadata too large', 'Channel metadata is limited to 4 KB');
  const channel: Channel = {
    id: newId(ctx),
    type: 'custom',
    name: input.name,
    description: input.description,
    modality: input.modality,
    capabilities: { markdown: input.capabilities?.markdown ?? false },
    metadata,
    created_at: ctx.clock.now(),
  };
  ctx.store.channels.set(channel.id, channel);
  return channel;
}

/** Updates a channel's capabilities (custom channels only). */
export function patchChannel(ctx: SimContext, id: string, input: BodyOf<'channelPatch'>): Channel {
  const channel = ctx.store.channels.get(id);
  if (!channel) throw notFound('Channel', id);
  if (channel.type !== 'custom') throw new AdaApiError(422, 'Only custom channels can be updated', null, true);
  channel.capabilities = { ...channel.capabilities, ...input.capabilities };
  return channel;
}

function emptyProfile(): EndUserProfile {
  return {
    first_name: null,
    last_name: null,
    display_name: null,
    avatar: null,
    email: null,
    language: null,
    metadata: {},
    system_properties: { sunshine_user_id: null },
  };
}

type ProfileInput = NonNullable<BodyOf<'endUserCreate'>['profile']>;

/** Merges a profile input into a profile; `sensitive_metadata` is write-only and not kept here. */
function mergeProfile(profile: EndUserProfile, input: ProfileInput | undefined): EndUserProfile {
  if (!input) return profile;
  const fields = input.sensitive_metadata?.fields ?? {};
  if (Object.keys(fields).length > SENSITIVE_FIELDS_LIMIT) throw badRequest('Too many sensitive metadata fields', 'At most 20 keys');
  const { metadata, sensitive_metadata: _sensitive, ...named } = input;
  const merged: EndUserProfile = { ...profile, metadata: { ...profile.metadata, ...metadata } };
  for (const [key, value] of Object.entries(named)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  if (jsonBytes(merged.metadata) > PROFILE_METADATA_LIMIT_BYTES) throw badRequest('Metadata too large', 'Profile metadata is limited to 10 KB');
  return merged;
}

/** Creates an end user and fires `v1.end_user.created`. */
export function createEndUser(ctx: SimContext, externalId: string | null, profile?: ProfileInput): EndUser {
  const now = ctx.clock.now();
  const user: EndUser = {
    end_user_id: newId(ctx),
    external_id: externalId,
    profile: mergeProfile(emptyProfile(), profile),
    created_at: now,
    updated_at: now,
  };
  ctx.store.endUsers.set(user.end_user_id, user);
  ctx.emit('v1.end_user.created', endUserData(user));
  return user;
}

/** `POST /end-users/`: upserts by `external_id`. `created` tells 201 from 200. */
export function upsertEndUser(ctx: SimContext, input: BodyOf<'endUserCreate'>): { user: EndUser; created: boolean } {
  const externalId = input.external_id ?? null;
  const existing = externalId === null ? undefined : findEndUserByExternalId(ctx.store, externalId);
  if (!existing) return { user: createEndUser(ctx, externalId, input.profile), created: true };
  if (input.profile) {
    existing.profile = mergeProfile(existing.profile, input.profile);
    existing.updated_at = ctx.clock.now();
    ctx.emit('v1.end_user.updated', endUserData(existing));
  }
  return { user: existing, created: false };
}

/** `PATCH /end-users/{id}`: updates the profile and optionally the external id (409 when taken). */
export function patchEndUser(ctx: SimContext, id: string, input: BodyOf<'endUserPatch'>): EndUser {
  const user = ctx.store.endUsers.get(id);
  if (!user) throw notFound('End user', id);
  if (input.external_id) {
    const owner = findEndUserByExternalId(ctx.store, input.external_id);
    if (owner && owner.end_user_id !== id) throw new AdaApiError(409, 'External id already in use', `external_id ${input.external_id} belongs to another end user`);
  }
  user.profile = mergeProfile(user.profile, input.profile);
  if (input.external_id !== undefined) user.external_id = input.external_id;
  user.updated_at = ctx.clock.now();
  ctx.emit('v1.end_user.updated', endUserData(user));
  return user;
}

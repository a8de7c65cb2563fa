import type { AdaClient } from '../ada/adaClient';
import type { Store } from '../store/types';
import type { Leases } from './leases';

/** Raised at start-up when the channel cannot be used; its message is one line for the operator. */
export class ChannelSetupError extends Error {
  override name = 'ChannelSetupError';
}

/** Options of `ensureChannel`. */
export interface EnsureChannelOptions {
  ada: AdaClient;
  store: Store;
  adaBaseUrl: string;
  configuredId?: string;
  name: string;
  allowedOrigins: string[] | '*';
  /** Several instances starting at once: one looks up or creates the channel while the others wait, then re-read. */
  leases?: Leases;
}

/**
 * Resolves the custom messaging channel: the configured id (must exist in Ada's custom channel list), else the
 * id stored from an earlier start (if Ada still has it), else a new channel, stored so a restart never creates
 * a second one. The stored id is keyed by Ada base URL, so pointing the bridge at another account starts over.
 * With `leases`, the look-up and creation run under a lock shared by the instances, so two starting at once
 * create one channel: the second finds the first one's id stored when it gets the lock.
 * @example const channelId = await ensureChannel({ ada, store, adaBaseUrl, name: 'Parley web chat', allowedOrigins });
 */
export async function ensureChannel(options: EnsureChannelOptions): Promise<string> {
  const { ada } = options;
  if (options.configuredId) {
    const channels = await ada.listCustomChannels();
    if (!channels.some((c) => c.id === options.configuredId)) {
      throw new ChannelSetupError(`ADA_CHANNEL_ID: channel "${options.configuredId}" is not one of this Ada account's custom channels`);
    }
    return options.configuredId;
  }
  const key = `channel_id:${options.adaBaseUrl}`;
  if (options.leases) return options.leases.withLock(key, () => storedOrNewChannel(options, key));
  return storedOrNewChannel(options, key);
}

async function storedOrNewChannel(options: EnsureChannelOptions, key: string): Promise<string> {
  const { ada, store } = options;
  const stored = await store.getSetting(key);
  if (stored) {
    const channels = await ada.listCustomChannels();
    if (channels.some((c) => c.id === stored)) return stored;
  }
  const hosts = options.allowedOrigins === '*' ? '*' : options.allowedOrigins.map((o) => new URL(o).host).join(',');
  const created = await ada.createChannel({
    name: options.name,
    description: 'Web chat on the site, through the Parley bridge',
    modality: 'messaging',
    metadata: { webpage_host: hosts },
    capabilities: { markdown: true },
  });
  await store.setSetting(key, created.id);
  return created.id;
}

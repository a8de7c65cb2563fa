import type { AdaSim } from '../types';

/** A response as tests look at it. */
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A tiny Ada API client for tests: `api('POST', '/channels/', body)` adds the base, key and JSON. */
export function apiClient(sim: AdaSim, apiKey = sim.apiKey) {
  return async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const url = path.startsWith('http') ? path : `${sim.url}/api/v2${path}`;
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
}

/** Creates a channel and a conversation; returns their ids and the end user's id. */
export async function startConversation(sim: AdaSim, markdown = false): Promise<{ channelId: string; conversationId: string; endUserId: string }> {
  const api = apiClient(sim);
  const channel = await api<{ id: string }>('POST', '/channels/', { name: 'Web', description: 'Parley', modality: 'messaging', capabilities: { markdown } });
  const conversation = await api<{ id: string; end_user_id: string }>('POST', '/conversations/', { channel_id: channel.body.id });
  return { channelId: channel.body.id, conversationId: conversation.body.id, endUserId: conversation.body.end_user_id };
}

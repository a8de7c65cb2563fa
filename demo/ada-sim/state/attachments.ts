import { AdaApiError } from '../api/errors';
import { newId, type SimContext } from './context';
import { getConversation } from './conversations';

/** [spec §3] attachments are limited to 50 MB. */
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

/** What `POST /conversations/{id}/attachments/` answers. */
export interface AttachmentResponse {
  url: string;
  mime_type: string;
  filename: string;
}

/**
 * Stores an upload for a conversation in handoff and returns the URL a `file` message must use.
 * @throws AdaApiError 404 (conversation), 422 (not in handoff), 413 (over 50 MB)
 */
export function storeAttachment(ctx: SimContext, conversationId: string, file: File, bytes: Uint8Array, baseUrl: string): AttachmentResponse {
  const { handoffIntegration } = getConversation(ctx, conversationId);
  if (handoffIntegration === null) throw new AdaApiError(422, 'Attachments can only be uploaded during a handoff');
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES) throw new AdaApiError(413, 'Attachment too large', 'The limit is 50 MB', true);
  const id = newId(ctx);
  const filename = file.name || 'file';
  const mime_type = file.type || 'application/octet-stream';
  ctx.store.files.set(id, { bytes, mime_type, filename });
  const url = `${baseUrl}/_sim/files/${id}/${encodeURIComponent(filename)}`;
  ctx.store.attachmentUrls.add(url);
  return { url, mime_type, filename };
}

import type { SendMessageResponse } from '../../../bridge-server/src/protocol/api';
import type { ApiError } from './api';

/** Options of `uploadFile`. */
export interface UploadOptions {
  /** `${bridgeUrl}/v1/attachments` */
  url: string;
  token: string;
  file: File;
  clientId: string;
  /** 0–100 as the bytes leave the browser. */
  onProgress(percent: number): void;
}

/**
 * Sends a file to the bridge as the raw request body. XHR rather than fetch: only it reports upload progress in
 * every browser. Rejects with an `ApiError` (status 0 when the network failed).
 * @example await uploadFile({ url, token, file, clientId, onProgress: (p) => console.log(p) });
 */
export function uploadFile(o: UploadOptions): Promise<SendMessageResponse> {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', o.url);
    x.setRequestHeader('authorization', 'Bearer ' + o.token);
    // The declared type is checked against the content by the bridge; an unknown one is left for it to sniff.
    x.setRequestHeader('content-type', o.file.type || 'application/octet-stream');
    x.setRequestHeader('x-parley-client-id', o.clientId);
    x.setRequestHeader('x-parley-filename', encodeURIComponent(o.file.name));
    x.upload.onprogress = (e) => e.lengthComputable && o.onProgress(Math.round((e.loaded / e.total) * 100));
    x.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(x.responseText);
      } catch {
        // not JSON: described from the status below
      }
      if (x.status < 300) return resolve(body as SendMessageResponse);
      const e = (body as { error?: Partial<ApiError> } | null)?.error;
      reject({ status: x.status, code: e?.code ?? 'http_' + x.status, message: e?.message ?? x.statusText } satisfies ApiError);
    };
    x.onerror = () => reject({ status: 0, code: 'network', message: 'The file could not be sent.' } satisfies ApiError);
    x.send(o.file);
  });
}

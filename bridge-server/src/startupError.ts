import { join } from 'node:path';
import { AdaError } from './ada/adaClient';
import { ChannelSetupError } from './chat/channel';

/** What the start-up failed with, to name the setting at fault. */
export interface StartupSettings {
  adaBaseUrl: string;
  host: string;
  port: number;
  dataDir: string;
}

const codeOf = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

/**
 * The one `[parley]` line (without the prefix) an operator reads when the bridge cannot start: which setting,
 * what is wrong with it, what to do. Never quotes the API key.
 * @example console.error(`[parley] ${describeStartupError(err, { adaBaseUrl, host, port, dataDir })}`);
 */
export function describeStartupError(err: unknown, s: StartupSettings): string {
  if (err instanceof ChannelSetupError) return err.message;
  if (err instanceof AdaError) {
    if (err.status === 401 || err.status === 403) {
      return `ADA_API_KEY: Ada at ${s.adaBaseUrl} refused the key (${err.status} on ${err.operation}); create one under Platform > APIs`;
    }
    if (err.status === 0) return `ADA_BASE_URL: Ada at ${s.adaBaseUrl} did not answer ${err.operation} (${causeOf(err)})`;
    if (err.status === 404) return `ADA_BASE_URL: ${s.adaBaseUrl} answered 404 to ${err.operation}; is it https://<handle>.ada.support?`;
    return `could not start: ${err.message}`;
  }
  const code = codeOf(err);
  const where = `${s.host}:${s.port}`;
  if (code === 'EADDRINUSE') return `PORT: ${where} is already in use (another bridge?); stop it or choose another PORT`;
  if (code === 'EACCES' && (err as { syscall?: string }).syscall === 'listen') return `PORT: not allowed to listen on ${where}`;
  if (code === 'EADDRNOTAVAIL') return `HOST: ${s.host} is not an address of this machine`;
  const file = join(s.dataDir, 'parley.db');
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return `DATA_DIR: ${file} is not a readable SQLite database (corrupted?); restore it from a backup or move it away to start empty`;
  }
  if (code.startsWith('SQLITE_') || ['EACCES', 'EROFS', 'ENOSPC', 'ENOTDIR', 'EEXIST'].includes(code)) {
    return `DATA_DIR: cannot use ${file} (${code}: ${(err as Error).message})`;
  }
  return `could not start: ${err instanceof Error ? err.message : String(err)}`;
}

function causeOf(err: AdaError): string {
  const cause = err.cause as { cause?: { code?: unknown }; code?: unknown; name?: string } | undefined;
  // Only a string code names the cause (ECONNREFUSED); a DOMException's is a number (a timeout's is 23): use its name.
  const text = (code: unknown): string | undefined => (typeof code === 'string' ? code : undefined);
  return text(cause?.cause?.code) ?? text(cause?.code) ?? cause?.name ?? 'no answer';
}

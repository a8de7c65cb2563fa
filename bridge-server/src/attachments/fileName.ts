import type { SniffableType } from './sniffType';

/** File name extensions each type may carry; the first is added when a name has none of them. */
const EXTENSIONS: Record<SniffableType, readonly string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'log', 'text', 'csv', 'md'],
};

/**
 * A safe name for an uploaded file: no path, no control or reserved characters, at most 100 characters, and an
 * extension that matches its checked type (so `invoice.html` that is really a PNG reaches the agent as
 * `invoice.html.png`, and no one's computer opens it as a web page).
 * @example safeFileName('../../etc/passwd', 'text/plain'); // 'passwd.txt'
 */
export function safeFileName(raw: string, type: SniffableType): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters never belong in a file name
  let name = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  const allowed = EXTENSIONS[type];
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  if (!ext || !allowed.includes(ext)) name = `${name || 'file'}.${allowed[0]}`;
  if (name.length > 100) name = `${name.slice(0, 100 - (allowed[0]?.length ?? 0) - 1)}.${ext && allowed.includes(ext) ? ext : allowed[0]}`;
  return name;
}

/**
 * Types whose content the bridge can recognise, so an upload's declared type is never taken on trust. SVG is
 * not among them on purpose: it is a document that can carry script.
 */
export const SNIFFABLE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'] as const;

/** A type `sniffType` can name. */
export type SniffableType = (typeof SNIFFABLE_TYPES)[number];

/** `ATTACHMENT_TYPES` by default: every type the bridge can check (images, PDF, plain text). */
export const DEFAULT_ATTACHMENT_TYPES: readonly string[] = SNIFFABLE_TYPES;

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  signature.every((b, i) => bytes[at + i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** True for UTF-8 text without NUL or other control characters than tab, line feed, form feed and carriage return. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what binary content has
  return !/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text);
}

/**
 * The type of a file from its first bytes (magic numbers, as the WHATWG MIME Sniffing standard lists them), or
 * null when it is none of {@link SNIFFABLE_TYPES}.
 * @example sniffType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])); // 'image/png'
 */
export function sniffType(bytes: Uint8Array): SniffableType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBPVP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (bytes.length > 0 && isPlainText(bytes)) return 'text/plain';
  return null;
}

import { describe, expect, it } from 'vitest';
import { sniffType } from './sniffType';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('sniffType', () => {
  it('recognises each allowed type by its magic bytes', () => {
    expect(sniffType(bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13]))).toBe('image/png');
    expect(sniffType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffType(bytes('GIF89a', [1, 0]))).toBe('image/gif');
    expect(sniffType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffType(new TextEncoder().encode('Order 4242: the pen is broken. Ça ne marche pas.\r\n'))).toBe('text/plain');
  });

  it('names nothing for executables, archives, other RIFF files, invalid UTF-8 and empty files', () => {
    expect(sniffType(bytes([0x4d, 0x5a, 0x90, 0x00]))).toBeNull(); // a Windows executable
    expect(sniffType(bytes('PK', [3, 4, 20, 0]))).toBeNull(); // a zip
    expect(sniffType(new Uint8Array())).toBeNull();
    expect(sniffType(bytes([0xc3, 0x28]))).toBeNull(); // invalid UTF-8
    expect(sniffType(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBeNull(); // a WAV, not a WebP
  });
});

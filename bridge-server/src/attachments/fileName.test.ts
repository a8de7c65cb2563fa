import { describe, expect, it } from 'vitest';
import { safeFileName } from './fileName';

describe('safeFileName', () => {
  it('keeps a plain name whose extension matches the type', () => {
    expect(safeFileName('Screenshot 2026-12-03.png', 'image/png')).toBe('Screenshot 2026-12-03.png');
    expect(safeFileName('photo.JPEG', 'image/jpeg')).toBe('photo.JPEG');
  });

  it('drops paths, control and reserved characters and leading dots', () => {
    expect(safeFileName('../../etc/passwd', 'text/plain')).toBe('passwd.txt');
    expect(safeFileName('C:\\Users\\me\\bill.pdf', 'application/pdf')).toBe('bill.pdf');
    expect(safeFileName('a\u0000b\r\n<c>"d".pdf', 'application/pdf')).toBe('abcd.pdf');
    expect(safeFileName('.htaccess', 'text/plain')).toBe('htaccess.txt');
  });

  it('adds the right extension when the name has another, or none', () => {
    expect(safeFileName('invoice.html', 'image/png')).toBe('invoice.html.png');
    expect(safeFileName('', 'image/gif')).toBe('file.gif');
    expect(safeFileName('...', 'application/pdf')).toBe('file.pdf');
  });

  it('cuts long names to 100 characters, keeping the extension', () => {
    const name = safeFileName(`${'x'.repeat(300)}.png`, 'image/png');
    expect(name).toHaveLength(100);
    expect(name.endsWith('.png')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { toPlainText } from './format';

describe('toPlainText', () => {
  it('removes emphasis markers and turns bullets into •', () => {
    expect(toPlainText('- **Plus**, $4\n- *Pro*: __big__')).toBe('• Plus, $4\n• Pro: big');
  });

  it('keeps numbered lists and spells out links', () => {
    expect(toPlainText('1. Open [Settings](https://x.test/s)')).toBe('1. Open Settings (https://x.test/s)');
  });
});

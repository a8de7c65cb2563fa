import { afterEach, describe, expect, it, vi } from 'vitest';

describe('widget entry', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    vi.resetModules();
  });

  it('mounts a labelled launcher inside an open shadow root', async () => {
    await import('./index');
    const host = document.querySelector('[data-parley]');
    expect(host?.shadowRoot).toBeTruthy();
    expect(host?.shadowRoot?.querySelector('button')?.getAttribute('aria-label')).toBe('Open chat');
  });
});

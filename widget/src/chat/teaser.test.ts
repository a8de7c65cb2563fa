import { signal } from '@preact/signals-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStorage } from '../lib/storage';
import { parseOptions } from '../options';
import { createTeaser } from './teaser';

// jsdom has no constructable stylesheets: a stand-in is enough to adopt.
class Sheet {
  replaceSync() {}
}
Object.defineProperty(ShadowRoot.prototype, 'adoptedStyleSheets', { value: [], writable: true, configurable: true });

describe('createTeaser', () => {
  let root: ShadowRoot;
  const open = signal(false);
  const answer = vi.fn();
  const make = (attrs: Record<string, unknown> = { proactive: 'Need a hand?' }) =>
    createTeaser({ root, opts: parseOptions(attrs, { pageOrigin: 'https://shop.test' }), storage: createStorage('local', 'https://shop.test'), dir: 'ltr', open, answer });
  const card = () => root.querySelector('.teaser');
  const status = () => root.querySelector('[role="status"]')?.textContent;

  beforeEach(() => {
    vi.stubGlobal('CSSStyleSheet', Sheet);
    const host = document.body.appendChild(document.createElement('div'));
    root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<div class="root"><button class="launcher">Open chat</button></div>';
    open.value = false;
    answer.mockReset();
  });
  afterEach(() => {
    document.body.innerHTML = '';
    localStorage.clear();
    vi.unstubAllGlobals();
  });

  it('shows nothing until shown, then the text in a polite status line and as a button, and remembers it', () => {
    const teaser = make();
    expect(card()).toBeNull();
    expect(status()).toBe('');
    teaser.show();
    expect(card()?.querySelector('button.say')?.textContent).toBe('Need a hand?');
    expect(status()).toBe('Need a hand?');
    expect(root.querySelector('button[aria-label="Dismiss"]')).toBeTruthy();
    expect(localStorage.getItem('parley:https://shop.test:teased')).toBe('true');
    expect(document.activeElement).toBe(document.body); // no focus stolen
    teaser.destroy();
    expect(root.querySelector('.teaser, [role="status"]')).toBeNull();
  });

  it('answers: hides and hands its text over as the greeting', () => {
    const teaser = make();
    teaser.show();
    card()?.querySelector<HTMLButtonElement>('button.say')?.click();
    expect(answer).toHaveBeenCalledWith('Need a hand?');
    expect(card()).toBeNull();
    teaser.destroy();
  });

  it('goes with its close button or Escape, focus back on the launcher', () => {
    const teaser = make();
    teaser.show();
    const x = root.querySelector<HTMLButtonElement>('button[aria-label="Dismiss"]')!;
    x.focus();
    x.click();
    expect(card()).toBeNull();
    expect(root.activeElement).toBe(root.querySelector('.launcher'));
    // Shown again on this page only if asked again; Escape from anywhere in the widget dismisses it.
    teaser.show();
    root.querySelector('.launcher')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(card()).toBeNull();
    expect(answer).not.toHaveBeenCalled();
    teaser.destroy();
  });

  it('never beside an open panel, and goes when the panel opens', () => {
    const teaser = make();
    open.value = true;
    teaser.show();
    expect(card()).toBeNull();
    open.value = false;
    teaser.show();
    expect(card()).toBeTruthy();
    open.value = true;
    expect(card()).toBeNull();
    teaser.destroy();
  });

  it('shows nothing without data-proactive', () => {
    const teaser = make({});
    teaser.show();
    expect(card()).toBeNull();
    expect(localStorage.length).toBe(0);
    teaser.destroy();
  });
});

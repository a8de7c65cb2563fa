import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { msg, renderWithStore, update } from '../test/renderWithStore';
import { App } from './App';

describe('App', () => {
  it('opens the panel with focus in the composer, and Escape closes it with focus back on the launcher', () => {
    const { chat } = renderWithStore(<App />, {}, false);
    expect(screen.queryByRole('log')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Open chat' }));
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' });
    expect(chat.open.value).toBe(false);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open chat' }));
  });

  it('renders inline without a launcher', () => {
    renderWithStore(<App />, { mode: 'inline', target: '#help' });
    expect(screen.getByRole('region')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Open chat' })).toBeNull();
  });

  it('lays out right-to-left with Arabic strings', () => {
    const { container } = renderWithStore(<App />, { lang: 'ar' }, false);
    expect(container.querySelector('[dir="rtl"]')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'فتح الدردشة' })).toBeTruthy();
  });

  it('announces each new agent reply once in a polite live region', () => {
    const { store, container } = renderWithStore(<App />);
    const region = container.querySelector('[aria-live="polite"][aria-atomic]') as HTMLElement;
    update(() => store.receive(msg({ id: 'r1', text: 'Your order shipped.' })));
    expect(region.textContent).toBe('Your order shipped.');
    update(() => store.receive(msg({ role: 'end_user', text: 'thanks' })));
    expect(region.textContent).toBe('Your order shipped.');
  });
});

import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { msg, renderWithStore, update } from '../test/renderWithStore';
import { Composer } from './Composer';
import { MessageList } from './MessageList';

const handoff = { agentName: 'Grace', agentAvatar: null };
const conv = { id: 'c', status: 'active' as const, createdAt: '', endedAt: null, endedBy: null, handoff: null };
const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'shot.png', { type: 'image/png' });

describe('Attach file', () => {
  it('is offered only while a human agent has the conversation, and sends picked files', () => {
    const { store, act, container } = renderWithStore(<Composer />);
    update(() => store.setConversation(conv));
    expect(screen.queryByRole('button', { name: 'Attach file' })).toBeNull();
    update(() => store.setHandoff(handoff));
    const button = screen.getByRole('button', { name: 'Attach file' });
    expect(button.tagName).toBe('BUTTON'); // focusable and announced as a button
    const input = container.querySelector('input[type=file]') as HTMLInputElement;
    const file = png();
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
    expect(act.attach).toHaveBeenCalledWith(file);
    update(() => store.setHandoff(null));
    expect(screen.queryByRole('button', { name: 'Attach file' })).toBeNull();
  });

  it('sends a pasted image during a handoff, and leaves pasting to the textarea otherwise', () => {
    const { store, act } = renderWithStore(<Composer />);
    update(() => store.setConversation(conv));
    const box = screen.getByRole('textbox', { name: 'Message' });
    const file = png();
    fireEvent.paste(box, { clipboardData: { files: [file] } });
    expect(act.attach).not.toHaveBeenCalled();
    update(() => store.setHandoff(handoff));
    fireEvent.paste(box, { clipboardData: { files: [file] } });
    fireEvent.drop(box, { dataTransfer: { files: [file] } });
    expect(act.attach).toHaveBeenCalledTimes(2);
  });
});

describe('file messages', () => {
  it('draws raster images, but never an SVG, and offers other files as a download with a safe name', () => {
    const { store, container } = renderWithStore(<MessageList />);
    update(() => {
      store.upsert(msg({ content: { type: 'file', url: 'https://files.test/a.png', mimeType: 'image/png', filename: 'a.png' } }));
      store.upsert(msg({ content: { type: 'file', url: 'https://files.test/x.svg', mimeType: 'image/svg+xml', filename: 'x.svg' } }));
      store.upsert(msg({ content: { type: 'file', url: 'https://files.test/r.pdf', mimeType: 'application/pdf', filename: '../../.bashrc<>.pdf' } }));
    });
    const imgs = [...container.querySelectorAll('.bubble img')].map((i) => i.getAttribute('src'));
    expect(imgs).toEqual(['https://files.test/a.png']);
    const links = [...container.querySelectorAll('.bubble a')] as HTMLAnchorElement[];
    expect(links.map((a) => a.rel)).toEqual(['noopener noreferrer', 'noopener noreferrer', 'noopener noreferrer']);
    expect(links[1]?.getAttribute('download')).toBe('x.svg');
    expect(links[2]?.getAttribute('download')).toBe('bashrc.pdf');
  });

  it('shows a file being sent with its progress, then failed with Retry', () => {
    const { store, act } = renderWithStore(<MessageList />);
    const local = { ...msg({ role: 'end_user', clientId: 'f1', id: 'local:f1' }), content: { type: 'file' as const, url: '', mimeType: 'image/png', filename: 'shot.png' } };
    update(() => store.upsert({ ...local, state: 'sending', progress: 42 }));
    expect(screen.getByText('shot.png')).toBeTruthy();
    expect(screen.getByText('Sending… 42%')).toBeTruthy();
    update(() => store.upsert({ ...local, state: 'failed' }));
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(act.retry).toHaveBeenCalledWith('f1');
  });
});

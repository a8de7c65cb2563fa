import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStorage } from '../lib/storage';
import type { AttachOptions, ChatInstance } from '../loader/contract';
import type { WidgetOptions } from '../types';
import { inLanguage } from './inLanguage';

const load = vi.hoisted(() => ({ table: undefined as Promise<string | undefined> | undefined }));
vi.mock('../i18n/load', () => ({ loadTable: () => load.table }));

const options = (lang: string) => ({ root: {} as ShadowRoot, opts: { lang } as WidgetOptions, store: createStorage('none', ''), open: false, setOpen: () => {} }) satisfies AttachOptions;
const instance = () => ({ setOpen: vi.fn(), tease: vi.fn(), destroy: vi.fn() }) satisfies ChatInstance;

describe('inLanguage', () => {
  afterEach(() => (load.table = undefined));

  it('attaches at once when the chat file has the language (English)', () => {
    const w = instance();
    const attach = vi.fn(() => w);
    inLanguage(options('en'), vi.fn(), attach).setOpen(true);
    expect(attach).toHaveBeenCalledWith();
    expect(w.setOpen).toHaveBeenCalledWith(true);
  });

  it('attaches with the fetched table, then replays the calls made meanwhile, in order', async () => {
    let resolve!: (t: string) => void;
    load.table = new Promise((r) => (resolve = r));
    const w = instance();
    const attach = vi.fn((_table?: string) => w);
    const handle = inLanguage(options('fr'), vi.fn(), attach);
    // Pending: the loader keeps answering the launcher and shows its frame meanwhile.
    expect(handle.pending).toBe(true);
    handle.setOpen(true);
    handle.tease();
    expect(attach).not.toHaveBeenCalled();
    resolve('Ouvrir le chat|Fermer le chat');
    await load.table;
    expect(attach).toHaveBeenCalledWith('Ouvrir le chat|Fermer le chat');
    expect(handle.pending).toBe(false);
    expect(w.setOpen).toHaveBeenCalledWith(true);
    expect(w.tease.mock.invocationCallOrder[0]).toBeGreaterThan(w.setOpen.mock.invocationCallOrder[0]!);
  });

  it('a widget destroyed before its table arrives never renders, and gives its conversation back', async () => {
    load.table = Promise.resolve('Ouvrir le chat');
    const attach = vi.fn(instance);
    const release = vi.fn();
    inLanguage(options('fr'), release, attach).destroy();
    await load.table;
    expect(release).toHaveBeenCalledOnce();
    expect(attach).not.toHaveBeenCalled();
  });
});

import { Component, type ComponentChildren } from 'preact';
import type { Signal } from '@preact/signals-core';
import type { Messages } from '../i18n/messages';
import type { ChatStore } from '../state/createChatStore';
import type { WidgetOptions } from '../types';

/** What the visitor can do; wired to the controller by mount, to fakes by tests. Components call only these. */
export interface Actions {
  send(text: string): void;
  retry(clientId: string): void;
  end(): void;
  startNew(): void;
  setOpen(open: boolean): void;
  /** Sends a file (during a handoff). */
  attach(file: File): void;
}

/** Everything a component needs: the shared store, this instance's UI state, options, strings and actions. */
export interface Chat {
  store: ChatStore;
  /** Whether this instance's panel is open (always true inline). */
  open: Signal<boolean>;
  /** The composer's text, kept while the panel is closed. */
  draft: Signal<string>;
  opts: WidgetOptions;
  t: Messages;
  dir: 'ltr' | 'rtl';
  act: Actions;
}

/** The context every component receives as its second argument (class components: `this.context`). */
export interface Ctx {
  c: Chat;
}

/**
 * Hands `c` down as Preact's built-in (legacy) context, which needs no hooks: function components get it as their
 * second argument. Rendered afresh by `live()` whenever a signal read below changes.
 */
export class Provide extends Component<{ c: Chat; children?: ComponentChildren }> {
  override getChildContext(): Ctx {
    return { c: this.props.c };
  }
  render() {
    return this.props.children;
  }
}

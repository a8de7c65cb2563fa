/**
 * Entry of the chat file, `chat.<hash>.js` (issue 14): the loader (widget.js) adds its tag when the visitor shows
 * intent. It hands `createChat` to the loader through an event on its own tag, so nothing of the chat is reachable
 * from `window`; the loader listens on the tag it made, and removes the tag once it has run.
 */
import { setTablesBase } from '../i18n/load';
import { CHAT_EVENT } from '../loader/contract';
import { createChat } from './createChat';

const tag = document.currentScript as HTMLScriptElement | null;
// The other languages' tables are served beside this file.
if (tag) setTablesBase(tag.src);
tag?.dispatchEvent(new CustomEvent(CHAT_EVENT, { detail: createChat }));

import type { ComponentChildren } from 'preact';
import type { MessageContent } from '../../../bridge-server/src/protocol/api';
import { format, type Messages } from '../i18n/messages';
import { link, plainText, renderMarkdown, safeUrl } from '../lib/markdown';
import type { UiMessage } from '../types';
import type { Ctx } from './context';
import { AlertIcon } from './icons';
import { Time } from './Time';
import { Who } from './Who';

/** A message's content: markdown text, a link button, an image, or a file download. */
function content(c: MessageContent, t: Messages): ComponentChildren {
  if (c.type === 'text' || c.type === 'presence') return renderMarkdown(c.body);
  if (!safeUrl(c.url)) return <p>{plainText(c)}</p>;
  if (c.type === 'link') return link(c.url, c.linkText ?? c.url, { class: 'cta' });
  if (c.mimeType.startsWith('image/')) return link(c.url, <img src={c.url} alt={c.filename} loading="lazy" />);
  return link(c.url, format(t.file, c.filename), { class: 'cta', download: c.filename });
}

/** Props of `MessageItem`: the message, and where it sits in its group of one author's consecutive messages. */
export interface MessageItemProps {
  m: UiMessage;
  /** First of its group: an agent's name and avatar go above it. */
  first?: boolean;
  /** Last of its group: the time (or the sending state) goes below it. */
  last?: boolean;
}

/** One transcript entry: an end-user, AI Agent or human-agent bubble, or a system notice. */
export function MessageItem({ m, first = true, last = true }: MessageItemProps, { c: { t, act, store } }: Ctx) {
  const body = content(m.content, t);
  if (m.role === 'system' || m.content.type === 'presence') return <div class="notice">{body}</div>;
  const type = m.content.type;
  // A link or file button is a button on its own, not a button in a bubble (it looked double-wrapped).
  const bare = type == 'link' || (type == 'file' && safeUrl(m.content.url));
  return (
    // The role is the class (end_user, ai_agent, human_agent), so panel.css styles each kind of bubble.
    <div class={`msg ${m.role}${m.state ? ' ' + m.state : ''}${last ? ' last' : ''}`}>
      {first && m.role != 'end_user' && <Who m={m} />}
      {/* dir=auto: an English reply in an Arabic widget (or the reverse) keeps its own direction and punctuation. */}
      <div class={bare ? 'bubble bare' : 'bubble'} dir="auto">
        {body}
      </div>
      {m.state === 'sending' && <div class="meta">{store.stalled.value ? t.queued : t.sending}</div>}
      {m.state === 'failed' && (
        <div class="meta err">
          <AlertIcon />
          {t.failed}
          <button class="link" onClick={() => m.clientId && act.retry(m.clientId)}>
            {t.retry}
          </button>
        </div>
      )}
      {last && !m.state && (
        <div class="meta">
          <Time at={m.createdAt} />
        </div>
      )}
    </div>
  );
}

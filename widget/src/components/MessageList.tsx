import { renderMarkdown } from '../lib/markdown';
import type { UiMessage } from '../types';
import type { Ctx } from './context';
import { EndedNotice } from './EndedNotice';
import { Intro } from './Intro';
import { MessageItem } from './MessageItem';
import { Who } from './Who';

/** Who a message is from, for grouping: the role, and which person for a human agent; notices group with nothing. */
const speaker = (m?: UiMessage): string | undefined =>
  m && m.role != 'system' && m.content.type != 'presence' ? m.role + (m.role == 'human_agent' ? ':' + (m.author.displayName ?? '') : '') : undefined;

/**
 * The transcript (`role="log"`): the empty state and greeting, messages grouped by author (one name and avatar per
 * group, one time under it), the thinking indicator and the ended notice. The log lays its one child out in
 * `column-reverse` (panel.css), so the browser keeps the newest message in view as it grows, with no scrolling code,
 * and leaves a visitor who scrolled back up where they are.
 */
export function MessageList(_: unknown, { c: { store, opts, t } }: Ctx) {
  const list = store.messages.value;
  // The greeting speaks for the AI Agent, so a first AI reply joins its group.
  const greet = opts.greeting ? 'ai_agent' : undefined;
  return (
    // A log is implicitly aria-live; replies are announced once by LiveRegion instead, so the log stays quiet.
    <div class="log" role="log" aria-live="off" aria-label={t.title} tabIndex={0}>
      <div>
        {!list.length && !store.ended.value && <Intro />}
        {opts.greeting && (
          <div class={`msg ai_agent${speaker(list[0]) == greet ? '' : ' last'}`}>
            {!!list.length && <Who m={{ role: 'ai_agent', author: { displayName: null, avatar: null } }} />}
            <div class="bubble" dir="auto">{renderMarkdown(opts.greeting)}</div>
          </div>
        )}
        {list.map((m, i) => {
          const who = speaker(m);
          const first = who != (i ? speaker(list[i - 1]) : greet);
          return <MessageItem key={m.clientId ?? m.id} m={m} first={first} last={who != speaker(list[i + 1])} />;
        })}
        {store.thinking.value && (
          <div class="msg ai_agent thinking" role="status">
            <div class="bubble">
              <i />
              <i />
              <i />
              <span class="sr">{t.thinking}</span>
            </div>
          </div>
        )}
        {store.ended.value && <EndedNotice />}
      </div>
    </div>
  );
}

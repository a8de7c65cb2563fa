import type { Messages } from '../i18n/messages';
import type { UiMessage } from '../types';
import { plainText } from './markdown';
import { exactTime } from './time';

/** Names of the transcript's speakers, as the widget shows them. */
export interface Speakers {
  t: Messages;
  agentName?: string;
  lang: string;
}

/** Who said `m`, in the download: "You", the AI Agent's name, the human agent's name. */
const speaker = (m: UiMessage, { t, agentName }: Speakers): string =>
  m.role == 'end_user' ? t.you : m.role == 'ai_agent' ? agentName ?? m.author.displayName ?? t.ai
    : m.role == 'human_agent' ? m.author.displayName ?? t.agent : '—';

/**
 * The conversation as plain text, one block per message: `[exact time] speaker:` then the text (markdown marks
 * dropped, a link as "text <url>"). Messages never sent are left out: the agent never saw them.
 * @example transcriptText(store.messages.value, { t, lang: 'en' })
 */
export function transcriptText(list: UiMessage[], who: Speakers, title = who.t.title): string {
  const lines = [title, ''];
  for (const m of list) {
    if (m.state) continue;
    const c = m.content;
    const body = c.type == 'link' || c.type == 'file' ? `${plainText(c)} <${c.url}>` : plainText(c);
    lines.push(`[${exactTime(m.createdAt, who.lang)}] ${speaker(m, who)}:`, body, '');
  }
  return lines.join('\n');
}

/**
 * Hands `text` to the browser as a `.txt` download (a Blob URL on a temporary link inside `root`, so nothing is
 * added to the host page's own DOM); the URL is revoked once the click has started the download.
 */
export function downloadText(text: string, filename: string, root: Node): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  a.download = filename;
  a.hidden = true;
  root.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href));
}

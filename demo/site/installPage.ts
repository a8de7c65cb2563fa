import { escapeHtml } from './markdown';
import { DEMO_AGENT_NAME, DEMO_GREETING, DEMO_SUBTITLE, DEMO_TITLE, launcherScriptTag, inlineScriptTag } from './layout';

/** One `data-*` attribute of Parley's script tag, as the Install page documents it. */
export interface AttributeDoc {
  name: string;
  values: string;
  defaultValue: string;
  description: string;
}

/** Every `data-*` attribute the widget reads (its JS twin in `Parley.init` is the camelCase name). */
export const WIDGET_ATTRIBUTES: AttributeDoc[] = [
  { name: 'data-bridge-url', values: 'URL', defaultValue: 'origin of the script’s src', description: 'Where your Parley bridge runs. Only needed when widget.js is served from elsewhere (a CDN).' },
  { name: 'data-mode', values: 'launcher | inline', defaultValue: 'launcher', description: 'A floating chat button, or the chat rendered inside an element of your page.' },
  { name: 'data-target', values: 'CSS selector', defaultValue: '—', description: 'The element that holds the inline chat, e.g. #help-chat. Required with data-mode="inline".' },
  { name: 'data-title', values: 'text', defaultValue: 'Chat with us', description: 'Heading of the chat panel.' },
  { name: 'data-subtitle', values: 'text', defaultValue: '—', description: 'Smaller line under the title.' },
  { name: 'data-greeting', values: 'text', defaultValue: '—', description: 'First message shown before the visitor types. Nothing is created at Ada until they send a message.' },
  { name: 'data-placeholder', values: 'text', defaultValue: 'Write a message…', description: 'Placeholder of the message box.' },
  { name: 'data-primary-color', values: 'CSS color', defaultValue: 'Parley’s blue', description: 'Brand color of the launcher, header and your own messages.' },
  { name: 'data-position', values: 'right | left', defaultValue: 'right', description: 'Corner of the floating launcher.' },
  { name: 'data-theme', values: 'light | dark | auto', defaultValue: 'auto', description: 'Color scheme; auto follows the visitor’s system setting.' },
  { name: 'data-lang', values: 'BCP 47 tag', defaultValue: 'the page’s lang, else en', description: 'Language of the widget’s own labels, passed to Ada with the end user’s profile.' },
  { name: 'data-open', values: 'true | false', defaultValue: 'false', description: 'Start with the panel open.' },
  { name: 'data-user-name', values: 'text', defaultValue: '—', description: 'Display name of a signed-in visitor, sent to Ada with the first message.' },
  { name: 'data-user-avatar', values: 'URL', defaultValue: '—', description: 'Avatar of a signed-in visitor.' },
  { name: 'data-metadata', values: 'JSON object', defaultValue: '{}', description: 'Conversation metadata for Ada (string, number or boolean values; 4 KB in total).' },
  { name: 'data-persist', values: 'local | session | none', defaultValue: 'local', description: 'Where the conversation is remembered: across visits, this tab only, or not at all.' },
  { name: 'data-agent-name', values: 'text', defaultValue: 'AI Agent', description: 'Name shown above the AI Agent’s replies (with an “AI Agent” tag, so visitors always know who answers).' },
  { name: 'data-agent-avatar', values: 'http(s) URL', defaultValue: 'a sparkle', description: 'Avatar of the AI Agent: a square image beside its name.' },
  { name: 'data-title-unread', values: 'true | false', defaultValue: 'false', description: 'While the page is hidden, show the number of unread replies in the tab title, as “(2) Your title”; restored exactly when the visitor comes back.' },
  { name: 'data-sound', values: 'true | false', defaultValue: 'false', description: 'Play a short chime for a reply that arrives while the page is hidden.' },
];

/** The widget's default brand colour (widget.css `--parley-primary`), which the demo's tag does not change. */
export const WIDGET_DEFAULT_COLOR = '#4f46e5';
/** The languages the widget has labels for, as the preview offers them. */
const PREVIEW_LANGUAGES = [['en', 'English'], ['fr', 'Français'], ['de', 'Deutsch'], ['es', 'Español'], ['ar', 'العربية']];

function row(attr: AttributeDoc): string {
  return `<tr><th scope="row"><code>${escapeHtml(attr.name)}</code></th><td><code>${escapeHtml(attr.values)}</code></td><td>${escapeHtml(attr.defaultValue)}</td><td>${escapeHtml(attr.description)}</td></tr>`;
}

/** The Install page: the exact script tag, every attribute, and a live preview of theme options. */
export function installPage(bridgeUrl: string): string {
  return `<h1 class="page-title">Install the chat on your site</h1>
    <p class="lead">One script tag, anywhere in your page. Everything is configured with <code>data-*</code> attributes; no JavaScript needed.</p>
    <div class="prose">
      <h2 id="script-tag">The script tag</h2>
      <p>This is the exact tag this help center uses for the chat button in the corner:</p>
      <pre><code data-testid="launcher-snippet">${escapeHtml(launcherScriptTag(bridgeUrl))}</code></pre>
      <p>To put the chat inside an article, add an element and a second tag. Both share one conversation:</p>
      <pre><code>${escapeHtml('<div id="help-chat"></div>')}
${escapeHtml(inlineScriptTag(bridgeUrl))}</code></pre>

      <h2 id="attributes">Attributes</h2>
      <div class="table-wrap">
        <table class="attrs">
          <caption class="preview-status">Every attribute the widget reads. In JavaScript, pass the camelCase name to <code>Parley.init({…})</code>.</caption>
          <thead><tr><th scope="col">Attribute</th><th scope="col">Values</th><th scope="col">Default</th><th scope="col">What it does</th></tr></thead>
          <tbody>
            ${WIDGET_ATTRIBUTES.map(row).join('\n            ')}
          </tbody>
        </table>
      </div>

      <h2 id="preview">Live preview</h2>
      <p>Change an option: the page calls <code>Parley.destroy()</code> and then <code>Parley.init()</code> with the new options, and the chat in the corner updates.</p>
      <form class="preview-controls" id="preview-form" data-bridge-url="${escapeHtml(bridgeUrl)}">
        <label>Theme
          <select class="ui-select" name="theme">
            <option value="light">Light</option>
            <option value="dark">Dark</option>
            <option value="auto" selected>Auto</option>
          </select>
        </label>
        <label>Language
          <select class="ui-select" name="lang">
            ${PREVIEW_LANGUAGES.map(([code, name]) => `<option value="${code}"${code === 'en' ? ' selected' : ''}>${name}</option>`).join('\n            ')}
          </select>
        </label>
        <label>Position
          <select class="ui-select" name="position">
            <option value="right" selected>Bottom right</option>
            <option value="left">Bottom left</option>
          </select>
        </label>
        <label>Primary color
          <!-- The widget's own default colour, so the preview starts out as the real widget on this page. -->
          <input class="ui-input" name="primaryColor" type="color" value="${WIDGET_DEFAULT_COLOR}" />
        </label>
        <label>Title
          <input class="ui-input" name="title" type="text" value="${escapeHtml(DEMO_TITLE)}" />
        </label>
        <label>Subtitle
          <input class="ui-input" name="subtitle" type="text" value="${escapeHtml(DEMO_SUBTITLE)}" />
        </label>
        <label>AI Agent name
          <input class="ui-input" name="agentName" type="text" value="${escapeHtml(DEMO_AGENT_NAME)}" />
        </label>
        <label class="wide">Greeting
          <input class="ui-input" name="greeting" type="text" value="${escapeHtml(DEMO_GREETING)}" />
        </label>
        <button class="ui-btn" type="submit">Apply</button>
      </form>
      <p class="preview-status" id="preview-status" role="status"></p>
      <h3>The same options as a script tag</h3>
      <pre><code id="preview-snippet">${escapeHtml(launcherScriptTag(bridgeUrl))}</code></pre>
    </div>`;
}

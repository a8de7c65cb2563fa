/** The chat file's content-hashed name, e.g. `chat.3f9a1c2b7d.js` (vite.config.ts; `chat.dev.js` under Vitest). */
declare module 'virtual:parley-chat' {
  const file: string;
  export default file;
}

/**
 * The chat's tables of other languages than English, by base language subtag: their content-hashed file names, e.g.
 * `{ fr: 'chat-i18n.fr.3f9a1c2b7d.json' }` (vite.config.ts), served beside the chat file; `{}` under Vitest.
 */
declare module 'virtual:parley-i18n' {
  const files: Record<string, string>;
  export default files;
}

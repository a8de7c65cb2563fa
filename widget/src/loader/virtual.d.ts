/** The chat file's content-hashed name, e.g. `chat.3f9a1c2b7d.js` (vite.config.ts; `chat.dev.js` under Vitest). */
declare module 'virtual:parley-chat' {
  const file: string;
  export default file;
}

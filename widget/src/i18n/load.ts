import files from 'virtual:parley-i18n';

/** Where the tables are: beside the chat file, whose URL chat/index.ts sets from its own tag. */
let base = '';
/** One fetch per table and page, shared by the widgets in that language; a failed one is tried again by the next. */
const loads = new Map<string, Promise<string | undefined>>();

/** Sets the URL the tables' names resolve against: the chat file's own. */
export const setTablesBase = (url: string): void => void (base = url);

/**
 * The `|`-joined UI table for a BCP 47 `lang`, fetched from the bridge (the chat file carries English only), or
 * undefined at once for English and unknown languages. Resolves undefined (English) if the fetch fails, with a
 * console warning: the chat still works, in English.
 * @example const table = loadTable('fr-CA'); if (table) render(await table);
 */
export function loadTable(lang: string): Promise<string | undefined> | undefined {
  const name = files[lang.toLowerCase().split('-')[0] ?? ''];
  if (!name) return;
  let load = loads.get(name);
  if (!load) {
    load = fetch(new URL(name, base || location.href))
      .then((r) => (r.ok ? (r.json() as Promise<string>) : Promise.reject(new Error(`HTTP ${r.status}`))))
      .catch((e: unknown) => {
        loads.delete(name);
        console.warn(`[parley] the chat's ${lang} strings could not load (${String(e)}): showing English`);
        return undefined;
      });
    loads.set(name, load);
  }
  return load;
}

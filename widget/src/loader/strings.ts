import type { Messages } from '../i18n/messages';

/** The few strings the loader shows before the chat arrives. */
export type LoaderStrings = Pick<Messages, 'open' | 'close' | 'min' | 'title'> & { loading: string; failed: string };

const KEYS = ['open', 'close', 'min', 'title', 'loading', 'failed'] as const;

// The first four are the chat's own strings (i18n/messages.ts; a test keeps them equal), kept here so the loader
// does not carry the chat's whole table.
const tables: Record<string, string> = {
  en: 'Open chat|Close chat|Minimize|Chat with us|Loading the chat…|The chat could not load. Trying again…',
  fr: 'Ouvrir le chat|Fermer le chat|Réduire|Discutons|Chargement du chat…|Le chat n’a pas pu se charger. Nouvel essai…',
  de: 'Chat öffnen|Chat schließen|Minimieren|Chat|Chat wird geladen…|Der Chat konnte nicht geladen werden. Neuer Versuch…',
  es: 'Abrir chat|Cerrar chat|Minimizar|Chatea con nosotros|Cargando el chat…|No se pudo cargar el chat. Reintentando…',
  ar: 'فتح الدردشة|إغلاق الدردشة|تصغير|تحدث معنا|جارٍ تحميل الدردشة…|تعذّر تحميل الدردشة. إعادة المحاولة…',
};

/**
 * The loader's strings and text direction for a BCP 47 `lang` (unknown languages: English), with the page's own
 * `title` in place of the default, as the chat's `pickMessages` does.
 * @example loaderStrings('fr-CA').t.open // 'Ouvrir le chat'
 */
export function loaderStrings(lang: string, title?: string): { t: LoaderStrings; dir: 'ltr' | 'rtl' } {
  const base = lang.toLowerCase().split('-')[0] ?? '';
  const values = (tables[base] ?? tables.en ?? '').split('|');
  const t = Object.fromEntries(KEYS.map((k, i) => [k, values[i] ?? ''])) as LoaderStrings;
  t.title = title ?? t.title;
  return { t, dir: base == 'ar' ? 'rtl' : 'ltr' };
}

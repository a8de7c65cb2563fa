/** The teaser's dismiss button, by language (issue 16); kept apart from messages.ts while that table is reworked. */
const dismiss: Record<string, string> = { en: 'Dismiss', fr: 'Ignorer', de: 'Schließen', es: 'Descartar', ar: 'تجاهل' };

/**
 * The accessible name of the proactive teaser's close button for a BCP 47 `lang` (unknown languages: English).
 * @example dismissLabel('fr-CA') // 'Ignorer'
 */
export const dismissLabel = (lang: string): string => dismiss[lang.toLowerCase().split('-')[0] ?? ''] ?? 'Dismiss';

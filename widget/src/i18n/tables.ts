import { EN } from './messages';

// The UI strings of every language but English, in the key order of messages.ts's KEYS. The chat file carries
// English only: the build writes each of these as a content-hashed `chat-i18n.<lang>.<hash>.json` beside the chat
// file (vite.config.ts), which the chat fetches for a widget in that language (i18n/load.ts).
/** Every language's `|`-joined table, by base language subtag. */
export const tables: Record<string, string> = {
  en: EN,
  fr: 'Ouvrir le chat|Fermer le chat|Message|Envoyer|Options|Réduire|Terminer la conversation|Terminer cette conversation ?|Terminer|Annuler|Nouvelle conversation|Discutons|Écrivez un message…|Envoi…|Non envoyé|Réessayer|Réflexion…|Reconnexion…|Hors ligne : envoi plus tard.|Connexion perdue. Envoyez pour réessayer.|Conversation terminée|Vous parlez avec {n}|un agent|{n} caractères restants|{n} non lus|Télécharger {n}|Cette conversation est terminée|{n} caractères de trop|Chat injoignable. Vos messages partiront au retour de la connexion.|En attente de connexion|Télécharger la transcription|Agent IA|Vous|Répond tout de suite, à toute heure. Une personne peut prendre le relais.|Joindre un fichier|OK',
  de: 'Chat öffnen|Chat schließen|Nachricht|Senden|Optionen|Minimieren|Unterhaltung beenden|Diese Unterhaltung beenden?|Beenden|Abbrechen|Neue Unterhaltung|Chat|Nachricht schreiben…|Wird gesendet…|Nicht gesendet|Erneut|Denkt nach…|Verbinde neu…|Offline. Wird später gesendet.|Verbindung verloren. Erneut senden.|Unterhaltung beendet|Sie chatten mit {n}|einem Mitarbeiter|Noch {n} Zeichen|{n} ungelesen|{n} herunterladen|Diese Unterhaltung ist beendet|{n} Zeichen zu viel|Chat nicht erreichbar. Ihre Nachrichten werden gesendet, sobald die Verbindung zurück ist.|Wartet auf Verbindung|Verlauf herunterladen|KI-Agent|Sie|Antwortet sofort, rund um die Uhr. Bei Bedarf übernimmt ein Mensch.|Datei anhängen|OK',
  es: 'Abrir chat|Cerrar chat|Mensaje|Enviar|Opciones|Minimizar|Terminar conversación|¿Terminar esta conversación?|Terminar|Cancelar|Nueva conversación|Chatea con nosotros|Escribe un mensaje…|Enviando…|No enviado|Reintentar|Pensando…|Reconectando…|Sin conexión. Se enviará luego.|Conexión perdida. Envía para reintentar.|Conversación terminada|Hablas con {n}|un agente|Quedan {n} caracteres|{n} sin leer|Descargar {n}|Esta conversación ha terminado|{n} caracteres de más|No se puede conectar. Tus mensajes se enviarán cuando vuelva la conexión.|Esperando conexión|Descargar transcripción|Agente de IA|Tú|Responde al instante, a cualquier hora. Una persona puede intervenir si hace falta.|Adjuntar archivo|OK',
  ar: 'فتح الدردشة|إغلاق الدردشة|رسالة|إرسال|خيارات|تصغير|إنهاء المحادثة|إنهاء هذه المحادثة؟|إنهاء|إلغاء|محادثة جديدة|تحدث معنا|اكتب رسالة…|جارٍ الإرسال…|لم تُرسل|إعادة|يفكر…|إعادة الاتصال…|غير متصل. ستُرسل لاحقًا.|انقطع الاتصال. أرسل للمحاولة.|انتهت المحادثة|تتحدث مع {n}|موظف|تبقى {n} حرفًا|{n} غير مقروءة|تنزيل {n}|انتهت هذه المحادثة|تجاوزت الحد بـ {n} حرفًا|تعذر الوصول إلى الدردشة. ستُرسل رسائلك عند عودة الاتصال.|بانتظار الاتصال|تنزيل نص المحادثة|وكيل ذكاء اصطناعي|أنت|يجيب فورًا في أي وقت، ويمكن لموظف أن يتولى المحادثة عند الحاجة.|إرفاق ملف|حسنًا',
};

/**
 * The table for a BCP 47 `lang` (undefined for an unknown language), for tests that render a language directly.
 * @example pickMessages({ lang: 'fr' }, tableOf('fr'))
 */
export const tableOf = (lang: string): string | undefined => tables[lang.toLowerCase().split('-')[0] ?? ''];

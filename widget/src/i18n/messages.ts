import type { WidgetOptions } from '../types';

// Key order of every table below; `{n}` is filled by `format`. Tables are `|`-joined to keep the bundle small.
const KEYS = ['open', 'close', 'msg', 'send', 'menu', 'min', 'end', 'confirm', 'yes', 'cancel', 'new', 'title', 'ph',
  'sending', 'failed', 'retry', 'thinking', 'reconn', 'offline', 'lost', 'ended', 'human', 'agent', 'left', 'unread',
  'file', 'endPh', 'over', 'wait', 'queued', 'dl', 'ai', 'you', 'intro'] as const;

/** Every UI string, by key. */
export type Messages = Record<(typeof KEYS)[number], string>;

const tables: Record<string, string> = {
  en: 'Open chat|Close chat|Message|Send|Options|Minimize|End conversation|End this conversation?|End|Cancel|Start a new conversation|Chat with us|Write a message…|Sending…|Not sent|Retry|Thinking…|Reconnecting…|Offline: sending later.|Connection lost. Send to retry.|Conversation ended|You are chatting with {n}|an agent|{n} characters left|{n} unread|Download {n}|This conversation has ended|{n} characters over the limit|Can’t reach the chat. Your messages will be sent when the connection returns.|Waiting for connection|Download transcript|AI Agent|You|Answers right away, any time. A person can take over when needed.',
  fr: 'Ouvrir le chat|Fermer le chat|Message|Envoyer|Options|Réduire|Terminer la conversation|Terminer cette conversation ?|Terminer|Annuler|Nouvelle conversation|Discutons|Écrivez un message…|Envoi…|Non envoyé|Réessayer|Réflexion…|Reconnexion…|Hors ligne : envoi plus tard.|Connexion perdue. Envoyez pour réessayer.|Conversation terminée|Vous parlez avec {n}|un agent|{n} caractères restants|{n} non lus|Télécharger {n}|Cette conversation est terminée|{n} caractères de trop|Chat injoignable. Vos messages partiront au retour de la connexion.|En attente de connexion|Télécharger la transcription|Agent IA|Vous|Répond tout de suite, à toute heure. Une personne peut prendre le relais.',
  de: 'Chat öffnen|Chat schließen|Nachricht|Senden|Optionen|Minimieren|Unterhaltung beenden|Diese Unterhaltung beenden?|Beenden|Abbrechen|Neue Unterhaltung|Chat|Nachricht schreiben…|Wird gesendet…|Nicht gesendet|Erneut|Denkt nach…|Verbinde neu…|Offline. Wird später gesendet.|Verbindung verloren. Erneut senden.|Unterhaltung beendet|Sie chatten mit {n}|einem Mitarbeiter|Noch {n} Zeichen|{n} ungelesen|{n} herunterladen|Diese Unterhaltung ist beendet|{n} Zeichen zu viel|Chat nicht erreichbar. Ihre Nachrichten werden gesendet, sobald die Verbindung zurück ist.|Wartet auf Verbindung|Verlauf herunterladen|KI-Agent|Sie|Antwortet sofort, rund um die Uhr. Bei Bedarf übernimmt ein Mensch.',
  es: 'Abrir chat|Cerrar chat|Mensaje|Enviar|Opciones|Minimizar|Terminar conversación|¿Terminar esta conversación?|Terminar|Cancelar|Nueva conversación|Chatea con nosotros|Escribe un mensaje…|Enviando…|No enviado|Reintentar|Pensando…|Reconectando…|Sin conexión. Se enviará luego.|Conexión perdida. Envía para reintentar.|Conversación terminada|Hablas con {n}|un agente|Quedan {n} caracteres|{n} sin leer|Descargar {n}|Esta conversación ha terminado|{n} caracteres de más|No se puede conectar. Tus mensajes se enviarán cuando vuelva la conexión.|Esperando conexión|Descargar transcripción|Agente de IA|Tú|Responde al instante, a cualquier hora. Una persona puede intervenir si hace falta.',
  ar: 'فتح الدردشة|إغلاق الدردشة|رسالة|إرسال|خيارات|تصغير|إنهاء المحادثة|إنهاء هذه المحادثة؟|إنهاء|إلغاء|محادثة جديدة|تحدث معنا|اكتب رسالة…|جارٍ الإرسال…|لم تُرسل|إعادة|يفكر…|إعادة الاتصال…|غير متصل. ستُرسل لاحقًا.|انقطع الاتصال. أرسل للمحاولة.|انتهت المحادثة|تتحدث مع {n}|موظف|تبقى {n} حرفًا|{n} غير مقروءة|تنزيل {n}|انتهت هذه المحادثة|تجاوزت الحد بـ {n} حرفًا|تعذر الوصول إلى الدردشة. ستُرسل رسائلك عند عودة الاتصال.|بانتظار الاتصال|تنزيل نص المحادثة|وكيل ذكاء اصطناعي|أنت|يجيب فورًا في أي وقت، ويمكن لموظف أن يتولى المحادثة عند الحاجة.',
};

/**
 * The message table and text direction for the options' BCP 47 `lang` (unknown languages fall back to English),
 * with the page's own `title` and `placeholder` in place of the defaults, so components read only `t`.
 */
export function pickMessages(o: Pick<WidgetOptions, 'lang' | 'title' | 'placeholder'>): { t: Messages; dir: 'ltr' | 'rtl' } {
  const base = o.lang.toLowerCase().split('-')[0] ?? '';
  const values = (tables[base] ?? tables.en ?? '').split('|');
  const t = Object.fromEntries(KEYS.map((k, i) => [k, values[i] ?? ''])) as Messages;
  t.title = o.title ?? t.title;
  t.ph = o.placeholder ?? t.ph;
  return { t, dir: base === 'ar' ? 'rtl' : 'ltr' };
}

/** Fills `{n}` in a message. */
export const format = (s: string, n: string | number): string => s.replace('{n}', '' + n);

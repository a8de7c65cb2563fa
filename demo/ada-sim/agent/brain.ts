import type { Article } from '../../content/articles';
import type { AgentContent, MessageContent } from '../types';
import { toPlainText } from './format';
import type { HumanAgent } from './persona';
import { bestBlock, findArticle, isArabic } from './retrieval';

/** What the end user seems to want. */
export type Intent = 'goodbye' | 'human' | 'greeting' | 'thanks' | 'answer' | 'unknown';

/** One step of a reply: a message by the AI Agent or the human agent, or a state change. */
export type ReplyStep =
  | { kind: 'say'; speaker: 'ai_agent' | 'human_agent'; content: MessageContent }
  | { kind: 'handoff' }
  | { kind: 'end'; by: 'system' | 'human_agent' };

/** What the agents do in answer to one end-user message. */
export interface ReplyPlan {
  intent: Intent;
  steps: ReplyStep[];
}

/** What the brain knows about the conversation. */
export interface BrainContext {
  articles: readonly Article[];
  siteUrl: string;
  markdown: boolean;
  /** True while the human agent has the conversation. */
  inHandoff: boolean;
  agent: HumanAgent;
  /** How many times the human agent has answered so far (varies canned replies). */
  humanTurn: number;
}

const GOODBYE = /\b(bye|goodbye|good bye|see you|see ya|that'?s all|that is all|that'?s it|nothing else)\b/;
const HUMAN = /\b(human|agent|person|people|representative|operator|someone real|real person|staff|support team)\b|موظف|إنسان|شخص حقيقي|خدمة العملاء/;
const GREETING = /^(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening)|greetings|yo)\b|^(مرحبا|مرحباً|أهلا|اهلا|السلام عليكم|صباح الخير|مساء الخير)/;
/** An order number: digits after "order" (or "طلب"), or after "#". */
const ORDER_NUMBER = /(?:\border\b|طلب)\D{0,24}?#?(\d{4,})|#(\d{4,})/i;
const THANKS = /\b(thanks|thank you|thx|ty|cheers|appreciate it)\b/;

/** Classifies a message; goodbye wins over everything, then a request for a person. */
export function detectIntent(text: string, articles: readonly Article[]): Intent {
  const lower = text.toLowerCase().trim();
  if (GOODBYE.test(lower)) return 'goodbye';
  if (HUMAN.test(lower)) return 'human';
  if (findArticle(articles, lower)) return 'answer';
  if (GREETING.test(lower)) return 'greeting';
  if (THANKS.test(lower)) return 'thanks';
  return 'unknown';
}

const text = (body: string, markdown: boolean): MessageContent => ({ type: 'text', body: markdown ? body : toPlainText(body) });
const ai = (content: MessageContent): ReplyStep => ({ kind: 'say', speaker: 'ai_agent', content });
const human = (content: MessageContent): ReplyStep => ({ kind: 'say', speaker: 'human_agent', content });

/** A link message to an article, titled with the article's title. */
export function articleLink(article: Article, siteUrl: string): AgentContent {
  return { type: 'link', url: `${siteUrl}/articles/${article.slug}`, link_text: article.title };
}

/**
 * The AI Agent's answer from an article: the summary, then the most relevant part when it adds something; an Arabic
 * question gets the article's Arabic title and summary (issue 16: it got the English fallback).
 */
function answerBody(article: Article, question: string): string {
  if (isArabic(question)) return `**${article.ar.title}**\n\n${article.ar.summary}`;
  const block = bestBlock(article, question);
  return `**${article.title}**\n\n${article.summary}${block ? `\n\n${block}` : ''}`;
}

/** The handoff sequence: the AI announces it, the human agent joins and greets. */
export function handoffSteps(ctx: BrainContext): ReplyStep[] {
  return [
    ai(text("Of course. I'm connecting you with a member of our support team; it usually takes less than a minute.", ctx.markdown)),
    { kind: 'handoff' },
    human({ type: 'presence', body: `${ctx.agent.firstName} joined the conversation` }),
    human(text(`Hi, I'm ${ctx.agent.display_name}. I've read your conversation so far. How can I help?`, ctx.markdown)),
  ];
}

const CANNED = [
  "Thanks, I'm looking into that for you now.",
  'Could you tell me a bit more, for example your order number or which device you are using?',
  "Got it. I've made a note on your account. Is there anything else I can help with?",
];

function humanReply(intent: Intent, question: string, ctx: BrainContext): ReplyStep[] {
  if (intent === 'goodbye') {
    return [human(text('Thanks for chatting with us. Have a great day!', ctx.markdown)), { kind: 'end', by: 'human_agent' }];
  }
  if (intent === 'human') return [human(text(`You're already talking to a person: me, ${ctx.agent.firstName}. What can I do for you?`, ctx.markdown))];
  // [issue 16] a person answers the order number they asked for about that order, not with shipping times.
  const order = ORDER_NUMBER.exec(question);
  const number = order?.[1] ?? order?.[2];
  if (number) {
    return [human(text(`Thanks! I've found order **#${number}**. It has been packed and leaves our warehouse today; the tracking link goes to your email as soon as it does. Is there anything else about this order I can check?`, ctx.markdown))];
  }
  const article = intent === 'answer' ? findArticle(ctx.articles, question) : null;
  if (article) {
    return [human(text(`Good question. ${article.summary} Here is our full guide:`, ctx.markdown)), human(articleLink(article, ctx.siteUrl))];
  }
  return [human(text(CANNED[ctx.humanTurn % CANNED.length] ?? '', ctx.markdown))];
}

/**
 * Decides how the agents answer one end-user message. Pure: the runner performs the steps with delays.
 * @example planReply('How do I reset my password?', ctx).steps; // [answer text, link to the article]
 */
export function planReply(question: string, ctx: BrainContext): ReplyPlan {
  const intent = detectIntent(question, ctx.articles);
  if (ctx.inHandoff) return { intent, steps: humanReply(intent, question, ctx) };
  switch (intent) {
    case 'goodbye':
      return { intent, steps: [ai(text('Thanks for contacting **Lovelace Support**. Have a great day!', ctx.markdown)), { kind: 'end', by: 'system' }] };
    case 'human':
      return { intent, steps: handoffSteps(ctx) };
    case 'greeting':
      if (isArabic(question)) return { intent, steps: [ai(text('أهلًا! أنا المساعد الذكي لـ Lovelace. يمكنني المساعدة في كلمات المرور والشحن والإرجاع والمزامنة والفواتير وقلم Lovelace. كيف أساعدك؟', ctx.markdown))] };
      return {
        intent,
        steps: [ai(text("Hi there! I'm the Lovelace AI Agent. I can help with passwords, shipping, returns, syncing, billing and the Lovelace Pen. What can I do for you?", ctx.markdown))],
      };
    case 'thanks':
      return { intent, steps: [ai(text("You're welcome! Is there anything else I can help with?", ctx.markdown))] };
    case 'answer': {
      const article = findArticle(ctx.articles, question);
      if (article) {
        const link = articleLink(article, ctx.siteUrl);
        if (isArabic(question) && link.type === 'link') link.link_text = article.ar.title;
        return { intent, steps: [ai(text(answerBody(article, question), ctx.markdown)), ai(link)] };
      }
      break;
    }
    case 'unknown':
      break;
  }
  if (isArabic(question)) {
    return { intent: 'unknown', steps: [ai(text('لم أجد شيئًا عن ذلك في مركز المساعدة. هل يمكنك إعادة صياغة سؤالك؟ يمكنك أيضًا أن تطلب التحدث إلى موظف.', ctx.markdown))] };
  }
  return {
    intent: 'unknown',
    steps: [ai(text("I couldn't find anything about that in our help center. Could you try rephrasing it? You can also ask to talk to a person.", ctx.markdown))],
  };
}

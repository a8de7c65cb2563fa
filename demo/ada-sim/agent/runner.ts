import { articles } from '../../content/articles';
import { appendMessage, beginHandoff, endConversation, getConversation } from '../state/conversations';
import type { SimContext } from '../state/context';
import type { AdaSimFaults, AgentContent, AgentIdentity, MessageAuthor, MessageContent } from '../types';
import { fileReply, planReply, handoffSteps, type BrainContext, type ReplyStep } from './brain';
import { HANDOFF_INTEGRATION, humanAgent } from './persona';

/** Inputs of {@link createAgentRunner}. */
export interface AgentRunnerOptions {
  ctx: SimContext;
  siteUrl: string;
  faults: () => AdaSimFaults;
  log: (line: string) => void;
  /** Called whenever pending work changes (drives `idle()`). */
  onChange: () => void;
}

/** Plays the AI Agent and the human agent: replies with realistic delays, one conversation at a time. */
export interface AgentRunner {
  /** Plans and performs the reply to an end user's message. */
  reply(conversationId: string, question: string): void;
  /** The human agent acknowledges a file the end user sent (during a handoff). */
  acknowledgeFile(conversationId: string, filename: string): void;
  say(conversationId: string, content: AgentContent, as?: AgentIdentity): Promise<void>;
  startHandoff(conversationId: string): Promise<void>;
  isIdle(): boolean;
  close(): void;
}

/**
 * Creates the agent runner. Replies of one conversation are chained, so a quick second question
 * is answered after the first, and `created_at` follows the order the messages were said.
 */
export function createAgentRunner(options: AgentRunnerOptions): AgentRunner {
  const { ctx } = options;
  const agent = humanAgent(options.siteUrl);
  const chains = new Map<string, Promise<void>>();
  const humanTurns = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let pending = 0;
  let closed = false;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => (timers.delete(timer), resolve()), ms);
      timers.add(timer);
    });

  const authorFor = (speaker: 'ai_agent' | 'human_agent'): MessageAuthor =>
    speaker === 'ai_agent'
      ? { id: null, role: 'ai_agent', avatar: null, display_name: null }
      : { id: null, role: 'human_agent', avatar: agent.avatar, display_name: agent.display_name };

  /** Delay before a step: the first message takes the full (jittered) delay, follow-ups less; humans type slower. */
  const delayFor = (step: ReplyStep, index: number): number => {
    if (step.kind !== 'say') return 0;
    const { replyDelayMs, timeScale } = options.faults();
    const factor = (index === 0 ? 1 : 0.5) * (step.speaker === 'human_agent' ? 1.5 : 1) * (step.content.type === 'presence' ? 0.5 : 1);
    return ctx.random.jitter(replyDelayMs * factor, 0.3) * timeScale;
  };

  const perform = async (conversationId: string, steps: ReplyStep[]): Promise<void> => {
    for (const [index, step] of steps.entries()) {
      await sleep(delayFor(step, index));
      if (closed || getConversation(ctx, conversationId).conversation.status === 'ended') return;
      if (step.kind === 'say') appendMessage(ctx, conversationId, authorFor(step.speaker), step.content);
      else if (step.kind === 'handoff') beginHandoff(ctx, conversationId, HANDOFF_INTEGRATION);
      else endConversation(ctx, conversationId, { id: null, role: step.by });
    }
  };

  /** Queues work behind the conversation's earlier replies; the returned promise carries the work's error. */
  const enqueue = (conversationId: string, work: () => Promise<void>): Promise<void> => {
    pending++;
    const previous = chains.get(conversationId) ?? Promise.resolve();
    const result = previous.then(work);
    const settled = result
      .catch((error: unknown) => options.log(`agent in ${conversationId}: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        pending--;
        if (chains.get(conversationId) === settled) chains.delete(conversationId);
        options.onChange();
      });
    chains.set(conversationId, settled);
    return result;
  };

  const brainContext = (conversationId: string): BrainContext => {
    const view = getConversation(ctx, conversationId);
    return {
      articles,
      siteUrl: options.siteUrl,
      markdown: view.channel.capabilities.markdown,
      inHandoff: view.handoffIntegration !== null,
      agent,
      humanTurn: humanTurns.get(conversationId) ?? 0,
    };
  };

  return {
    reply(conversationId, question) {
      const work = enqueue(conversationId, async () => {
        const brain = brainContext(conversationId);
        const plan = planReply(question, brain);
        if (brain.inHandoff) humanTurns.set(conversationId, brain.humanTurn + 1);
        options.log(`agent: "${question.slice(0, 60)}" → ${plan.intent}`);
        await perform(conversationId, plan.steps);
      });
      work.catch(() => undefined); // already logged by the chain
    },
    acknowledgeFile(conversationId, filename) {
      const work = enqueue(conversationId, async () => {
        options.log(`agent: file "${filename.slice(0, 60)}" received`);
        await perform(conversationId, fileReply(filename, brainContext(conversationId)).steps);
      });
      work.catch(() => undefined); // already logged by the chain
    },
    async say(conversationId, content, as = { role: 'ai_agent' }) {
      const author: MessageAuthor =
        as.role === 'ai_agent'
          ? authorFor('ai_agent')
          : { id: null, role: 'human_agent', avatar: as.avatar ?? null, display_name: as.display_name };
      // Validates synchronously (404/422 reach the caller), then joins the chain so ordering holds.
      getConversation(ctx, conversationId);
      await enqueue(conversationId, async () => void appendMessage(ctx, conversationId, author, content as MessageContent));
    },
    async startHandoff(conversationId) {
      const view = getConversation(ctx, conversationId);
      if (view.handoffIntegration !== null) return;
      await enqueue(conversationId, () => perform(conversationId, handoffSteps(brainContext(conversationId))));
    },
    isIdle: () => pending === 0,
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

import type { Logger } from '../observability/log.js';
import type { Answer } from './answer.js';
import type { BotAction, BotCore, Decision, ReplyTarget } from './core.js';

/**
 * What a platform must be able to do. Each adapter implements this over its own API; `dispatch`
 * carries out a Decision through it, so every platform posts, records and enriches answers alike.
 */
export interface ReplySink {
  /** Posts an answer into the target thread; returns the new message's id. */
  postAnswer(target: ReplyTarget, answer: Answer): Promise<string | null>;
  /** Replaces a posted answer (used when Claude's summary arrives after the first post). */
  updateAnswer(target: ReplyTarget, messageId: string, answer: Answer): Promise<void>;
  /** A message only `userId` sees (secret warnings, rate-limit notices). */
  postEphemeral(action: Extract<BotAction, { type: 'ephemeral' }>): Promise<void>;
  /** A hand-off to humans, posted into the thread. */
  postHandoff(target: ReplyTarget, text: string): Promise<void>;
}

/** Optional Claude assistance: may add a summary or choose among candidates, after the first post. */
export interface Enricher {
  enrich(input: { decision: Decision; answer: Answer; userId: string; explicit: boolean }): Promise<Answer | null>;
}

export interface DispatchResult {
  posted: Array<{ recordId: string | null; messageId: string | null; answer: Answer }>;
  failures: number;
}

/**
 * Carries out the actions in order. A failure of one action is logged and counted, never thrown: the
 * rest still run and the process never dies on a platform error.
 */
export async function dispatch(
  decision: Decision,
  sink: ReplySink,
  deps: { core: BotCore; logger: Logger; enricher?: Enricher | null; userId: string; explicit: boolean },
): Promise<DispatchResult> {
  const result: DispatchResult = { posted: [], failures: 0 };
  for (const action of decision.actions) {
    try {
      if (action.type === 'reply') {
        const messageId = await sink.postAnswer(action.target, action.answer);
        if (action.recordId && messageId) deps.core.answerPosted(action.recordId, messageId);
        result.posted.push({ recordId: action.recordId, messageId, answer: action.answer });
        if (deps.enricher && messageId && ['diagnosis', 'no-match', 'question'].includes(action.answer.kind)) {
          const enriched = await deps.enricher
            .enrich({ decision, answer: action.answer, userId: deps.userId, explicit: deps.explicit })
            .catch((err: unknown) => {
              deps.logger.warn({ err }, 'Claude assistance failed; the knowledge-base answer stands');
              return null;
            });
          if (enriched) await sink.updateAnswer(action.target, messageId, enriched);
        }
      } else if (action.type === 'ephemeral') {
        await sink.postEphemeral(action);
      } else {
        await sink.postHandoff(action.target, action.text);
      }
    } catch (err) {
      result.failures++;
      deps.logger.error({ err, action: action.type, outcome: decision.outcome }, 'could not carry out a bot action');
    }
  }
  return result;
}

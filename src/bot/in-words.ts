import { listsPossibleMatches, questionIndexFor, readAsQuestion } from '../core/ask.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import { looksLikeQuestion } from '../core/questions.js';
import type { Metrics } from '../observability/metrics.js';
import { GAP_EXAMPLE_CHARS, type Store } from '../store/contract.js';
import { newId } from '../store/records.js';
import { possibleMatchesAnswer, questionAnswer } from './answer.js';
import type { Outcome, Turn } from './turn.js';

export interface InWordsDeps {
  kb: () => KnowledgeBase;
  store: Store;
  metrics?: Metrics;
  publicUrl?: string;
  /** Starts the channel and user cooldowns after an unprompted answer. */
  noteAnswered: (t: Turn) => Promise<void>;
}

/**
 * A message with no error the bot can place, read as a question in words: always when someone asked
 * the bot, and unprompted only in auto-reply channels that opted in, and then only when an article
 * clearly fits. Null when the message is not to be answered as a question.
 */
export async function answerInWords(
  deps: InWordsDeps,
  t: Turn,
): Promise<Pick<Outcome, 'actions' | 'outcome' | 'question' | 'context'> | 'already-handled' | null> {
  const { store, metrics } = deps;
  const { msg, d, text } = t;
  const optedIn = t.trigger === 'auto' && looksLikeQuestion(text) && (await store.channelQuestions(msg.platform, msg.channelId));
  // A question asked in a thread the bot answered is addressed to it, like a mention.
  const followUp = t.trigger === 'followup' && looksLikeQuestion(text);
  if (!t.explicit && !optedIn && !followUp) return null;
  // Read with the thread's first message (usually the paste the bot answered), bounded.
  const withContext = t.context.length > 0 ? `${text}\n${(t.context[0] ?? '').slice(-400)}` : text;
  const q = readAsQuestion(withContext, d, questionIndexFor(deps.kb()));
  // A line that names an error keeps its possible matches (rather than "I have no article"); recorded like
  // any question answered, so "ask a human" works on it. A paste the knowledge base does not know falls
  // through to "I don't recognise this error".
  const possible = t.explicit && q.verdict === 'none' && listsPossibleMatches(text, d);
  if (possible && d.signals.looksLikeError) return null;
  if (!t.explicit && !followUp && q.verdict !== 'known') {
    metrics?.abstentions.inc({ platform: msg.platform, reason: 'question-unsure' });
    return { actions: [], outcome: 'question-unsure' };
  }
  if (!(await store.claim(t.messageKey))) return 'already-handled';
  const top = q.verdict === 'known' ? q.hits[0] : undefined;
  const record = await store.recordAnswer({
    id: newId(),
    platform: msg.platform,
    community: msg.community,
    channelId: msg.channelId,
    threadId: t.target.threadId,
    sourceMessageId: msg.messageId,
    userId: msg.userId,
    articleId: top?.article.id ?? null,
    fingerprint: possible ? d.fingerprint : `question: ${q.terms.slice(0, 12).join(' ')}`,
    fingerprintHash: d.fingerprintHash,
    confidence: top?.coverage ?? 0,
    trigger: t.trigger,
    shadow: false,
    ...(msg.private ? { private: true } : {}),
    example: text.slice(0, GAP_EXAMPLE_CHARS),
  });
  await deps.noteAnswered(t);
  if (possible) {
    metrics?.answers.inc({ platform: msg.platform, trigger: t.trigger, kind: 'possible-matches' });
    const answer = possibleMatchesAnswer(d, record.id);
    return { actions: [{ type: 'reply', target: t.target, answer, recordId: record.id }], outcome: 'no-match', context: t.context };
  }
  metrics?.answers.inc({ platform: msg.platform, trigger: t.trigger, kind: `question-${q.verdict}` });
  const answer = questionAnswer(q, d, { id: record.id, publicUrl: deps.publicUrl });
  return {
    actions: [{ type: 'reply', target: t.target, answer, recordId: record.id }],
    outcome: `question-${q.verdict}`,
    question: q,
    context: t.context,
  };
}

import { type DiagnoseOptions, diagnose } from './diagnose.js';
import type { KnowledgeBase } from './knowledge/index.js';
import { perKnowledgeBase } from './knowledge/per-kb.js';
import { DEMOTE_ABOVE, offTopicLogOdds } from './off-topic-odds.js';
import { writtenInWordsAnyScript } from './question-text.js';
import { QUESTION_THRESHOLDS } from './question-thresholds.js';
import {
  aboutConsumerApp,
  aboutLocalToolServer,
  aboutOtherModel,
  aboutOtherStack,
  aboutResellerLimits,
  answerQuestion,
  buildQuestionIndex,
  looksLikeQuestion,
  mightBeHits,
  namesClaude,
  type QuestionIndex,
  type QuestionResult,
  quotesClaudeError,
  writtenInWords,
} from './questions.js';
import { claudeOutsideModelFields } from './template-fields.js';
import type { Candidate, Diagnosis } from './types.js';

/** A diagnosis candidate this strong means the message quotes an error we know (an Anthropic one). */
const GROUNDING_SCORE = 0.3;

/**
 * What the bot does with a message someone addressed to it: an error it can place is diagnosed as a
 * paste; anything else is read as a question in words and looked up by meaning. Pure.
 */

export type AskOutcome =
  | { kind: 'diagnosis'; diagnosis: Diagnosis }
  | {
      kind: 'question';
      diagnosis: Diagnosis;
      question: QuestionResult;
      /** With no article for the question, the diagnosis's possible matches are shown (`listsPossibleMatches`). */
      possibleMatches: boolean;
    };

/** The question index of a knowledge base, built once per loaded version. */
export const questionIndexFor: (kb: KnowledgeBase) => QuestionIndex = perKnowledgeBase((kb) => buildQuestionIndex(kb.articles));

/** A diagnosis already made for `text` decides: matched → the paste answer; otherwise the question answer. */
export function askAfterDiagnosis(text: string, d: Diagnosis, index: QuestionIndex, odds: OffTopicOdds = offTopicLogOdds): AskOutcome {
  if (d.matched && !pasteBelongsElsewhere(text, d)) return { kind: 'diagnosis', diagnosis: d };
  return { kind: 'question', diagnosis: d, question: readAsQuestion(text, d, index, odds), possibleMatches: listsPossibleMatches(text, d) };
}

/**
 * When the question reading finds no article, whether the bot still lists the diagnosis's possible
 * matches (under "I don't recognise this error") rather than saying it has no article: for a message that
 * looks like an error, and for one line that is not a question yet names an error in words ("keeps failing
 * with overloaded errors", "Credit balance too low · Add funds"): a line like that is how people type an
 * error into chat, and the words it shares with an error message are the best lead there is. A question
 * in words keeps the question reading's verdict.
 */
export function listsPossibleMatches(text: string, d: Diagnosis): boolean {
  if (d.signals.looksLikeError) return true;
  const line = text.trim();
  return d.candidates.length > 0 && line.length <= ONE_LINE_CHARS && !line.includes('\n') && !looksLikeQuestion(line);
}

/** Longer than this, a message is not one line typed into chat. */
const ONE_LINE_CHARS = 300;

/**
 * A matched paste the bot should not answer as ours after all, because the words around it say so: the
 * message is about another vendor's model ("GLM-5 … fails with 400 Extra inputs", Claude named only to
 * compare), a reseller's own limit ("Claude Sonnet through GitHub Copilot … Too Many Requests": the
 * reseller's plan, not Anthropic's rate limits) or a local tool server that does not start ("spawn npx
 * ENOENT"), or, with nothing in a
 * message written in words that ties it to Claude, the error text is one any server gives (an article marked `context_required`, such as a proxy's "upstream connect
 * error", or a bare status with its reason phrase) or the message names other software as the part
 * that fails.
 */
export function pasteBelongsElsewhere(text: string, d: Diagnosis): boolean {
  if (!writtenInWordsAnyScript(text)) return false;
  if (aboutOtherModel(text) || aboutLocalToolServer(text) || aboutResellerLimits(text)) return true;
  const top = d.candidates[0];
  if (tiedToClaude(text, d)) return false;
  return (!!top && !specific(top)) || aboutOtherStack(text);
}

/**
 * A candidate whose evidence is Claude's own: an article whose error text only Anthropic gives, or one
 * matched on an exception class of Anthropic's SDKs (`APIConnectionError`), not on a message any server writes.
 */
function specific(c: Candidate): boolean {
  if (c.reasons.some((r) => r.kind === 'exception' && r.weight > 0)) return true;
  return !c.article.contextRequired && c.reasons.some((r) => TEXTUAL_EVIDENCE.has(r.kind) && r.weight > 0);
}

/**
 * Evidence in the wording of the error itself. A status code with its standard reason phrase ("504
 * Gateway Timeout", "413 Request Entity Too Large") is written by every web server, so a candidate
 * found on status and structure alone is not Claude's until something else ties it there.
 */
const TEXTUAL_EVIDENCE = new Set<Candidate['reasons'][number]['kind']>(['signature', 'error_type', 'fuzzy', 'exception', 'feedback']);

/** Something in the message names Claude or its platforms (not merely its consumer app). */
function tiedToClaude(text: string, d: Diagnosis): boolean {
  if (aboutConsumerApp(text)) return false;
  return namesClaude(text) || d.signals.anthropicContext;
}

/**
 * The message read as a question. An error paste the knowledge base does not know is not turned into
 * a guess by its words: only a message written in words gets "might be" articles.
 */
export function readAsQuestion(text: string, d: Diagnosis, index: QuestionIndex, odds: OffTopicOdds = offTopicLogOdds): QuestionResult {
  const top = d.candidates[0];
  // An error we know, or words only Anthropic writes, tie a message to Claude unless it names other
  // software as the part that fails (a Stripe RateLimitError is Stripe's).
  const evidence = (!!top && specific(top) && top.score >= GROUNDING_SCORE) || quotesClaudeError(index, text);
  // Claude named only in an issue template's provider and model fields does not tie the question to it.
  const named = tiedToClaude(text, d) && (claudeOutsideModelFields(text) ?? true);
  const grounded = named || (!aboutConsumerApp(text) && !aboutOtherStack(text) && evidence);
  const q = answerQuestion(index, text, { foreignVendor: d.signals.foreignModel ?? d.signals.foreignVendor, grounded });
  // A bare paste the diagnosis could not place gets no guesses, and a confident answer only when it names
  // Claude: the words it shares with an article say what the error is about, not whose it is (Qwen's,
  // Gemini's and gateways' errors share "image exceeds", "permission denied", "quota" with ours).
  const barePaste = d.signals.looksLikeError && !writtenInWords(text);
  if (barePaste && (q.verdict === 'maybe' || (q.verdict === 'known' && !namesClaude(text)))) return { ...q, verdict: 'none', hits: [] };
  // Worded like a feature request, a how-to or an opinion more than like a failure, or matched on too
  // small a share of what it says: offered, not asserted.
  if (q.verdict === 'known' && (odds(text) > DEMOTE_ABOVE || (q.hits[0]?.coverage ?? 0) < QUESTION_THRESHOLDS.knownCoverage)) {
    return asMightBe(q);
  }
  return q;
}

/** A confident answer turned into "might be" articles (the best one first). */
function asMightBe(q: QuestionResult): QuestionResult {
  const [top] = q.hits;
  return top ? { ...q, verdict: 'maybe', hits: mightBeHits(top, q.ranked) } : q;
}

/**
 * The wording model's log-odds for a message. Replaceable so the evaluation can score each tune-half
 * question with a model that never saw it (trained on the other folds).
 */
export type OffTopicOdds = (text: string) => number;

export function ask(
  text: string,
  kb: KnowledgeBase,
  opts: DiagnoseOptions & { index?: QuestionIndex; offTopicOdds?: OffTopicOdds } = {},
): AskOutcome {
  const d = diagnose(text, kb, { mode: 'lenient', ...opts });
  return askAfterDiagnosis(text, d, opts.index ?? questionIndexFor(kb), opts.offTopicOdds);
}

/**
 * The articles a person sees when they ask, first three, in the order the bot lays them out
 * (`bot/answer.ts`): a paste answer and its alternatives; a question's article and its two alternatives, or
 * its "might be" list; for an error no article matches confidently, the possible matches listed under "I
 * don't recognise this error" (`listsPossibleMatches`); nothing for a message with no error and no article. Unlike `shownArticles`,
 * this counts articles shown as alternatives and possible matches, not only those presented as the answer.
 */
export function displayedArticles(outcome: AskOutcome): string[] {
  const candidates = outcome.diagnosis.candidates.slice(0, 3).map((c) => c.id);
  if (outcome.kind === 'diagnosis') return candidates;
  const q = outcome.question;
  const [top] = q.hits;
  if (q.verdict === 'known' && top) {
    const others = q.ranked.filter((h) => h.article.id !== top.article.id).slice(0, 2);
    return [top, ...others].map((h) => h.article.id);
  }
  if (q.verdict === 'maybe') return q.hits.map((h) => h.article.id);
  return outcome.possibleMatches ? candidates : [];
}

/** Article ids the bot would show, best first, and whether it would present them as an answer. */
export function shownArticles(outcome: AskOutcome): { ids: string[]; answered: boolean } {
  if (outcome.kind === 'diagnosis') return { ids: outcome.diagnosis.candidates.slice(0, 3).map((c) => c.id), answered: true };
  const q = outcome.question;
  return { ids: q.hits.map((h) => h.article.id), answered: q.verdict !== 'none' };
}

import { type DiagnoseOptions, diagnose } from './diagnose.js';
import type { KnowledgeBase } from './knowledge/index.js';
import { answerQuestion, buildQuestionIndex, namesClaude, type QuestionIndex, type QuestionResult, writtenInWords } from './questions.js';

/** A diagnosis candidate this strong means the message quotes an error we know (an Anthropic one). */
const GROUNDING_SCORE = 0.3;

import type { Diagnosis } from './types.js';

/**
 * What the bot does with a message someone addressed to it: an error it can place is diagnosed as a
 * paste; anything else is read as a question in words and looked up by meaning. Pure.
 */

export type AskOutcome = { kind: 'diagnosis'; diagnosis: Diagnosis } | { kind: 'question'; diagnosis: Diagnosis; question: QuestionResult };

const indexes = new WeakMap<KnowledgeBase, QuestionIndex>();

/** The question index of a knowledge base, built once per loaded version. */
export function questionIndexFor(kb: KnowledgeBase): QuestionIndex {
  let index = indexes.get(kb);
  if (!index) {
    index = buildQuestionIndex(kb.articles);
    indexes.set(kb, index);
  }
  return index;
}

/** A diagnosis already made for `text` decides: matched → the paste answer; otherwise the question answer. */
export function askAfterDiagnosis(text: string, d: Diagnosis, index: QuestionIndex): AskOutcome {
  if (d.matched) return { kind: 'diagnosis', diagnosis: d };
  return { kind: 'question', diagnosis: d, question: readAsQuestion(text, d, index) };
}

/**
 * The message read as a question. An error paste the knowledge base does not know is not turned into
 * a guess by its words: only a message written in words gets "might be" articles.
 */
export function readAsQuestion(text: string, d: Diagnosis, index: QuestionIndex): QuestionResult {
  const grounded = namesClaude(text) || d.signals.anthropicContext || (d.candidates[0]?.score ?? 0) >= GROUNDING_SCORE;
  const q = answerQuestion(index, text, { foreignVendor: d.signals.foreignVendor, grounded });
  if (q.verdict === 'maybe' && d.signals.looksLikeError && !writtenInWords(text)) return { ...q, verdict: 'none', hits: [] };
  return q;
}

export function ask(text: string, kb: KnowledgeBase, opts: DiagnoseOptions & { index?: QuestionIndex } = {}): AskOutcome {
  const d = diagnose(text, kb, { mode: 'lenient', ...opts });
  return askAfterDiagnosis(text, d, opts.index ?? questionIndexFor(kb));
}

/** Article ids the bot would show, best first, and whether it would present them as an answer. */
export function shownArticles(outcome: AskOutcome): { ids: string[]; answered: boolean } {
  if (outcome.kind === 'diagnosis') return { ids: outcome.diagnosis.candidates.slice(0, 3).map((c) => c.id), answered: true };
  const q = outcome.question;
  return { ids: q.hits.map((h) => h.article.id), answered: q.verdict !== 'none' };
}

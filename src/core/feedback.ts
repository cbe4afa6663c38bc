/**
 * How what people said about earlier answers moves the ranking for one error fingerprint. Pure: the
 * counts come from the store (one community, identified platform users only), the rules from config.
 *
 * - Votes move an article only once enough distinct people voted on it (`minVoters`), and only down:
 *   a few anonymous or repeated clicks cannot silence an answer.
 * - Votes never push an article below what the knowledge base alone says when the paste carries one of
 *   its signatures almost verbatim (a strong signature match): those answers are right by construction
 *   far more often than a vote tally.
 * - A helper's correction weighs more than any number of votes: the article corrected to is lifted and
 *   its down votes no longer count; the article corrected away from is pushed down, even on a strong
 *   signature (a helper looked at this error in this community and said so).
 */

export interface ArticleFeedback {
  /** Distinct voters whose votes on answers showing the article are net helpful / net unhelpful. */
  up: number;
  down: number;
  /** Helpers who corrected an answer showing this article to another one. */
  correctedFrom?: number;
  /** Helpers who said this article was the right one. */
  correctedTo?: number;
}

/** articleId → feedback on answers given for one fingerprint. */
export type FeedbackByArticle = Record<string, ArticleFeedback>;

export interface FeedbackRules {
  /** Distinct voters needed before votes move the ranking (FEEDBACK_MIN_VOTERS). */
  minVoters: number;
}

export const DEFAULT_FEEDBACK_RULES: FeedbackRules = { minVoters: 3 };

/** A signature this strong (a long literal found verbatim, see knowledge/load.ts literalWeight) is a strong match. */
export const STRONG_SIGNATURE = 0.85;

const VOTE_STEP = 0.2;
const VOTE_FLOOR = 0.3;
const CORRECTION_DOWN_STEP = 0.35;
const CORRECTION_FLOOR = 0.2;
const CORRECTION_UP_STEP = 0.25;
const CORRECTION_CEILING = 1.5;

/** What the ranking knows about the article on this paste when it asks for the multiplier. */
export interface FeedbackContext {
  /** The article's best signature weight on this paste (0 when none matched). */
  signature: number;
}

/** The multiplier for `articleId`'s score on this fingerprint (1 = unchanged). */
export function feedbackWeight(
  counts: FeedbackByArticle,
  articleId: string,
  ctx: FeedbackContext,
  rules: FeedbackRules = DEFAULT_FEEDBACK_RULES,
): number {
  const f = counts[articleId];
  if (!f) return 1;
  const corrected = (f.correctedTo ?? 0) - (f.correctedFrom ?? 0);
  if (corrected > 0) return Math.min(CORRECTION_CEILING, 1 + CORRECTION_UP_STEP * corrected);
  if (corrected < 0) return Math.max(CORRECTION_FLOOR, 1 - CORRECTION_DOWN_STEP * -corrected);
  return voteWeight(f, ctx, rules);
}

function voteWeight(f: ArticleFeedback, ctx: FeedbackContext, rules: FeedbackRules): number {
  if (f.up + f.down < Math.max(1, rules.minVoters)) return 1;
  const net = f.down - f.up;
  if (net <= 0) return 1;
  if (ctx.signature >= STRONG_SIGNATURE) return 1;
  return Math.max(VOTE_FLOOR, 1 - VOTE_STEP * net);
}

/** True when any article has feedback worth ranking again for (saves a second diagnosis otherwise). */
export function hasFeedback(counts: FeedbackByArticle): boolean {
  return Object.keys(counts).length > 0;
}

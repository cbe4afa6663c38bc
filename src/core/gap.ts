import { LENIENT_THRESHOLD } from './diagnose.js';
import type { Diagnosis, GapKind } from './types.js';

export interface GapClass {
  kind: GapKind;
  /** For `uncertain`: the article the bot would have suggested when asked. */
  probableArticleId: string | null;
}

/**
 * Sorts an unanswered paste for the maintainers' gap list, so that they are not asked to write articles
 * that exist: an error with a possible match (at least the lenient threshold) is `uncertain`, an error from
 * another vendor is `foreign`, a message without an error is `not-error`; only the rest is `uncovered`.
 */
export function classifyGap(d: Diagnosis, lenientThreshold = LENIENT_THRESHOLD): GapClass {
  if (d.signals.foreignModel || (d.signals.foreignVendor && !d.signals.anthropicContext))
    return { kind: 'foreign', probableArticleId: null };
  if (!d.signals.looksLikeError) return { kind: 'not-error', probableArticleId: null };
  const top = d.candidates[0];
  if (top && top.score >= lenientThreshold) return { kind: 'uncertain', probableArticleId: top.id };
  return { kind: 'uncovered', probableArticleId: null };
}

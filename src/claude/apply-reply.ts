import { type Answer, articleFields } from '../bot/answer.js';
import type { Decision } from '../bot/core.js';
import { adviseVersions } from '../core/diagnose.js';
import type { Candidate } from '../core/types.js';
import type { CheckedReply } from './prompts.js';

/**
 * What a checked Claude reply changes in the posted answer: its summary, its note, and — when it chose
 * another of OUR candidates — the article shown (our text, never Claude's). Pure: recording the switch
 * in the store and logging stay with the enricher.
 */

const NONE_NOTE =
  'Compared with the other close matches in the knowledge base, none clearly explains this paste: treat the article above as a guess.';

export interface ReplyRendering {
  publicUrl?: string;
  strictThreshold: number;
}

/** The answer with the reply applied, or null when the reply changes nothing. */
export function applyReply(
  answer: Answer,
  decision: Decision,
  reply: CheckedReply,
  candidates: Candidate[],
  rendering: ReplyRendering,
): Answer | null {
  let next: Answer = { ...answer };
  let changed = false;
  if (reply.summary) {
    next.summary = reply.summary;
    changed = true;
  }
  if (reply.choice === 'none') {
    next.claudeNote = NONE_NOTE;
    changed = true;
  } else if (reply.choice) {
    const chosen = candidates.find((c) => c.id === reply.choice);
    if (chosen) {
      if (chosen.id !== answer.articleId) next = switchArticle(next, chosen, decision, candidates, rendering);
      next.claudeNote =
        reply.note ??
        (chosen.id === answer.articleId
          ? `Claude also picked this article among the ${candidates.length} closest matches.`
          : `Claude picked this article as the best fit among the ${candidates.length} closest matches.`);
      changed = true;
    }
  }
  return changed ? next : null;
}

/** The answer, now showing another of our candidates (Claude's pick). */
function switchArticle(answer: Answer, c: Candidate, decision: Decision, candidates: Candidate[], rendering: ReplyRendering): Answer {
  const signals = decision.diagnosis?.signals;
  const advice = signals ? adviseVersions(c.article.fixedIn, signals.sdkVersions) : [];
  const fields = articleFields(c, candidates, advice, rendering);
  return { ...answer, ...fields, articleUrl: fields.articleUrl ?? answer.articleUrl };
}

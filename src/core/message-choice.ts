import type { KnowledgeBase } from './knowledge/index.js';
import { perKnowledgeBase } from './knowledge/per-kb.js';
import type { Article, TypedMessage } from './types.js';

/**
 * When a paste's status and error type fit several articles equally (a 404 `not_found_error` fits both the
 * unknown-model and the wrong-URL article; a 429 `rate_limit_error` five), the message printed with the type
 * says which: its words are compared with each article's signatures. An article is chosen when one of its
 * signatures is mostly present in the message (the message's own words, endings ignored) and no other
 * fitting article comes close.
 */

/** Share of a signature's words the message must contain. */
const MIN_COVERAGE = 0.6;
/** The chosen article's coverage must lead every other fitting article's by this much. */
const MIN_LEAD = 0.3;
/** Words of a signature that must be found in the message (one shared word is chance). */
const MIN_SHARED_WORDS = 2;

/** Words that say nothing about which error it is: field names, filler, the API's generic words. */
const NEUTRAL = new Set(
  'the and for are was has have had this that with from your you please try again later error errors type message code status http https request_id error_type'.split(
    ' ',
  ),
);

/** Lower-case words of three letters or more, endings cut, error-type names and neutral words left out. */
export function messageWords(text: string): Set<string> {
  const out = new Set<string>();
  const cleaned = text
    .toLowerCase()
    .replace(/\b[a-z_]+_error\b|\brequest_too_large\b/g, ' ')
    .replace(/\\[a-z]/g, ' ');
  for (const raw of cleaned.split(/[^a-z]+/)) {
    if (raw.length < 3 || NEUTRAL.has(raw)) continue;
    out.add(stem(raw));
  }
  return out;
}

function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 5 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** Per knowledge base: each article's signatures as word sets, built for an article when it first fits. */
const signatureWords = perKnowledgeBase(() => new Map<string, Array<Set<string>>>());

function wordsOfSignatures(kb: KnowledgeBase, article: Article): Array<Set<string>> {
  const byArticle = signatureWords(kb);
  let sets = byArticle.get(article.id);
  if (!sets) {
    sets = article.signatures.map((s) => messageWords(s.source)).filter((w) => w.size > 0);
    byArticle.set(article.id, sets);
  }
  return sets;
}

/** How much of the article's closest signature the message contains (share of words, and their count). */
function coverage(kb: KnowledgeBase, article: Article, message: Set<string>): { share: number; shared: number } {
  let best = { share: 0, shared: 0 };
  for (const sig of wordsOfSignatures(kb, article)) {
    let shared = 0;
    for (const w of sig) if (message.has(w)) shared++;
    const share = shared / sig.size;
    if (share > best.share || (share === best.share && shared > best.shared)) best = { share, shared };
  }
  return best;
}

export interface MessageChoice {
  article: Article;
  message: string;
}

/** The one fitting article whose signature the paste's typed message spells out, or null. */
export function chooseByMessage(
  kb: KnowledgeBase,
  fits: readonly Article[],
  pairs: readonly TypedMessage[],
  types: readonly string[],
): MessageChoice | null {
  if (fits.length < 2) return null;
  for (const pair of pairs) {
    if (!types.includes(pair.type)) continue;
    const words = messageWords(pair.message);
    if (words.size === 0) continue;
    const scored = fits.map((article) => ({ article, ...coverage(kb, article, words) })).sort((a, b) => b.share - a.share);
    const [first, second] = scored;
    if (!first || first.share < MIN_COVERAGE || first.shared < MIN_SHARED_WORDS) continue;
    if (second && first.share - second.share < MIN_LEAD) continue;
    return { article: first.article, message: pair.message };
  }
  return null;
}

import Fuse from 'fuse.js';
import { maskVariableParts } from './fingerprint.js';
import { canonicalWords, type FuzzyPhrase, fuzzyPhrases, fuzzyWords, type KnowledgeBase } from './knowledge/index.js';
import { contentWords, fillsSlot, namedErrorSlots } from './named-error.js';

/**
 * Approximate evidence for the ranking: signature phrases found approximately in the error message
 * (fuse.js), cut where the paste ends, in other word endings or punctuation, and — when someone asked about
 * a short paste — sharing a run of words with the paste.
 */

const FUZZY_SHORTLIST = 12;
const fuseOptions = {
  includeScore: true,
  ignoreLocation: true,
  threshold: 0.4,
  isCaseSensitive: false,
} as const;

/**
 * Fuzzy stage: shortlist signature phrases sharing discriminating words with the message (inverted
 * index), then let fuse.js find each phrase approximately inside the masked message. Cost depends on
 * the message (≤ 300 chars) and the shortlist, not on the size of the knowledge base.
 */
export function fuzzyMatch(kb: KnowledgeBase, message: string, out: Map<string, FuzzyHit>): void {
  const masked = maskVariableParts(message).toLowerCase();
  const text = masked.slice(0, 300);
  const ending = masked.slice(-160).trimEnd();
  const counts = new Map<FuzzyPhrase, number>();
  for (const word of fuzzyWords(text)) {
    for (const phrase of fuzzyPhrases(kb, word)) counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
  }
  const shortlist = [...counts]
    .filter(([p, c]) => c >= Math.min(2, p.words) && c / p.words >= 0.5)
    .sort((a, b) => b[1] - a[1] || b[0].text.length - a[0].text.length)
    .slice(0, FUZZY_SHORTLIST);
  // A message cut off by the end of the paste shares only the beginning of its signature's words: the
  // literal signatures that share a rare word with the message's last part are tried for a cut as well.
  for (const phrase of cutCandidates(kb, ending, shortlist)) {
    const cut = cutLength(ending, phrase.text);
    const prev = out.get(phrase.article.id);
    if (cut > 0 && (!prev || prev.cut < cut)) out.set(phrase.article.id, { similarity: 1, phrase: phrase.text, cut });
  }
  if (shortlist.length === 0) return;
  const canon = ` ${canonicalWords(message.slice(0, 600))} `;
  const fuse = new Fuse([text], fuseOptions);
  for (const [phrase] of shortlist) {
    if (isTolerantHit(phrase, canon)) {
      const prev = out.get(phrase.article.id);
      if (!prev?.tolerant || prev.phrase.length < phrase.text.length)
        out.set(phrase.article.id, { similarity: 1, phrase: phrase.text, cut: 0, tolerant: true });
      continue;
    }
    if (out.get(phrase.article.id)?.tolerant) continue;
    const cut = phrase.literal ? cutLength(ending, phrase.text) : 0;
    if (cut > 0) {
      const prev = out.get(phrase.article.id);
      if (!prev?.cut || prev.cut < cut) out.set(phrase.article.id, { similarity: 1, phrase: phrase.text, cut });
      continue;
    }
    const hit = fuse.search(phrase.text.slice(0, 96))[0];
    if (!hit) continue;
    const similarity = 1 - (hit.score ?? 1);
    const prev = out.get(phrase.article.id);
    if (similarity > 0.5 && (!prev || (!prev.cut && prev.similarity < similarity)))
      out.set(phrase.article.id, { similarity, phrase: phrase.text, cut: 0 });
  }
}

/** Tolerant matching only for phrases long enough that equal words in order cannot be chance. */
const TOLERANT_MIN_CHARS = 24;
const TOLERANT_MIN_WORDS = 4;
export const TOLERANT_DISCOUNT = 0.05;

function isTolerantHit(phrase: FuzzyPhrase, canonMessage: string): boolean {
  if (phrase.canon.length < TOLERANT_MIN_CHARS) return false;
  let words = 1;
  for (let i = 0; i < phrase.canon.length; i++) if (phrase.canon.charCodeAt(i) === 32) words++;
  return words >= TOLERANT_MIN_WORDS && canonMessage.includes(` ${phrase.canon} `);
}

export interface FuzzyHit {
  similarity: number;
  phrase: string;
  /** The signature's words occur in order, with other word endings or punctuation. */
  tolerant?: boolean;
  /** The message ends with this many characters of the phrase's beginning (a paste cut mid-message). */
  cut: number;
}

/** A message cut off mid-sentence still carries the exact start of the signature it would have matched. */
const MIN_CUT = 30;
/** A shorter start counts when it is several words ("for the anthropic-beta heade"), not one long token. */
const MIN_CUT_OF_WORDS = 24;
const MIN_CUT_WORDS = 4;

function cutLength(ending: string, phrase: string): number {
  // Pastes are read without backticks (normalize.ts); a signature quoting `anthropic-beta` is compared the same way.
  const bare = phrase.toLowerCase().replaceAll('`', '');
  // Every cut starts with the signature's first characters: most signatures are ruled out by one search.
  if (!ending.includes(bare.slice(0, MIN_CUT_OF_WORDS))) return 0;
  for (let k = Math.min(ending.length, bare.length - 1); k >= MIN_CUT_OF_WORDS; k--) {
    const start = bare.slice(0, k);
    if (!ending.endsWith(start)) continue;
    const words = start.trim().split(/\s+/).length;
    // The cut must begin at a word boundary of the message, not inside a longer word.
    const before = ending.charAt(ending.length - k - 1);
    if ((k >= MIN_CUT || words >= MIN_CUT_WORDS) && !/[a-z0-9]/.test(before)) return k;
  }
  return 0;
}

/**
 * Literal signatures, not already shortlisted, that share a discriminating word with the message's last part
 * (the cut itself needs the signature's first 30 characters, exactly, at the very end of the message).
 */
function cutCandidates(kb: KnowledgeBase, ending: string, shortlist: Array<[FuzzyPhrase, number]>): FuzzyPhrase[] {
  const listed = new Set(shortlist.map(([p]) => p));
  const found = new Set<FuzzyPhrase>();
  for (const word of fuzzyWords(ending)) {
    for (const phrase of fuzzyPhrases(kb, word)) if (phrase.literal && !listed.has(phrase)) found.add(phrase);
  }
  return [...found];
}

/** Only pastes this short are read as a typed error line (a question in chat, a copied status line). */
export const SHORT_PASTE_CHARS = 300;
const FRAGMENT_SHORTLIST = 40;
const FRAGMENT_MIN_WORDS = 2;
const FRAGMENT_MIN_CHARS = 10;
/** A run needs two words few articles use, or one such word in a run of three or more that is most of the paste. */
const FRAGMENT_MIN_RARE_WORDS = 2;
const FRAGMENT_MIN_WORDS_WITH_ONE_RARE = 3;
/**
 * Words that join a phrase to what follows or precedes it ("too large for", "limit of"): at either end of
 * a shared run they belong to the sentence around it, not to the error's name, so they are trimmed first.
 */
const RUN_EDGE_WORDS = new Set(['for', 'to', 'of', 'in', 'on', 'at', 'with', 'and', 'or', 'from', 'by', 'this', 'that', 'it']);

function trimRunEdges(run: string[]): string[] {
  let start = 0;
  let end = run.length;
  while (start < end && RUN_EDGE_WORDS.has(run[start] as string)) start++;
  while (end > start && RUN_EDGE_WORDS.has(run[end - 1] as string)) end--;
  return run.slice(start, end);
}

export interface FragmentHit {
  phrase: FuzzyPhrase;
  /** The shared run of words, as canonical words. */
  run: string;
  words: number;
}

/**
 * A short error typed or pasted into chat carries a piece of a signature's wording rather than the whole
 * of it ("prompt is too long", "keeps saying invalid beta flag", "Weekly limit reached · resets 9am").
 * For each signature phrase sharing a discriminating word with the paste, the longest run of words the
 * two share (canonical words: endings and punctuation dropped), best run per article. Used only when
 * someone asked the bot: a fragment is a possible match, never an auto-reply.
 */
export function shortFragments(kb: KnowledgeBase, lower: string): Map<string, FragmentHit> {
  const out = new Map<string, FragmentHit>();
  const counts = new Map<FuzzyPhrase, number>();
  for (const word of fuzzyWords(lower)) {
    for (const phrase of fuzzyPhrases(kb, word)) counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
  }
  if (counts.size === 0) return out;
  const paste = contentWords(canonicalWords(lower).split(' '));
  let slots: string[][] | null = null;
  const shortlist = [...counts].sort((a, b) => b[1] - a[1]).slice(0, FRAGMENT_SHORTLIST);
  for (const [phrase] of shortlist) {
    if (!phrase.canon) continue;
    const run = trimRunEdges(longestCommonRun(paste, contentWords(phrase.canon.split(' '))));
    if (run.length < FRAGMENT_MIN_WORDS) continue;
    const text = run.join(' ');
    // Envelope and common words ("type error error type invalid request error", "rate limit error") say
    // nothing about which article: the run must carry words that few articles use.
    const rare = run.filter((w) => kb.fuzzyIndex.has(w)).length;
    if (text.length < FRAGMENT_MIN_CHARS || rare === 0) continue;
    // With a single such word, the run must also be most of what was typed ("prompt is too long"), not a
    // common phrase inside a longer unknown message ("… is not allowed for widget sprockets").
    // In a sentence, the run may instead fill the slot where the sentence names its error (named-error.ts).
    if (rare < FRAGMENT_MIN_RARE_WORDS) {
      if (run.length < FRAGMENT_MIN_WORDS_WITH_ONE_RARE) continue;
      slots ??= namedErrorSlots(lower);
      if (run.length * 2 < paste.length && !fillsSlot(run, slots)) continue;
    }
    const prev = out.get(phrase.article.id);
    if (!prev || prev.words < run.length) out.set(phrase.article.id, { phrase, run: text, words: run.length });
  }
  return out;
}

/** Longest contiguous run of equal words (a, b are at most a few dozen words: the table stays tiny). */
function longestCommonRun(a: string[], b: string[]): string[] {
  let best = 0;
  let end = 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        row[j] = (prev[j - 1] as number) + 1;
        if ((row[j] as number) > best) {
          best = row[j] as number;
          end = i;
        }
      }
    }
    prev = row;
  }
  return a.slice(end - best, end);
}

import type { Article } from '../types.js';
import { WordTable } from './word-table.js';

/**
 * The fuzzy stage's index: every discriminating word of every signature, pointing at the signature
 * phrases that contain it, so that a message whose wording drifted from a signature's (other word
 * endings, words left out or added) still finds the phrases it shares rare words with.
 */

/** A phrase the fuzzy stage may find approximately in an error message: a signature's words. */
export class FuzzyPhrase {
  /** Distinct indexed words in the phrase. */
  words = 0;
  private canonical: string | undefined;

  constructor(
    readonly article: Article,
    readonly text: string,
    /** The phrase is a literal signature (its text is exact, not the words of a pattern). */
    readonly literal: boolean,
    /** Nothing may stand between the phrase's words in a match (a literal, or a pattern without gaps). */
    private readonly contiguous: boolean,
  ) {}

  /**
   * The phrase as `canonicalWords` (word endings and punctuation dropped), for tolerant matching; empty
   * when the phrase comes from a pattern that allows other text between its words. Made on first use:
   * only shortlisted phrases ever need it, and 20,000 kept copies cost megabytes.
   */
  get canon(): string {
    this.canonical ??= this.contiguous ? canonicalWords(this.text) : '';
    return this.canonical;
  }
}

export const FUZZY_WORD = /[a-z][a-z0-9_]{3,}/g;

/**
 * The fuzzy index's unit: a word with a plural or third-person "s" dropped, so that wordings that drift
 * between releases ("exceeds the limit" / "exceed the limit", "tokens" / "token") still share words.
 */
export function fuzzyWords(text: string): string[] {
  const out = new Set<string>();
  for (const w of text.match(FUZZY_WORD) ?? []) out.add(w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
  return [...out];
}

const CANON_WORD = /[a-z0-9]+/g;
/** A wildcard, negated class or alternation: the pattern's literal words need not be adjacent in a match. */
const GAPPED_PATTERN = /\.[*+?{]|\[\^|\|/;

/**
 * Words only, lower-cased, each without a plural or third-person "s", joined by single spaces: wordings
 * that differ between releases or tools only in word endings and punctuation ("exceeds the model limit"
 * / "exceed the model limit", "anthropic-version: header" / "anthropic-version header") become equal.
 */
export function canonicalWords(text: string): string {
  const words = text.toLowerCase().match(CANON_WORD) ?? [];
  return words.map((w) => (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w)).join(' ');
}

/** While the fuzzy index is built: in how many articles a word occurs, and the phrases containing it. */
interface WordEntry {
  articles: number;
  lastArticle: Article | null;
  phrases: FuzzyPhrase | FuzzyPhrase[];
}

/**
 * One pass and one map: each word's entry counts the articles using it (once per article) and collects
 * its phrases; words in too many articles are then deleted and the others keep only their phrases. Two
 * maps of every word (counts, then the index) doubled the build's peak memory for the same result.
 */
export function buildFuzzyIndex(articles: Article[], articleCount: number): WordTable<FuzzyPhrase | FuzzyPhrase[]> {
  const entries = new Map<string, WordEntry | FuzzyPhrase | FuzzyPhrase[]>();
  for (const article of articles) {
    for (const s of article.signatures) {
      const text = s.kind === 'literal' ? s.needle : regexWords(s.source);
      if (text.length < 8) continue;
      // A pattern's words are only a phrase when nothing may stand between them in a match.
      const p = new FuzzyPhrase(article, text, s.kind === 'literal', s.kind === 'literal' || !GAPPED_PATTERN.test(s.source));
      for (const w of fuzzyWords(text)) {
        const e = entries.get(w) as WordEntry | undefined;
        if (e === undefined) entries.set(w, { articles: 1, lastArticle: article, phrases: p });
        else {
          if (e.lastArticle !== article) e.articles++;
          e.lastArticle = article;
          if (Array.isArray(e.phrases)) e.phrases.push(p);
          else e.phrases = [e.phrases, p];
        }
      }
    }
  }
  // A word in more than 4% of articles ("error", "request", "message") says little about which one.
  const maxArticles = Math.max(3, Math.ceil(articleCount * 0.04));
  for (const [w, value] of entries) {
    const e = value as WordEntry;
    if (e.articles > maxArticles) {
      entries.delete(w);
      continue;
    }
    entries.set(w, e.phrases);
    for (const p of Array.isArray(e.phrases) ? e.phrases : [e.phrases]) p.words++;
  }
  return new WordTable(entries as Map<string, FuzzyPhrase | FuzzyPhrase[]>);
}

/** The literal words of a regex signature, for the fuzzy index (`/prompt is too long: \d+/` → "prompt is too long"). */
function regexWords(source: string): string {
  return source
    .replace(/^\/|\/[a-z]*$/g, '')
    .replace(/\\[dswbDSWB]|\[[^\]]*\]|[{(][^})]*[})]|[.*+?^$|\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

import MiniSearch, { type SearchResult } from 'minisearch';
import { stemmer } from 'stemmer';
import {
  aboutConsumerApp,
  aboutLocalToolServer,
  aboutOtherModel,
  aboutOtherStack,
  aboutResellerLimits,
  asksAboutClaudeFeature,
  describesTrouble,
  namesClaude,
  namesOpenWeightModel,
  withoutReasonPhrases,
} from './question-guards.js';
import { asksHowToSetUp, offTopicKind, strongMatchOverrides } from './question-kinds.js';
import { questionTerms, STOP_WORDS, signatureWords } from './question-terms.js';
import { QUESTION_THRESHOLDS } from './question-thresholds.js';
import type { Article } from './types.js';

export { questionTerms, signatureWords } from './question-terms.js';
export { looksLikeQuestion, proseShare, writtenInWords } from './question-text.js';
export { QUESTION_THRESHOLDS } from './question-thresholds.js';
export {
  aboutConsumerApp,
  aboutLocalToolServer,
  aboutOtherModel,
  aboutOtherStack,
  aboutResellerLimits,
  asksAboutClaudeFeature,
  describesTrouble,
  namesClaude,
  namesOpenWeightModel,
  withoutReasonPhrases,
};

/**
 * Questions in words ("why am I rate limited under my limit?"): articles retrieved by meaning over their
 * title, the words people use for the problem (`aliases:`), cause, fix and error codes, with a BM25
 * index (MiniSearch) over stemmed words. Pure: no I/O, no clock.
 *
 * BM25 scores grow with the length of the question, so the verdict does not use them alone: it also
 * asks how much of the question's rare-word weight the best article covers, and how far it stands
 * ahead of the next one.
 */

export interface QuestionIndex {
  search: MiniSearch<IndexedArticle>;
  byId: Map<string, Article>;
  /** Stemmed term → number of articles containing it (for the coverage measure). */
  df: Map<string, number>;
  size: number;
  aliases: boolean;
  /** Runs of four words from error messages only Anthropic writes (quoting one ties a question to Claude). */
  errorGrams: Set<string>;
}

interface IndexedArticle {
  id: string;
  title: string;
  aliases: string;
  idWords: string;
  codes: string;
  /** The words of the error messages the article recognises: people quote them in questions. */
  messages: string;
  cause: string;
  fix: string;
}

export interface QuestionHit {
  article: Article;
  /** BM25 score (unbounded; only comparable within one question). */
  score: number;
  /** BM25 score on the question's topic words alone (product names left out; see `topicTerms`). */
  topicScore: number;
  /** Share of the question's term weight (idf) found in this article, 0–1. */
  coverage: number;
  terms: string[];
}

export type QuestionVerdict = 'known' | 'maybe' | 'none';

export interface QuestionResult {
  verdict: QuestionVerdict;
  /** Best first: one for `known`, up to three for `maybe`, none for `none`. */
  hits: QuestionHit[];
  /** Every ranked hit before the verdict (for evaluation and logs). */
  ranked: QuestionHit[];
  /** The question's content terms after stop words and stemming. */
  terms: string[];
}

/** Field weights: the title and the people's words say what an article is about; the fix mostly how. */
const BOOST = {
  title: 3,
  aliases: 1.5,
  idWords: 2,
  codes: 1.5,
  messages: 1,
  cause: 1,
  fix: 0.4,
};

/** The best article's score, made comparable across questions of different lengths. */
export function strength(hit: QuestionHit, terms: string[]): number {
  return hit.topicScore / Math.sqrt(Math.max(1, topicTerms(terms).length));
}

function withoutCode(markdown: string): string {
  return markdown.replace(/```[\s\S]*?```/g, ' ').replace(/`([^`]{0,80})`/g, ' $1 ');
}

export function buildQuestionIndex(articles: Article[], opts: { aliases?: boolean } = {}): QuestionIndex {
  const useAliases = opts.aliases ?? true;
  const search = new MiniSearch<IndexedArticle>({
    fields: Object.keys(BOOST),
    storeFields: [],
    tokenize: (text) => questionTerms(text),
    processTerm: (term) => term,
    searchOptions: { boost: BOOST, combineWith: 'OR' },
  });
  const df = new Map<string, number>();
  const docs = articles.map((a) => {
    const doc: IndexedArticle = {
      id: a.id,
      title: a.title,
      aliases: useAliases ? a.aliases.join(' . ') : '',
      idWords: a.id.replace(/-/g, ' '),
      codes: [...a.httpStatus.map(String), ...a.errorTypes, ...a.sdkExceptions].join(' '),
      messages: a.signatures.map((sig) => signatureWords(sig.source)).join(' . '),
      cause: withoutCode(a.cause),
      fix: withoutCode(a.fix),
    };
    const seen = new Set(questionTerms(Object.values(doc).slice(1).join(' ')));
    for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
    return doc;
  });
  search.addAll(docs);
  const rare = (word: string) =>
    !/^\d+$/.test(word) && !STOP_WORDS.has(word) && (df.get(stemmer(word)) ?? 0) <= articles.length * RARE_SHARE;
  const errorGrams = new Set(
    articles
      .filter((a) => !a.contextRequired)
      .flatMap((a) => a.signatures.filter((sig) => sig.kind === 'literal').flatMap((sig) => wordRuns(sig.source, rare))),
  );
  return { search, byId: new Map(articles.map((a) => [a.id, a])), df, size: articles.length, aliases: useAliases, errorGrams };
}

/**
 * How many words a quoted run must share with an Anthropic error message, and how many of them must
 * be rare in the knowledge base: "500 internal server error" is every server's phrase, "organization
 * has been disabled" is Anthropic's.
 */
const QUOTE_RUN = 4;
const QUOTE_RARE_WORDS = 2;
/** A word in more than this share of the articles is common vocabulary, not a message's own. */
const RARE_SHARE = 0.2;

/** The runs of QUOTE_RUN consecutive words of a text; with `rare`, only runs holding QUOTE_RARE_WORDS rare words. */
function wordRuns(text: string, rare?: (word: string) => boolean): string[] {
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9_]+/)
    .filter(Boolean);
  const runs: string[] = [];
  for (let i = 0; i + QUOTE_RUN <= words.length; i++) {
    const run = words.slice(i, i + QUOTE_RUN);
    if (!rare || run.filter(rare).length >= QUOTE_RARE_WORDS) runs.push(run.join(' '));
  }
  return runs;
}

/**
 * The question quotes part of an error message only Anthropic's API and tools write ("this
 * organization has been disabled", "text content blocks must be non-empty"): that ties it to Claude
 * even when Claude is never named. Messages any server writes (articles marked `context_required`)
 * do not count.
 */
export function quotesClaudeError(index: QuestionIndex, text: string): boolean {
  return wordRuns(text).some((run) => index.errorGrams.has(run));
}

/** Inverse document frequency of a term, as BM25 weighs it; unknown terms weigh the most. */
function idf(index: QuestionIndex, term: string): number {
  const n = index.df.get(term) ?? 0;
  return Math.log(1 + (index.size - n + 0.5) / (n + 0.5));
}

/** Ranks every article for a question, best first. */
export function rankQuestion(index: QuestionIndex, text: string, limit = 5): { terms: string[]; hits: QuestionHit[] } {
  const terms = [...new Set(questionTerms(text))];
  if (terms.length === 0) return { terms, hits: [] };
  const total = terms.reduce((s, t) => s + idf(index, t), 0);
  const results: SearchResult[] = index.search.search(terms.join(' '));
  const topic = topicTerms(terms);
  const topicScores = new Map<string, number>();
  if (topic.length > 0) for (const r of index.search.search(topic.join(' '))) topicScores.set(String(r.id), r.score);
  const hits: QuestionHit[] = [];
  for (const r of results.slice(0, limit)) {
    const article = index.byId.get(String(r.id));
    if (!article) continue;
    const matched = r.terms.filter((t) => terms.includes(t));
    const covered = matched.reduce((s, t) => s + idf(index, t), 0);
    hits.push({
      article,
      score: r.score,
      topicScore: topicScores.get(article.id) ?? 0,
      coverage: total > 0 ? covered / total : 0,
      terms: matched,
    });
  }
  return { terms, hits };
}

/**
 * Words that name the product rather than the problem ("Claude", "Claude Code", "Anthropic", a model
 * family): they rank a Claude Code article above an SDK one, but "Claude Code shows the diff in the
 * wrong pane" is no closer to any article for saying "Claude Code". The verdict weighs the rest.
 */
const PRODUCT_TERMS = new Set(['claud', 'code', 'anthrop']);

export function topicTerms(terms: string[]): string[] {
  return terms.filter((t) => !PRODUCT_TERMS.has(t));
}

/**
 * The verdict: `known` when the best article scores strongly and stands clearly ahead; `maybe` (up to
 * three) when the question is on our ground but no article stands out; `none` otherwise. A question
 * about another vendor's API is never ours.
 */
export function answerQuestion(
  index: QuestionIndex,
  text: string,
  opts: { foreignVendor?: string | null; grounded?: boolean } = {},
): QuestionResult {
  const { terms, hits } = rankQuestion(index, text);
  const none = (): QuestionResult => ({ verdict: 'none', hits: [], ranked: hits, terms });
  const th = QUESTION_THRESHOLDS;
  const top = hits[0];
  if (!top || opts.foreignVendor || terms.length < th.minTerms) return none();
  // Another vendor's model, a reseller's own limits, or Claude's consumer app: no API article applies.
  if (aboutOtherModel(text) || aboutResellerLimits(text) || aboutConsumerApp(text) || aboutLocalToolServer(text)) return none();
  // Prices and plans, a wish for a feature, a comparison, prompting advice, thanks: no article answers them.
  // A very strong match still stands: "can I use my Max plan outside Claude Code? would be nice" is ours.
  const kind = offTopicKind(text);
  if (kind && (!strongMatchOverrides(kind) || strength(top, terms) < th.strong)) return none();
  // A question with nothing that ties it to Claude (no name, no Anthropic context, no error we know) is
  // answered only when one article fits very strongly: "invalid api key" is asked about every API.
  const level = strength(top, terms);
  if (opts.grounded === false) return answerUngrounded(index, text, hits, terms);
  const strong = level >= th.strong;
  const trouble = describesTrouble(text);
  // How to set something up, with nothing failing: however well its words match, no article explains it.
  if (!trouble && asksHowToSetUp(text)) return none();
  if (!strong && !(level >= th.weak && trouble)) return none();
  const second = hits[1];
  if (strong && (!second || top.score >= second.score * th.lead)) return { verdict: 'known', hits: [top], ranked: hits, terms };
  // A how-to or feature question ("is Bedrock supported for…") with no article standing out: no guesses.
  if (!trouble) return none();
  // A long message that fits its best article only loosely is about something else that shares its words.
  if (level < mightBeBar(terms)) return none();
  return { verdict: 'maybe', hits: mightBeHits(top, hits), ranked: hits, terms };
}

/**
 * The strength "might be" articles need, for a question of this many distinct terms. Strength is already
 * divided by the square root of the question's length, yet on real questions a long report that fits an
 * article only loosely is far more often about something no article covers (a UI glitch, a wish, a hang
 * in another tool) than a short one is. So the bar grows with the length: about `weak` at 9 terms, three
 * times that at 20. The factor was read off the tune half of the question set: up to 1.04 no tune
 * question lost its right article, at 1.1 one did while ten off-topic "might be" answers went (figures
 * for both halves and an unseen batch in eval/README.md).
 */
export function mightBeBar(terms: string[]): number {
  return QUESTION_THRESHOLDS.mightBePerTerm * terms.length ** 1.5;
}

/** "Might be" articles: the best one first, then up to two more that score close enough to it. */
export function mightBeHits(top: QuestionHit, ranked: QuestionHit[]): QuestionHit[] {
  const close = ranked.filter((h) => h.article.id !== top.article.id && h.score >= top.score * QUESTION_THRESHOLDS.maybeShare);
  return [top, ...close].slice(0, 3);
}
/**
 * A question with nothing that ties it to Claude: answered only when one article stands clearly ahead,
 * on words that are not every server's (HTTP reason phrases are left out of the scoring), at the
 * grounded bar for a Claude-only feature and a much higher one for a problem every API has.
 */
function answerUngrounded(index: QuestionIndex, text: string, ranked: QuestionHit[], terms: string[]): QuestionResult {
  const none: QuestionResult = { verdict: 'none', hits: [], ranked, terms };
  // An error any stack writes (TLS, proxies, AWS credentials: `context_required`) asked with no tie
  // to Claude is somebody else's question, however well its words match.
  if (aboutOtherStack(text) || namesForeignApi(index, text)) return none;
  const own = withoutReasonPhrases(text);
  const { terms: ownTerms, hits } = own === text ? { terms, hits: ranked } : rankQuestion(index, own);
  const [top, second] = hits;
  if (!top || top.article.contextRequired || ownTerms.length < QUESTION_THRESHOLDS.minTerms) return none;
  const bar = asksAboutClaudeFeature(top.article) ? QUESTION_THRESHOLDS.strong : QUESTION_THRESHOLDS.ungrounded;
  if (strength(top, ownTerms) < bar) return none;
  if (second && top.score < second.score * QUESTION_THRESHOLDS.lead) return none;
  return { verdict: 'known', hits: [top], ranked, terms };
}

/**
 * Whose API or rate limit the question is about: "request to discord API failed", "rate-limited by
 * Github", "GitHub rate limiting". An owner the knowledge base hardly knows (in at most one article)
 * is a service of its own, not Claude's, in a question with nothing else that ties it to Claude. The
 * words of our own APIs ("Messages API", "Files API", "Bedrock API") are in many articles.
 */
const API_OWNER = [
  /\b([a-z][\w.-]*?)(?:'s)?\s+(?:rest\s+|web\s+)?api\b/gi,
  /\brate[- ]?limit(?:ed|ing)?\s+(?:by|from)\s+([a-z][\w.-]*)/gi,
  /\b([a-z][\w.-]*?)(?:'s)?\s+(?:api\s+)?rate[- ]?limit/gi,
];

export function namesForeignApi(index: QuestionIndex, text: string): boolean {
  for (const pattern of API_OWNER) {
    for (const m of text.matchAll(pattern)) {
      const [term] = questionTerms(m[1] ?? '');
      if (!term || term.length < 3 || /^\d/.test(term) || PRODUCT_TERMS.has(term)) continue;
      if ((index.df.get(term) ?? 0) <= FOREIGN_OWNER_DF) return true;
    }
  }
  return false;
}

/** An API owner named in at most this many articles is not one of ours. */
const FOREIGN_OWNER_DF = 1;

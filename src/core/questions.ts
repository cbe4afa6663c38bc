import MiniSearch, { type SearchResult } from 'minisearch';
import { stemmer } from 'stemmer';
import type { Article } from './types.js';

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
}

interface IndexedArticle {
  id: string;
  title: string;
  aliases: string;
  idWords: string;
  codes: string;
  cause: string;
  fix: string;
}

export interface QuestionHit {
  article: Article;
  /** BM25 score (unbounded; only comparable within one question). */
  score: number;
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
const BOOST = { title: 3, aliases: 3, idWords: 2, codes: 1.5, cause: 1, fix: 0.4 };

/**
 * Thresholds on the BM25 score of the best article (MiniSearch's scale for this index), set on the tune
 * half of the question set (`npm run eval -- eval/questions.jsonl`): above `strong` a question is on
 * our ground; between `weak` and `strong` only when it describes trouble (an error, a failure, a
 * limit); `lead` is how far the best must stand ahead of the second to be answered alone.
 */
export const QUESTION_THRESHOLDS = {
  strong: 700,
  weak: 150,
  /** The bar for a question with nothing that ties it to Claude. */
  ungrounded: 1_000,
  lead: 1.3,
  /** A "might be" article must score at least this share of the best one. */
  maybeShare: 0.35,
  minTerms: 2,
};

/** Words that say something is wrong: a question about a problem, not about taste or how-to. */
const TROUBLE =
  /\b(?:errors?|fail\w*|exception|crash\w*|broke\w*|stuck|denied|refus\w*|reject\w*|expired?|limit\w*|exceed\w*|invalid|missing|unable|cannot|can'?t|won'?t|doesn'?t|didn'?t|isn'?t|not (?:work|support|availab|allow|recogni|found)\w*|timeout|timed out|empty|cut off|instead of|charged|billed|no longer|stopped|wrong|unexpected\w*|too (?:long|large|big|many|low)|[1-5]\d\d)\b/i;

/** Other vendors' models, and model-serving platforms that do not serve Claude, named in a question. */
const OTHER_MODELS =
  /\b(?:gemini|openai|chatgpt|gpt-?[345o]\w*|o[134]-(?:preview|mini)|openrouter|qwen\w*|glm(?:-?\d[\w.-]*)?|zhipu\w*|chatglm|kimi|moonshot|minimax|doubao|ernie|baichuan|mistral|mixtral|llama\w*|deepseek|grok|ollama|vllm|kserve|triton|sagemaker|hugging ?face|together\.ai|fireworks\.ai|lm ?studio|publishers\/(?:google|meta|mistralai))\b/i;

/**
 * Sentences that name Claude only to compare ("works fine with Anthropic models", "other models, e.g.
 * Claude, do not have this issue"): they do not make the question about Claude.
 */
const COMPARISON =
  /\b(?:works?(?:ing)? (?:fine|well|perfectly|correctly|as expected)|(?:no|without|don'?t have|do not have|doesn'?t have|does not have) (?:this |the same |any )?(?:issue|problem)|other (?:models|providers)|unlike|compared (?:to|with)|same (?:config\w*|setup|code|request)s? works?)\b/i;

/**
 * "Anthropic" naming a wire format or an endpoint shape, not the model behind it: gateways serve other
 * vendors' models through an "Anthropic-compatible endpoint" or "the Anthropic API format".
 */
const ANTHROPIC_AS_FORMAT =
  /\banthropic[- ](?:compatible|style|format|messages format|api format|protocol|endpoint|base url|adapter)s?\b|\b(?:compatible with|in|via|through) (?:the )?anthropic(?:'s)? (?:api|messages) (?:format|protocol|schema)\b/gi;

/** Claude Code is a client: "GLM models are unusable from Claude Code" is about the GLM model behind it. */
const CLAUDE_CODE_AS_CLIENT = /\bclaude[- ]code\b/gi;

/** A Claude consumer app (the desktop or mobile app, claude.ai in a browser), outside the API. */
const CONSUMER_APP = /\bclaude(?:\.ai\b| desktop\b| (?:mobile|ios|android|web|chrome) app\b| app\b)/i;
/** Words of the developer platform: what ties a message about the app back to the API. */
const DEVELOPER_WORDS =
  /\b(?:api|sdk|claude code|bedrock|vertex|console|api[ _-]?key|model id|endpoint|requests?|tokens?|mcp)\b|(?<![\d.,])\b[1-5]\d\d\b(?![\d.,])/i;

/**
 * The message is about another vendor's model: one is named, and Claude is named at most in a sentence
 * that compares. Both the paste and the question path ask this (a GLM error reads like a Claude one).
 */
export function aboutOtherModel(text: string): boolean {
  if (!OTHER_MODELS.test(text)) return false;
  const own = text
    .replace(ANTHROPIC_AS_FORMAT, ' ')
    .replace(CLAUDE_CODE_AS_CLIENT, ' ')
    .split(/(?<=[.!?;])(?<!\b(?:e\.g|i\.e|etc|vs)\.)\s+|\n+/)
    .filter((s) => !COMPARISON.test(s))
    .join(' ');
  return !namesClaude(own);
}

/** The message is about a Claude consumer app (Claude Desktop, claude.ai) with nothing of the API in it. */
export function aboutConsumerApp(text: string): boolean {
  return CONSUMER_APP.test(text) && !DEVELOPER_WORDS.test(text);
}

export function namesClaude(text: string): boolean {
  return /\b(?:claude|anthropic|opus|sonnet|haiku)\b/i.test(text);
}

export function describesTrouble(text: string): boolean {
  return TROUBLE.test(text);
}

// Function words and chat filler: they say nothing about which problem is meant.
const STOP_WORDS = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below between both but by can
  cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't have
  haven't having he her here hers herself him himself his how i i'm i've if in into is isn't it it's its itself just let's me more
  most my myself no nor not of off on once only or other ought our ours ourselves out over own same she should shouldn't so some such
  than that that's the their theirs them themselves then there there's these they this those through to too under until up very was
  wasn't we were weren't what when where which while who whom why will with won't would wouldn't you your yours yourself also
  anyone anybody someone somebody anything something everything hi hello hey thanks thank please pls help helps question questions
  issue issues problem problems know knows trying try tried tries want wants wanted need needs needed get gets getting got use
  uses using used work works working worked seem seems seemed still even really actually keep keeps kept like way thing things
  happen happens happened happening sure maybe ok okay yes since now today anyway however else us via per etc e.g i.e`.split(/\s+/),
);

/** Lower-case words with code names split (`RateLimitError` → rate limit error), stop words out, stemmed. */
export function questionTerms(text: string): string[] {
  const spaced = text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const out: string[] = [];
  for (const raw of spaced.split(/[^a-z0-9']+/)) {
    const w = raw.replace(/^'+|'+$/g, '');
    if (w.length < 2 || STOP_WORDS.has(w)) continue;
    if (/^\d+$/.test(w) && w.length !== 3) continue; // HTTP statuses count; other numbers are noise
    out.push(stemmer(w.replace(/'s$/, '')));
  }
  return out;
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
      cause: withoutCode(a.cause),
      fix: withoutCode(a.fix),
    };
    const seen = new Set(questionTerms(Object.values(doc).slice(1).join(' ')));
    for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
    return doc;
  });
  search.addAll(docs);
  return { search, byId: new Map(articles.map((a) => [a.id, a])), df, size: articles.length, aliases: useAliases };
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
  const hits: QuestionHit[] = [];
  for (const r of results.slice(0, limit)) {
    const article = index.byId.get(String(r.id));
    if (!article) continue;
    const matched = r.terms.filter((t) => terms.includes(t));
    const covered = matched.reduce((s, t) => s + idf(index, t), 0);
    hits.push({ article, score: r.score, coverage: total > 0 ? covered / total : 0, terms: matched });
  }
  return { terms, hits };
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
  if (aboutOtherModel(text)) return none();
  // A question with nothing that ties it to Claude (no name, no Anthropic context, no error we know) is
  // answered only when one article fits very strongly: "invalid api key" is asked about every API.
  if (opts.grounded === false) {
    if (top.score < th.ungrounded) return none();
    const second = hits[1];
    return !second || top.score >= second.score * th.lead ? { verdict: 'known', hits: [top], ranked: hits, terms } : none();
  }
  const strong = top.score >= th.strong;
  const trouble = describesTrouble(text);
  if (!strong && !(top.score >= th.weak && trouble)) return none();
  const second = hits[1];
  if (strong && (!second || top.score >= second.score * th.lead)) return { verdict: 'known', hits: [top], ranked: hits, terms };
  // A how-to or feature question ("is Bedrock supported for…") with no article standing out: no guesses.
  if (!trouble) return none();
  return { verdict: 'maybe', hits: hits.filter((h) => h.score >= top.score * th.maybeShare).slice(0, 3), ranked: hits, terms };
}
/** A message written as a question ("why…", "how do I…", "…?"), for the opt-in unprompted answers. */
export function looksLikeQuestion(text: string): boolean {
  const t = text.trim();
  if (t.length < 12 || t.length > 2_000) return false;
  return /\?\s*$/m.test(t) || /^(?:why|how|what|when|where|which|who|is|are|can|could|does|do|should|has|have|anyone|any idea)\b/i.test(t);
}

/**
 * Someone writing in their own words (a question, "I keep getting…", an issue title), not a bare
 * paste: a question, a first person, or text with hardly any of the brackets and quotes of JSON and code.
 */
export function writtenInWords(text: string): boolean {
  if (looksLikeQuestion(text) || /\b(?:i|i'm|im|i've|my|we|we're|our|us|me)\b/i.test(text)) return true;
  return proseShare(text) >= PROSE_SHARE;
}

/** Share of prose words a message needs to count as written in words (JSON and traces sit far below). */
const PROSE_SHARE = 0.75;
const PROSE_WORD = /^[("'\u2018\u201c]?[A-Za-z][a-z']*[)"'\u2019\u201d]?[.,!?:;]?$/;

/**
 * The share of whitespace-separated tokens that are plain words ("model", "Claude,", "(Claude)"), not
 * keys, paths, numbers or punctuation. Counting tokens rather than symbols per character keeps a sentence
 * with a couple of quoted words ("thinking") in words, and a JSON body or a stack trace out.
 */
export function proseShare(text: string): number {
  const tokens = text.slice(0, 4_000).split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return 0;
  let prose = 0;
  for (const t of tokens) if (PROSE_WORD.test(t)) prose++;
  return prose / tokens.length;
}

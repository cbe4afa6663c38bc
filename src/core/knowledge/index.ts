import { tokens } from '../normalize.js';
import type { Article, Signature } from '../types.js';
import { buildFuzzyIndex, type FuzzyPhrase } from './fuzzy-index.js';
import { LiteralScan } from './literal-scan.js';
import {
  type ArticleSource,
  collectArticles,
  contentHash,
  dropOthers,
  KnowledgeBaseError,
  type LoadIssue,
  listKnowledgeFiles,
  type ParseOptions,
  parseArticles,
  readKnowledgeSlice,
  VersionHash,
} from './load.js';
import { buildMessageParts, type MessagePart } from './message-parts.js';
import type { WordTable } from './word-table.js';

// The fuzzy stage reads these with the base.
export { canonicalWords, FUZZY_WORD, FuzzyPhrase, fuzzyWords } from './fuzzy-index.js';

export interface SignatureRef {
  article: Article;
  signature: Signature;
}

export interface KnowledgeBase {
  articles: Article[];
  byId: Map<string, Article>;
  /** Signatures keyed by the word any match must contain (the prefilter). */
  byAnchor: Map<string, SignatureRef[]>;
  /** Signatures with no usable anchor word. */
  unanchored: SignatureRef[];
  /**
   * The unanchored literals and the required substrings of unanchored regexes, in one Aho–Corasick
   * automaton: one pass over the paste tells which occur, and `byNeedle` which signatures (indices
   * into `unanchored`) they make worth trying. Cost per paste does not grow with the number of
   * signatures that are not there. Null when there are none.
   */
  unanchoredScan: { scan: LiteralScan; byNeedle: Map<string, number[]> } | null;
  /** Indices into `unanchored` of regexes with no required substring: tried only when the paste looks like an error. */
  unanchoredBare: number[];
  /**
   * Word → the phrase containing it, or the phrases when several do (most words are in one phrase, and a
   * list per word costs megabytes at 5,000 articles); read it with `fuzzyPhrases`. Words common to many
   * articles are left out (they do not discriminate). Packed (word-table.ts): it is the largest table.
   */
  fuzzyIndex: WordTable<FuzzyPhrase | FuzzyPhrase[]>;
  /** Message parts of `Class: message` signatures, by their rarest word (see message-parts.ts). */
  messageParts: Map<string, MessagePart[]>;
  /** Fraction of articles that carry a given status / error type / exception (rarer agreement counts more). */
  share: {
    status: Map<number, number>;
    errorType: Map<string, number>;
    exception: Map<string, number>;
  };
  warnings: LoadIssue[];
  /** Hash of the knowledge files, shown in /healthz and logs so operators can tell which version runs. */
  version: string;
  root: string | null;
}

const NO_PHRASES: readonly FuzzyPhrase[] = [];

/** The phrases the fuzzy index holds for `word` (none when it is not indexed). */
export function fuzzyPhrases(kb: KnowledgeBase, word: string): readonly FuzzyPhrase[] {
  const hit = kb.fuzzyIndex.get(word);
  return hit === undefined ? NO_PHRASES : Array.isArray(hit) ? hit : [hit];
}

/** Strips notes such as " (LangChain)" and dotted module prefixes: `anthropic.BadRequestError` → `badrequesterror`. */
export function exceptionKey(name: string): string {
  const bare = name.replace(/\s*\(.*\)\s*$/, '').trim();
  const last = bare.split(/[.:]/).filter(Boolean).pop() ?? bare;
  return last.toLowerCase();
}

export function buildKnowledgeBase(
  articles: Article[],
  opts: { warnings?: LoadIssue[]; version?: string; root?: string | null } = {},
): KnowledgeBase {
  const byId = new Map<string, Article>();
  const byAnchor = new Map<string, SignatureRef[]>();
  const unanchored: SignatureRef[] = [];
  const status = new Map<number, number>();
  const errorType = new Map<string, number>();
  const exception = new Map<string, number>();

  // Words are derived from each signature when a pass needs them and dropped right after: holding every
  // signature's word lists at once made the build's peak tens of megabytes higher at 5,000 articles, and
  // keeping them between builds (to save a reload some tokenising) cost ~20 MB for the process's life.
  const rarity = wordFrequencies(articles);
  for (const article of articles) {
    byId.set(article.id, article);
    for (const signature of article.signatures) {
      if (signature.kind === 'literal') signature.anchor = rarestOf(anchorWordsOf(signature.needle), rarity);
      else if (signature.requiredWords.length > 0) signature.anchor = rarest(signature.requiredWords, rarity);
      const ref = { article, signature };
      if (signature.anchor) {
        const list = byAnchor.get(signature.anchor);
        if (list) list.push(ref);
        else byAnchor.set(signature.anchor, [ref]);
      } else unanchored.push(ref);
    }
    for (const s of article.httpStatus) status.set(s, (status.get(s) ?? 0) + 1);
    for (const t of new Set(article.errorTypes.map((x) => x.toLowerCase()))) errorType.set(t, (errorType.get(t) ?? 0) + 1);
    for (const e of new Set(article.sdkExceptions.map(exceptionKey))) exception.set(e, (exception.get(e) ?? 0) + 1);
  }
  const n = Math.max(1, articles.length);
  const toShare = <K>(m: Map<K, number>) => new Map([...m].map(([k, v]) => [k, v / n] as const));

  const fuzzyIndex = buildFuzzyIndex(articles, n);
  const { unanchoredScan, unanchoredBare } = scanForUnanchored(unanchored);
  return {
    articles,
    byId,
    byAnchor,
    unanchored,
    unanchoredScan,
    unanchoredBare,
    fuzzyIndex,
    messageParts: buildMessageParts(articles, rarity),
    share: {
      status: toShare(status),
      errorType: toShare(errorType),
      exception: toShare(exception),
    },
    warnings: opts.warnings ?? [],
    version: opts.version ?? 'memory',
    root: opts.root ?? null,
  };
}

/**
 * One Aho–Corasick pass for the signatures without an anchor word: their literals and the required
 * substrings of their patterns, each needle pointing at the signatures it makes worth trying. Patterns
 * with no required substring are listed apart (tried only when the paste looks like an error).
 */
function scanForUnanchored(unanchored: SignatureRef[]): Pick<KnowledgeBase, 'unanchoredScan' | 'unanchoredBare'> {
  const byNeedle = new Map<string, number[]>();
  const unanchoredBare: number[] = [];
  unanchored.forEach(({ signature: s }, i) => {
    const needles = s.kind === 'literal' ? [s.needle] : s.needles;
    if (!needles) unanchoredBare.push(i);
    for (const needle of needles ?? []) {
      const list = byNeedle.get(needle);
      if (list) list.push(i);
      else byNeedle.set(needle, [i]);
    }
  });
  const unanchoredScan = byNeedle.size === 0 ? null : { scan: new LiteralScan([...byNeedle.keys()]), byNeedle };
  return { unanchoredScan, unanchoredBare };
}

/** In how many signatures each word occurs: the prefilter anchors on the rarest word of a literal. */
function wordFrequencies(articles: Article[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const a of articles) {
    for (const s of a.signatures) {
      for (const w of new Set(s.kind === 'literal' ? tokens(s.needle) : s.requiredWords)) df.set(w, (df.get(w) ?? 0) + 1);
    }
  }
  return df;
}

function rarest(words: string[], df: Map<string, number>): string {
  return words.reduce((best, w) => {
    const d = (df.get(w) ?? 0) - (df.get(best) ?? 0);
    return d < 0 || (d === 0 && w.length > best.length) ? w : best;
  });
}

/**
 * The rarest word of the literal that must appear as a whole word in any paste containing it (ties go
 * to the longer word). A word at an edge of the literal qualifies only when punctuation follows (or
 * precedes) it inside the literal: "acceleration limit" also occurs in "acceleration limits".
 * Rare anchors keep the prefilter selective on long pastes full of common words.
 */
export function literalAnchor(needle: string, df: Map<string, number> = new Map()): string | null {
  return rarestOf(anchorWordsOf(needle), df);
}

/** The words of a literal that may anchor it: three characters or more, with text on both sides inside the literal. */
function anchorWordsOf(needle: string): string[] {
  const parts = needle.split(/([a-z0-9_]+)/);
  // split with a capture group alternates separators and words: ['', 'word', ' ', 'word', '.']
  const out: string[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const word = parts[i] as string;
    const clean = (parts[i - 1] as string).length > 0 && (parts[i + 1] ?? '').length > 0;
    if (clean && word.length >= 3) out.push(word);
  }
  return out;
}

/** The rarest of `words` (ties go to the longer, then the first); null when there are none. */
function rarestOf(words: string[], df: Map<string, number>): string | null {
  let best: string | null = null;
  let bestDf = Number.POSITIVE_INFINITY;
  for (const word of words) {
    const f = df.get(word) ?? 0;
    if (f < bestDf || (f === bestDf && best !== null && word.length > best.length)) {
      best = word;
      bestDf = f;
    }
  }
  return best;
}

export function buildFromSources(sources: ArticleSource[], root: string | null = null, opts: ParseOptions = {}): KnowledgeBase {
  const { articles, issues } = parseArticles(sources, opts);
  return assemble(articles, issues, contentHash(sources), root);
}

function assemble(articles: Article[], issues: LoadIssue[], version: string, root: string | null): KnowledgeBase {
  if (issues.some((i) => i.severity === 'error')) throw new KnowledgeBaseError(issues);
  if (articles.length === 0) {
    throw new KnowledgeBaseError([
      {
        file: root ?? '(memory)',
        message: 'no articles found (expected <family>/<id>.md files)',
        severity: 'error',
      },
    ]);
  }
  return buildKnowledgeBase(articles, { warnings: issues, version, root });
}

/** Files read and parsed between two yields to the event loop: a few milliseconds of work (more on a first probe). */
const FILES_PER_SLICE = 25;

/**
 * Loads and validates every article under `dir`. Throws KnowledgeBaseError listing each problem with
 * its file, field and what was expected; a base with errors is never half-loaded. Files are read and
 * parsed a slice at a time with a yield between slices, so a large base neither holds the event loop for
 * its whole load nor holds every file's text at once; with `opts.cache`, files unchanged since the last
 * load are not parsed again.
 */
export async function loadKnowledgeBase(dir: string, opts: ParseOptions = {}): Promise<KnowledgeBase> {
  const unreadable = (err: unknown) =>
    new KnowledgeBaseError([{ file: dir, message: `cannot read knowledge folder: ${(err as Error).message}`, severity: 'error' }]);
  const files = await listKnowledgeFiles(dir).catch((err) => {
    throw unreadable(err);
  });
  const cache = opts.cache ?? new Map();
  const version = new VersionHash();
  for (let i = 0; i < files.length; i += FILES_PER_SLICE) {
    let sources: ArticleSource[];
    try {
      sources = readKnowledgeSlice(dir, files.slice(i, i + FILES_PER_SLICE));
    } catch (err) {
      throw unreadable(err);
    }
    for (const source of sources) version.add(source);
    parseArticles(sources, { ...opts, cache, keepOthers: true });
    await new Promise((resolve) => setImmediate(resolve));
  }
  dropOthers(cache, files);
  const { articles, issues } = collectArticles(files, cache);
  return assemble(articles, issues, version.digest(), dir);
}

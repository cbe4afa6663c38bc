import Fuse from 'fuse.js';
import { normalise } from '../normalize.js';
import type { Article, Signature } from '../types.js';
import { type ArticleSource, contentHash, KnowledgeBaseError, type LoadIssue, parseArticles, readKnowledgeSources } from './load.js';

export interface SignatureRef {
  article: Article;
  signature: Signature;
}

/** What the fuzzy stage searches: one document per article, in the words an error message uses. */
export interface FuzzyDoc {
  id: string;
  text: string[];
}

export interface KnowledgeBase {
  articles: Article[];
  byId: Map<string, Article>;
  /** Signatures keyed by the word any match must contain (the prefilter). */
  byAnchor: Map<string, SignatureRef[]>;
  /** Signatures with no usable anchor word; checked on every error-looking paste. */
  unanchored: SignatureRef[];
  fuzzy: Fuse<FuzzyDoc>;
  /** Fraction of articles that carry a given status / error type / exception (rarer agreement counts more). */
  share: { status: Map<number, number>; errorType: Map<string, number>; exception: Map<string, number> };
  warnings: LoadIssue[];
  /** Hash of the knowledge files, shown in /healthz and logs so operators can tell which version runs. */
  version: string;
  root: string | null;
}

/** Strips notes such as " (LangChain)" and dotted module prefixes: `anthropic.BadRequestError` → `badrequesterror`. */
export function exceptionKey(name: string): string {
  const bare = name.replace(/\s*\(.*\)\s*$/, '').trim();
  const last = bare.split(/[.:]/).filter(Boolean).pop() ?? bare;
  return last.toLowerCase();
}

export function buildKnowledgeBase(articles: Article[], opts: { warnings?: LoadIssue[]; version?: string; root?: string | null } = {}): KnowledgeBase {
  const byId = new Map<string, Article>();
  const byAnchor = new Map<string, SignatureRef[]>();
  const unanchored: SignatureRef[] = [];
  const status = new Map<number, number>();
  const errorType = new Map<string, number>();
  const exception = new Map<string, number>();
  const docs: FuzzyDoc[] = [];

  for (const article of articles) {
    byId.set(article.id, article);
    for (const signature of article.signatures) {
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
    docs.push({
      id: article.id,
      text: article.signatures.map((s) => (s.kind === 'literal' ? s.needle : regexWords(s.source))).concat(normalise(article.title).lower),
    });
  }
  const n = Math.max(1, articles.length);
  const toShare = <K>(m: Map<K, number>) => new Map([...m].map(([k, v]) => [k, v / n] as const));

  const fuzzy = new Fuse(docs, {
    keys: ['text'],
    includeScore: true,
    useTokenSearch: true,
    ignoreLocation: true,
    threshold: 0.35,
    isCaseSensitive: false,
  });

  return {
    articles,
    byId,
    byAnchor,
    unanchored,
    fuzzy,
    share: { status: toShare(status), errorType: toShare(errorType), exception: toShare(exception) },
    warnings: opts.warnings ?? [],
    version: opts.version ?? 'memory',
    root: opts.root ?? null,
  };
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

export function buildFromSources(sources: ArticleSource[], root: string | null = null): KnowledgeBase {
  const { articles, issues } = parseArticles(sources);
  if (issues.some((i) => i.severity === 'error')) throw new KnowledgeBaseError(issues);
  if (articles.length === 0) {
    throw new KnowledgeBaseError([{ file: root ?? '(memory)', message: 'no articles found (expected <family>/<id>.md files)', severity: 'error' }]);
  }
  return buildKnowledgeBase(articles, { warnings: issues, version: contentHash(sources), root });
}

/**
 * Loads and validates every article under `dir`. Throws KnowledgeBaseError listing each problem with
 * its file, field and what was expected; a base with errors is never half-loaded.
 */
export async function loadKnowledgeBase(dir: string): Promise<KnowledgeBase> {
  let sources: ArticleSource[];
  try {
    sources = await readKnowledgeSources(dir);
  } catch (err) {
    throw new KnowledgeBaseError([{ file: dir, message: `cannot read knowledge folder: ${(err as Error).message}`, severity: 'error' }]);
  }
  return buildFromSources(sources, dir);
}

import { exceptionKey, type KnowledgeBase } from './knowledge/index.js';
import { perKnowledgeBase } from './knowledge/per-kb.js';
import { chooseByMessage, type MessageChoice } from './message-choice.js';
import type { Article, Signals } from './types.js';

/**
 * Structural evidence: what the paste says about the error in fields rather than words — provider, HTTP
 * status, error type, exception class. Articles declare the same fields, so the paste's fields select the
 * articles they are consistent with. When they select exactly one, that is an answer even if no wording
 * of the article appears (a 529 overloaded_error body with an unusual message, a Claude Code retry line);
 * when they select two or three, each is a possible match; more than that says nothing.
 */

export interface StructuralHit {
  article: Article;
  /** Evidence weight: high when the fields point at this article alone. */
  weight: number;
  /** The paste's fields point at this article alone. */
  unique: boolean;
  detail: string;
}

/** One article alone fits fields that were written out in the paste (status + error type, or a specific exception). */
const UNIQUE_EXPLICIT = 0.8;
/** One article alone fits, but the error type was only read from a status and its reason phrase. */
const UNIQUE_IMPLIED = 0.72;
/** Two or three articles fit: each is worth showing when someone asks, none is worth an auto-reply. */
const SHARED = 0.45;
const MAX_SHARED = 3;
/** Up to this many articles fitting the fields, the message printed with the type may choose one. */
const MAX_BY_MESSAGE = 8;
/** An exception class carried by at most this many articles says which one (OverloadedError, APIConnectionError). */
const SPECIFIC_EXCEPTION_ARTICLES = 2;

/** The status each API error type is documented with: a type written without its status most likely came with it. */
export const DOCUMENTED_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** Per knowledge base: each article's error types and exception classes, normalised once. */
interface ArticleFields {
  types: Set<string>;
  exceptions: Set<string>;
}
const articleFields = perKnowledgeBase(
  (kb) =>
    new Map<string, ArticleFields>(
      kb.articles.map((a) => [
        a.id,
        { types: new Set(a.errorTypes.map((t) => t.toLowerCase())), exceptions: new Set(a.sdkExceptions.map(exceptionKey)) },
      ]),
    ),
);

/** Results per distinct set of fields: pastes repeat a handful of combinations, and the scan is per article. */
const fitCache = perKnowledgeBase(() => new Map<string, { fits: Article[]; best: number }>());
const MAX_CACHED = 2000;

function articlesFitting(kb: KnowledgeBase, f: PasteFields): { fits: Article[]; best: number } {
  const key = `${f.statuses.join(',')}|${f.types.join(',')}|${f.exceptions.join(',')}|${f.cloud.join(',')}|${f.claudeCode}`;
  const cache = fitCache(kb);
  const cached = cache.get(key);
  if (cached) return cached;
  const own = articleFields(kb);
  let best = 0;
  let fits: Article[] = [];
  for (const article of kb.articles) {
    const fields = own.get(article.id);
    const a = fields ? agreement(article, fields, f) : null;
    if (!a?.typeOrException || a.fields < best) continue;
    if (a.fields > best) {
      best = a.fields;
      fits = [];
    }
    fits.push(article);
  }
  const result = { fits, best };
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, result);
  return result;
}

/**
 * The cloud platform's own code for a status, so that a bare "404 … not found" on Vertex also fits the
 * articles written with Google's NOT_FOUND, and a bare 429 on Bedrock those written with ThrottlingException.
 */
const CLOUD_CODE_OF_STATUS: Record<'bedrock' | 'vertex', Record<number, string>> = {
  vertex: { 400: 'invalid_argument', 403: 'permission_denied', 404: 'not_found', 429: 'resource_exhausted', 503: 'unavailable' },
  bedrock: {
    400: 'validationexception',
    403: 'accessdeniedexception',
    404: 'resourcenotfoundexception',
    429: 'throttlingexception',
    503: 'serviceunavailableexception',
  },
};

interface PasteFields {
  statuses: number[];
  types: string[];
  implied: boolean;
  exceptions: string[];
  cloud: Array<'bedrock' | 'vertex'>;
  /** The paste shows Claude Code's own output. */
  claudeCode: boolean;
}

function fieldsOf(kb: KnowledgeBase, signals: Signals, claudeNamed: boolean): PasteFields {
  const implied = signals.errorTypes.length === 0;
  const count = kb.articles.length;
  // 200 is the status of a stream that failed later: it selects nothing by itself.
  const statuses = signals.httpStatuses.filter((s) => s !== 200);
  const cloud = signals.providers.filter((p): p is 'bedrock' | 'vertex' => p === 'bedrock' || p === 'vertex');
  const types = (implied ? signals.impliedErrorTypes : signals.errorTypes).map((t) => t.toLowerCase());
  // The platform's own code for a bare status: when the status came with its reason phrase, or when the
  // paste names Claude (a Claude model on Vertex answering 429 is Vertex's RESOURCE_EXHAUSTED for Claude,
  // even when only "failed with status 429" and the endpoint URL were printed).
  if (implied && (types.length > 0 || claudeNamed)) {
    for (const p of cloud) for (const s of statuses) if (CLOUD_CODE_OF_STATUS[p][s]) types.push(CLOUD_CODE_OF_STATUS[p][s] as string);
  }
  return {
    statuses,
    types,
    implied,
    exceptions: signals.exceptions
      .map(exceptionKey)
      .filter((k) => Math.round((kb.share.exception.get(k) ?? 1) * count) <= SPECIFIC_EXCEPTION_ARTICLES),
    cloud,
    claudeCode: signals.surfaces.includes('claude-code'),
  };
}

/** How many of the paste's fields the article agrees with, or -1 when one of them contradicts it. */
function agreement(article: Article, own: ArticleFields, f: PasteFields): { fields: number; typeOrException: boolean } | null {
  if (
    f.cloud.length > 0
      ? !f.cloud.some((p) => article.providers.includes(p))
      : !article.providers.some((p) => p === 'anthropic' || p === 'gateway')
  )
    return null;
  // An article about Claude Code's own messages fits only a paste that shows Claude Code.
  if (!f.claudeCode && article.surfaces.length === 1 && article.surfaces[0] === 'claude-code') return null;
  let fields = 0;
  if (f.statuses.length > 0) {
    if (!article.httpStatus.some((s) => f.statuses.includes(s))) return null;
    fields++;
  }
  let typeOrException = false;
  if (f.types.length > 0) {
    if (!f.types.some((t) => own.types.has(t))) return null;
    fields++;
    typeOrException = true;
  }
  if (f.exceptions.length > 0 && f.exceptions.some((x) => own.exceptions.has(x))) {
    fields++;
    typeOrException = true;
  }
  return { fields, typeOrException };
}

/**
 * `claudeNamed`: the paste names Claude, Anthropic or a Claude model. AWS and Google error codes
 * (ValidationException, RESOURCE_EXHAUSTED) are shared by every model on those platforms, so they select
 * an article alone only when the paste shows that Claude was the model; Anthropic's own error types do.
 */
export function structuralEvidence(kb: KnowledgeBase, signals: Signals, claudeNamed: boolean): StructuralHit[] {
  if (!signals.looksLikeError || signals.foreignModel) return [];
  const f = fieldsOf(kb, signals, claudeNamed);
  if (f.types.length === 0 && f.exceptions.length === 0) return [];
  const { fits, best } = articlesFitting(kb, f);
  if (fits.length === 0) return [];
  const described = [f.statuses[0], f.types[0], f.exceptions[0]].filter((x) => x !== undefined).join(' ');
  // Alone is only "unambiguous" when two fields agree (status and type, or a type and an exception
  // class), or when the one field is an exception class that no other article carries.
  const anthropicType = f.types.some((t) => t.endsWith('_error') || t === 'request_too_large');
  const unique = fits.length === 1 && (best >= 2 || (f.types.length === 0 && f.exceptions.length > 0)) && (anthropicType || claudeNamed);
  // Several articles fit the fields: the message printed with the type may spell out one of them.
  if (!unique && !f.implied && anthropicType && fits.length <= MAX_BY_MESSAGE) {
    const chosen = chooseByMessage(kb, fits, signals.typedMessages ?? [], f.types);
    if (chosen) return byMessage(fits, chosen, described, f.statuses.length > 0);
  }
  if (fits.length > MAX_SHARED) return [];
  const status = unique ? null : statusWitness(fits, f, signals, anthropicType);
  if (status) {
    return fits.map((article) => {
      const alone = article === status.article;
      return {
        article,
        unique: alone,
        weight: alone ? UNIQUE_IMPLIED : SHARED,
        detail: alone ? `${described}: the only article with these fields at ${status.reason}` : `${described}: not at ${status.reason}`,
      };
    });
  }
  // Without a status, the article about the type's documented status ranks first among equals.
  const documented = f.statuses.length === 0 ? f.types.map((t) => DOCUMENTED_STATUS[t]).filter((s) => s !== undefined) : [];
  const preferred = (a: Article) => a.httpStatus.some((s) => documented.includes(s));
  return fits.map((article) => ({
    article,
    unique,
    weight: unique ? (f.implied ? UNIQUE_IMPLIED : UNIQUE_EXPLICIT) : SHARED + (preferred(article) ? 0.05 : 0),
    detail: unique ? `${described}: the only article with these fields` : `${described}: one of ${fits.length} articles with these fields`,
  }));
}

/** The article the typed message chose stands alone; the others that fit keep their shared weight when few. */
function byMessage(fits: Article[], chosen: MessageChoice, described: string, withStatus: boolean): StructuralHit[] {
  const quoted = chosen.message.length > 60 ? `${chosen.message.slice(0, 57)}…` : chosen.message;
  const hits: StructuralHit[] = [
    {
      article: chosen.article,
      unique: true,
      weight: withStatus ? UNIQUE_EXPLICIT : UNIQUE_IMPLIED,
      detail: `${described}: of the ${fits.length} articles with these fields, the message "${quoted}" is this one's`,
    },
  ];
  if (fits.length > MAX_SHARED) return hits;
  for (const article of fits) {
    if (article !== chosen.article)
      hits.push({ article, unique: false, weight: SHARED, detail: `${described}: one of ${fits.length} articles with these fields` });
  }
  return hits;
}

/**
 * When an explicit API error type fits a few articles and no status was written, the status is still
 * known: a "200 OK" next to it says the error arrived inside a successful stream; otherwise the body is
 * the API's own error, sent with the status documented for its type. If exactly one of the fitting
 * articles is about that status, the fields select it alone ("overloaded_error" with no status is the
 * 529 article, with "200 OK" the mid-stream one; a bare "api_error" body is the 500 article).
 */
function statusWitness(
  fits: Article[],
  f: PasteFields,
  signals: Signals,
  anthropicType: boolean,
): { article: Article; reason: string } | null {
  if (f.statuses.length > 0 || f.implied || !anthropicType) return null;
  // A type named in a sentence is not a body the API sent, so its documented status is not implied; a
  // "200 OK" written next to it still is a second, explicit field.
  const witnessed = signals.httpStatuses.includes(200)
    ? [200]
    : signals.errorTypesInProse
      ? []
      : f.types.map((t) => DOCUMENTED_STATUS[t]).filter((s): s is number => s !== undefined);
  if (witnessed.length === 0) return null;
  const at = fits.filter((a) => a.httpStatus.some((s) => witnessed.includes(s)));
  if (at.length !== 1) return null;
  return { article: at[0] as Article, reason: `HTTP ${witnessed.join('/')}${witnessed[0] === 200 ? '' : ' (the documented status)'}` };
}

import { BEDROCK_RUNTIME_ERRORS, OTHER_AWS_SERVICE } from './hints.js';
import { exceptionKey, type KnowledgeBase } from './knowledge/index.js';
import { perKnowledgeBase } from './knowledge/per-kb.js';
import type { NormalisedText } from './normalize.js';
import { DOCUMENTED_STATUS } from './structure.js';
import type { Article, Signals } from './types.js';

/**
 * Short lines read when someone asks. A one-line error typed or pasted into chat ("529 overloaded_error",
 * "API Error: 529", "anthropic.RateLimitError", "Too Many Requests") names the error by its status, its
 * API error type, its SDK exception class or the HTTP reason phrase, and nothing else: no signature, and
 * often too few fields for the structural step. Read together, those names still say which articles could
 * explain it. The articles are chosen from their own front matter (`http_status`, `error_type`,
 * `sdk_exceptions`, providers, surfaces, title): no article id is named here.
 *
 * The evidence is a possible match only: it runs only when asked, and never reaches the auto-reply
 * threshold (see `match.ts`).
 */

/** Pastes longer than this are not one-line errors. */
export const SHORT_LINE_CHARS = 300;
/** Evidence weights of the first, second and third article in order of fit. */
export const SHORT_LINE_WEIGHTS: readonly number[] = [0.58, 0.54, 0.5];
/** More fitting articles than this: the names say nothing about which one (a bare 400 or invalid_request_error). */
const MAX_FITTING = 8;

export interface ShortLineHit {
  article: Article;
  weight: number;
  detail: string;
}

/** Back from a status to the API error type documented with it (structure.ts has the way there). */
const STATUS_TYPE = new Map(Object.entries(DOCUMENTED_STATUS).map(([t, s]) => [s, t]));

/**
 * HTTP reason phrases (RFC 9110) and the API's own "Overloaded", typed without their number. Read only
 * when no number was written, and only in a short line someone asked about.
 */
const REASON_PHRASES: Array<[RegExp, number]> = [
  [/\btoo many requests\b/, 429],
  [/\bservice (?:temporarily )?unavailable\b/, 503],
  [/\binternal server error\b/, 500],
  [/\bgateway time-?out\b/, 504],
  [/\b(?:request entity|payload|request) too large\b/, 413],
  [/\bpayment required\b/, 402],
  [/\bunauthori[sz]ed\b/, 401],
  [/\bforbidden\b/, 403],
  [/\boverloaded\b/, 529],
  [/\bbad gateway\b/, 502],
];

/** A three-digit number that is a status: not a quantity ("500 tokens", "429 ms") nor part of a longer number. */
const BARE_STATUS =
  /(?<![\w.$/:-])([45]\d\d)(?![\w%/-]|\.\d)(?!\s?(?:ms|s|sec|secs|seconds?|minutes?|tokens?|k|kb|mb|gb|px|lines?|chars?|characters|requests?|rpm|tpm|calls|times|x|usd|dollars?)\b)/g;
const MAX_STATUSES = 4;

/** Exception module prefixes that belong to other vendors' SDKs (openai.RateLimitError is OpenAI's own). */
const FOREIGN_PREFIX = /^(?:openai|groq|mistralai|cohere|together|fireworks|google\.genai|ollama|xai|cerebras)\./i;

/**
 * Error names written out in words ("a rate limit exception", "authentication error", "permission denied
 * errors") or as a plural class name ("APITimeoutErrors"), read from the articles' own exception classes and
 * error types. A one-word name is kept only when its class is specific (few articles carry it), so that
 * "type error" or "value error" in a sentence does not stand for Python's TypeError.
 */
interface SpelledNames {
  pattern: RegExp | null;
  /** A phrase without spaces ("ratelimit") → the exception key or API error type it stands for. */
  meaning: Map<string, { exception?: string; type?: string; words: string[] }>;
}
const SPECIFIC_ONE_WORD = 3;
const spelledNames = perKnowledgeBase((kb): SpelledNames => {
  const meaning = new Map<string, { exception?: string; type?: string; words: string[] }>();
  const count = kb.articles.length;
  for (const article of kb.articles) {
    for (const name of article.sdkExceptions) {
      const bare =
        name
          .replace(/\s*\(.*\)\s*$/, '')
          .split('.')
          .pop() ?? '';
      const m = /^([A-Z][A-Za-z]{2,60})(?:Error|Exception)$/.exec(bare);
      if (!m) continue;
      const words = (m[1] as string).split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).map((w) => w.toLowerCase());
      const key = exceptionKey(bare);
      // "API error" is Claude Code's own prefix ("API Error:"), not the APIError class.
      if (words.length === 1 && (words[0] === 'api' || Math.round((kb.share.exception.get(key) ?? 1) * count) > SPECIFIC_ONE_WORD))
        continue;
      const phrase = words.join('');
      if (!meaning.has(phrase)) meaning.set(phrase, { exception: key, words });
    }
    for (const type of article.errorTypes) {
      const t = type.toLowerCase();
      if (!(t in DOCUMENTED_STATUS) || t === 'api_error') continue;
      const words = t.replace(/_error$/, '').split('_');
      meaning.set(words.join(''), { type: t, words });
    }
  }
  // Each phrase with its words apart or joined ("rate limit", "rate_limit", "ratelimit").
  const alternatives = [...meaning.keys()]
    .sort((a, b) => b.length - a.length)
    .map((compact) => (meaning.get(compact)?.words ?? [compact]).join('[ _-]?'));
  const pattern = alternatives.length > 0 ? new RegExp(`\\b(${alternatives.join('|')})[ _-]?(?:error|exception)s?\\b`, 'g') : null;
  return { pattern, meaning };
});

/** A class name in the plural ("APITimeoutErrors"), lower-cased. */
const PLURAL_CLASS = /\b([a-z][a-z0-9]{2,60}(?:error|exception))s\b/g;

interface LineFields {
  statuses: number[];
  types: string[];
  exceptions: string[];
  /** What was read, for the reason shown with the candidate. */
  read: string[];
}

function readLine(kb: KnowledgeBase, n: NormalisedText, signals: Signals): LineFields | null {
  const lower = n.lower;
  const statuses = new Set<number>(signals.httpStatuses.filter((s) => s >= 400));
  const read: string[] = [];
  for (const m of lower.matchAll(BARE_STATUS)) {
    if (statuses.size >= MAX_STATUSES) break;
    statuses.add(Number(m[1]));
  }
  const types = new Set<string>();
  for (const t of [...signals.errorTypes, ...signals.impliedErrorTypes]) {
    const type = t.toLowerCase();
    if (type in DOCUMENTED_STATUS) types.add(type);
  }
  // A reason phrase stands for its status when no number was written.
  if (statuses.size === 0) {
    for (const [phrase, status] of REASON_PHRASES) {
      const m = phrase.exec(lower);
      if (m) {
        statuses.add(status);
        read.push(`"${m[0]}" (HTTP ${status})`);
      }
    }
  }
  const exceptions: string[] = [];
  const named: string[] = [];
  for (const name of signals.exceptions) {
    if (FOREIGN_PREFIX.test(name)) return null;
    const key = exceptionKey(name);
    if (kb.share.exception.has(key) && !exceptions.includes(key)) {
      exceptions.push(key);
      named.push(name);
    }
  }
  // Names in words, or a class name in the plural, when no class was written as such.
  if (exceptions.length === 0 && types.size === 0) {
    const spelled = spelledNames(kb);
    if (spelled.pattern) {
      for (const m of lower.matchAll(spelled.pattern)) {
        const what = spelled.meaning.get((m[1] as string).replace(/[ _-]/g, ''));
        if (what?.exception && !exceptions.includes(what.exception)) exceptions.push(what.exception);
        if (what?.type) types.add(what.type);
        if (what) named.push(`"${m[0]}"`);
      }
    }
    for (const m of lower.matchAll(PLURAL_CLASS)) {
      const key = m[1] as string;
      if (kb.share.exception.has(key) && !exceptions.includes(key)) {
        exceptions.push(key);
        named.push(`"${m[0]}"`);
      }
    }
  }
  if (statuses.size === 0 && types.size === 0 && exceptions.length === 0) return null;
  for (const s of statuses) if (!read.some((r) => r.includes(`HTTP ${s}`))) read.push(`HTTP ${s}`);
  read.push(...types, ...named);
  return { statuses: [...statuses], types: [...types], exceptions, read };
}

type Platform = Array<'anthropic' | 'bedrock' | 'vertex'>;

/**
 * Where the line's error came from: Bedrock or Vertex when it names one; Bedrock when its only codes are
 * Bedrock Runtime's own ("ThrottlingException" typed alone) and no other AWS service is named; else the
 * Anthropic API. Null when a code names another API: Google's RESOURCE_EXHAUSTED with no Vertex in sight is
 * the Gemini API, an AWS code next to another AWS service is that service's.
 */
function platformOf(lower: string, signals: Signals): Platform | null {
  const cloud = signals.providers.filter((p): p is 'bedrock' | 'vertex' => p === 'bedrock' || p === 'vertex');
  if (cloud.length > 0) return cloud;
  const codes = signals.errorTypes.filter((t) => !(t.toLowerCase() in DOCUMENTED_STATUS));
  if (codes.length === 0) return ['anthropic'];
  if (codes.every((c) => BEDROCK_RUNTIME_ERRORS.has(c)) && !OTHER_AWS_SERVICE.test(lower)) return ['bedrock'];
  return null;
}

/** The articles on the line's platform (the Anthropic API includes gateways that relay it). */
function onPlatform(article: Article, platform: Platform): boolean {
  return platform.some((p) => article.providers.includes(p) || (p === 'anthropic' && article.providers.includes('gateway')));
}

interface Fit {
  article: Article;
  /** How many of the paste's names the article's title leads with ("429 rate_limit_error: …"). */
  headline: number;
  /** The article's status is the one the type or exception implies. */
  documented: boolean;
  /** Surfaces and exception classes: the general article about a status is written for every client. */
  breadth: number;
}

/**
 * The articles a short error line may be about, best first, with their evidence weights; empty when the
 * line names nothing, names another vendor, or names something so general that any article would be a guess.
 */
export function shortLineEvidence(kb: KnowledgeBase, n: NormalisedText, signals: Signals): ShortLineHit[] {
  if (n.flat.length > SHORT_LINE_CHARS || signals.foreignModel) return [];
  if (signals.foreignVendor && !signals.anthropicContext) return [];
  const platform = platformOf(n.lower, signals);
  if (!platform) return [];
  const f = readLine(kb, n, signals);
  if (!f) return [];
  const claudeCode = signals.surfaces.includes('claude-code');
  // The statuses an exception class stands for, read from the articles that list it.
  const exceptionStatuses = new Set<number>();
  const fits: Fit[] = [];
  for (const article of kb.articles) {
    if (!onPlatform(article, platform)) continue;
    // An article about Claude Code's own messages fits only a paste from Claude Code.
    if (!claudeCode && article.surfaces.length === 1 && article.surfaces[0] === 'claude-code') continue;
    if (f.statuses.length > 0 && !article.httpStatus.some((s) => f.statuses.includes(s))) continue;
    const types = article.errorTypes.map((t) => t.toLowerCase());
    if (f.types.length > 0 && !types.some((t) => f.types.includes(t))) continue;
    if (f.exceptions.length > 0) {
      const own = new Set(article.sdkExceptions.map(exceptionKey));
      if (!f.exceptions.some((x) => own.has(x))) continue;
      for (const s of article.httpStatus) exceptionStatuses.add(s);
    }
    fits.push({ article, headline: 0, documented: false, breadth: article.surfaces.length + article.sdkExceptions.length });
  }
  if (fits.length === 0 || fits.length > MAX_FITTING) return [];

  // What the line implies beyond what it wrote: the type documented for a status, the status documented
  // for a type, and the one status every article listing an exception class is about.
  const statuses = new Set(f.statuses);
  if (exceptionStatuses.size === 1) for (const s of exceptionStatuses) statuses.add(s);
  for (const t of f.types) statuses.add(DOCUMENTED_STATUS[t] as number);
  const types = new Set(f.types);
  for (const s of statuses) {
    const t = STATUS_TYPE.get(s);
    if (t) types.add(t);
  }
  for (const fit of fits) {
    const head = fit.article.title.toLowerCase().slice(0, 40);
    const headNumbers = new Set((head.match(/\b\d{3}\b/g) ?? []).map(Number));
    const ownTypes = fit.article.errorTypes.map((t) => t.toLowerCase());
    fit.headline = [...statuses].filter((s) => headNumbers.has(s)).length + [...types].filter((t) => head.includes(t)).length;
    fit.documented = fit.article.httpStatus.some((s) => statuses.has(s)) && ownTypes.some((t) => types.has(t));
  }
  fits.sort(
    (a, b) =>
      b.headline - a.headline ||
      Number(b.documented) - Number(a.documented) ||
      b.breadth - a.breadth ||
      a.article.id.localeCompare(b.article.id),
  );
  const described = f.read.join(' ');
  return fits.slice(0, SHORT_LINE_WEIGHTS.length).map((fit, i) => ({
    article: fit.article,
    weight: SHORT_LINE_WEIGHTS[i] as number,
    detail: `a short line naming ${described}: ${i === 0 ? 'the closest' : `number ${i + 1} of ${fits.length}`} article with these fields`,
  }));
}

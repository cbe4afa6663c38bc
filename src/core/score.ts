import type { FeedbackContext } from './feedback.js';
import { exceptionKey, type KnowledgeBase } from './knowledge/index.js';
import type { Article, CandidateReason, Signals } from './types.js';

/**
 * Scoring one article's evidence: the noisy-OR of the evidence weights, scaled down by contradictions
 * (a different explicit status or error type, another provider, another vendor's API, nothing showing
 * Claude). Scores are in [0, 1]; every step leaves a reason.
 */

export interface ScoreOptions {
  /** Multiplier per article for this paste's fingerprint, from user feedback (1 = no change; see feedback.ts). */
  feedbackFactor?: (articleId: string, ctx: FeedbackContext) => number;
  /**
   * Someone asked the bot about this paste (lenient mode). Being asked in a Claude support channel is
   * itself the context a bare "Connection error." lacks, so missing Anthropic words do not count against it.
   */
  asked?: boolean;
}

export interface Evidence {
  article: Article;
  reasons: CandidateReason[];
  signature: number;
  extraSignatures: number;
  /** Weight of structural evidence (status / error type / exception fields selecting this article). */
  structure: number;
  /** The paste's fields select this article alone. */
  uniqueStructure: boolean;
  /** Characters covered by the longest signature match. */
  span: number;
  /** Weight of a short line's names (status, error type, exception class) pointing at this article. */
  shortLine: number;
}

/** A candidate resting on a short line's names (short-line.ts) stays a possible match, below auto-reply. */
const SHORT_LINE_CEILING = 0.66;

/** A platform's generic error for an article about Claude's own request, with nothing showing Claude. */
const CLAUDE_NOT_SHOWN = 0.6;

/**
 * A score being worked out: `miss` is the noisy-OR's remaining doubt (each piece of evidence closes part
 * of it), `factor` the product of the contradictions; every step leaves a reason.
 */
class Tally {
  miss = 1;
  factor = 1;

  constructor(readonly reasons: CandidateReason[]) {}

  add(kind: CandidateReason['kind'], detail: string, weight: number): void {
    this.reasons.push({ kind, detail, weight });
    this.miss *= 1 - weight;
  }

  contradict(detail: string, multiplier: number): void {
    this.reasons.push({ kind: 'contradiction', detail, weight: multiplier });
    this.factor *= multiplier;
  }
}

export function scoreEvidence(kb: KnowledgeBase, e: Evidence, signals: Signals, opts: ScoreOptions, claudeNamed: boolean): number {
  const { article, reasons } = e;
  const t = new Tally(reasons);
  if (e.signature > 0) {
    // The best signature counts fully; further distinct hits close a little of the remaining gap
    // (they are usually variants of one wording, not independent evidence).
    const best = e.signature + (1 - e.signature) * 0.3 * Math.min(2, e.extraSignatures);
    t.miss *= 1 - best;
  }
  for (const r of reasons) if (r.kind === 'fuzzy' || r.kind === 'fragment' || r.kind === 'short_line') t.miss *= 1 - r.weight;
  // Only a short line's names point here: its weight is the score (before contradictions), agreement of
  // the same status and type is not counted twice.
  const shortLineOnly = e.shortLine > 0 && e.signature === 0 && e.structure === 0 && reasons.length === 1;
  if (e.structure > 0) t.miss *= 1 - e.structure;

  weighFields(t, kb, article, signals);
  weighPlatform(t, article, signals, opts, claudeNamed, e.signature > 0);

  // Auto-replies need an exact signature or fields that select this article alone: resemblance and
  // shared structure only earn "possible match".
  if (e.signature === 0 && !e.uniqueStructure && !shortLineOnly) t.contradict('no signature of this article appears in the paste', 0.8);
  if (shortLineOnly) t.miss = Math.max(t.miss, 1 - e.shortLine);

  const feedback = opts.feedbackFactor?.(article.id, { signature: e.signature }) ?? 1;
  if (feedback !== 1) {
    reasons.push({
      kind: 'feedback',
      detail: feedback < 1 ? 'marked unhelpful for this error before' : 'marked helpful for this error before',
      weight: feedback,
    });
    t.factor *= feedback;
  }
  // A helper's correction can lift an article (factor above 1); a score stays a confidence in [0, 1].
  const score = Math.min(1, (1 - t.miss) * t.factor);
  if (e.shortLine === 0 || e.signature > 0 || e.uniqueStructure) return round(score);
  // A short line never lifts a candidate to the auto-reply threshold, nor lowers what other evidence earned.
  const without = shortLineOnly ? 0 : Math.min(1, (1 - t.miss / (1 - e.shortLine)) * t.factor);
  return round(Math.max(without, Math.min(score, SHORT_LINE_CEILING)));
}

/** Agreement (rarer values count more) or contradiction of the paste's status, error type and exception class. */
function weighFields(t: Tally, kb: KnowledgeBase, article: Article, signals: Signals): void {
  if (signals.httpStatuses.length > 0 && article.httpStatus.length > 0) {
    const hit = article.httpStatus.find((s) => signals.httpStatuses.includes(s));
    if (hit !== undefined) t.add('status', `HTTP ${hit}`, 0.08 + 0.22 * (1 - (kb.share.status.get(hit) ?? 0)));
    else t.contradict(`paste shows HTTP ${signals.httpStatuses.join('/')}, article is about ${article.httpStatus.join('/')}`, 0.75);
  }
  if (article.errorTypes.length > 0 && signals.errorTypes.length > 0) {
    const pasteTypes = signals.errorTypes.map((x) => x.toLowerCase());
    const hit = article.errorTypes.find((x) => pasteTypes.includes(x.toLowerCase()));
    if (hit) t.add('error_type', hit, 0.08 + 0.27 * (1 - (kb.share.errorType.get(hit.toLowerCase()) ?? 0)));
    // A type the article lists among the exceptions it explains (Bedrock's UnrecognizedClientException beside
    // ExpiredTokenException) is the article's own, not a contradiction.
    else if (
      article.errorTypes.some((x) => sameFamilyOfCodes(x.toLowerCase(), pasteTypes)) &&
      !signals.errorTypes.some((x) => article.sdkExceptions.some((k) => exceptionKey(k) === exceptionKey(x)))
    ) {
      t.contradict(`paste shows ${signals.errorTypes.join('/')}, article is about ${article.errorTypes.join('/')}`, 0.7);
    }
  }
  if (article.sdkExceptions.length > 0 && signals.exceptions.length > 0) {
    const pasteKeys = new Set(signals.exceptions.map(exceptionKey));
    const hit = article.sdkExceptions.find((x) => pasteKeys.has(exceptionKey(x)));
    if (hit) t.add('exception', hit, 0.04 + 0.2 * (1 - (kb.share.exception.get(exceptionKey(hit)) ?? 0)));
  }
}

/** The provider and surface the paste shows, and whether it is about Claude at all. */
function weighPlatform(t: Tally, article: Article, signals: Signals, opts: ScoreOptions, claudeNamed: boolean, ownWording: boolean): void {
  const cloud = signals.providers.filter((p) => p === 'bedrock' || p === 'vertex');
  if (cloud.length > 0) {
    const shared = cloud.filter((p) => article.providers.includes(p));
    if (shared.length > 0) t.add('provider', shared.join('/'), article.providers.length === 1 ? 0.12 : 0.04);
    else t.contradict(`paste is from ${cloud.join('/')}, article is about ${article.providers.join('/')}`, 0.6);
  } else if (
    signals.providers.includes('anthropic') &&
    !signals.providerInferred &&
    !article.providers.includes('anthropic') &&
    !article.providers.includes('gateway')
  ) {
    t.contradict(`paste is from the Anthropic API, article is about ${article.providers.join('/')}`, 0.75);
  }
  const surfaceHit = article.surfaces.find((x) => signals.surfaces.includes(x));
  if (surfaceHit) t.add('surface', surfaceHit, 0.05);

  if (signals.foreignModel) t.contradict(`the paste names ${signals.foreignModel}, not a Claude model`, 0.3);
  else if (signals.foreignVendor && !signals.anthropicContext) t.contradict(`paste is about ${signals.foreignVendor}, not Anthropic`, 0.35);
  else if (!signals.anthropicContext && !opts.asked) {
    if (article.contextRequired)
      t.contradict('this error text is not specific to Anthropic and nothing in the paste points at Claude', 0.55);
    // A signature of an article not marked context_required is wording only Anthropic's API (or the
    // platform serving Claude) writes: it is itself the sign of Claude that the paste otherwise lacks.
    else if (!ownWording) t.contradict('nothing in the paste points at Anthropic, Claude, Bedrock or Vertex', 0.85);
  }

  // Bedrock answers "Malformed input request" for Titan, Llama and Cohere bodies too: an article about
  // Claude's request body needs the paste to show that the model was Claude. A wording only the platform
  // prints says the paste is from it even when no platform word was pasted (a Rust or Go SDK dump).
  const platformOnly = article.providers.every((p) => p === 'bedrock' || p === 'vertex');
  if (article.claudeRequired && (cloud.length > 0 || platformOnly) && !claudeNamed && !opts.asked)
    t.contradict('the platform serves many vendors’ models and nothing in the paste shows the model was Claude', CLAUDE_NOT_SHOWN);
}

/** An AWS code contradicts an AWS code, an API type an API type; a mix says nothing. */
function sameFamilyOfCodes(articleType: string, pasteTypes: string[]): boolean {
  const kind = (t: string) => (t.endsWith('exception') ? 'aws' : t.endsWith('_error') || t === 'request_too_large' ? 'api' : 'google');
  const k = kind(articleType);
  return pasteTypes.some((t) => kind(t) === k);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

import type { FeedbackContext } from './feedback.js';
import { type FuzzyHit, fuzzyMatch, SHORT_PASTE_CHARS, shortFragments, TOLERANT_DISCOUNT } from './fuzzy.js';
import { exceptionKey, type KnowledgeBase, type SignatureRef } from './knowledge/index.js';
import { literalWeight } from './knowledge/load.js';
import { findMessageParts } from './knowledge/message-parts.js';
import { matchWindowed } from './knowledge/regex-safety.js';
import type { NormalisedText } from './normalize.js';
import { SHORT_LINE_CHARS, shortLineEvidence } from './short-line.js';
import { structuralEvidence } from './structure.js';
import type { Article, Candidate, CandidateReason, Signals } from './types.js';

/**
 * Ranking. Each article collects evidence — signature hits, agreement of status / error type / exception /
 * provider, fuzzy similarity of the error message — and its score is the noisy-OR of the evidence
 * weights, scaled down by contradictions (a different explicit status or error type, another provider,
 * another vendor's API). Scores are in [0, 1]; reasons say what counted.
 */

export interface MatchOptions {
  /** Multiplier per article for this paste's fingerprint, from user feedback (1 = no change; see feedback.ts). */
  feedbackFactor?: (articleId: string, ctx: FeedbackContext) => number;
  /** How many candidates to return. */
  limit?: number;
  /**
   * Someone asked the bot about this paste (lenient mode). Being asked in a Claude support channel is
   * itself the context a bare "Connection error." lacks, so missing Anthropic words do not count against it.
   */
  asked?: boolean;
}

/** Fuzzy similarity only runs when exact evidence is weaker than this: it is the expensive stage. */
const FUZZY_BELOW = 0.85;
const MIN_CANDIDATE_SCORE = 0.12;
/** A run of a signature's words in a short paste someone asked about: two words just reach "possible match". */
const FRAGMENT_BASE = 0.52;
const FRAGMENT_PER_WORD = 0.04;
const FRAGMENT_MAX_EXTRA_WORDS = 5;
/** A signature's message found without its exception class: enough to show, not to auto-reply. */
const MESSAGE_ALONE = 0.5;
/** A candidate resting on a short line's names (short-line.ts) stays a possible match, below auto-reply. */
const SHORT_LINE_CEILING = 0.66;
/** Share of a short line's weight added to articles that shared structure already found. */
const SHORT_LINE_ORDER_ONLY = 0.2;

interface Evidence {
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

/** The evidence gathered so far, one record per article that anything pointed at. */
class EvidenceBoard {
  readonly byId = new Map<string, Evidence>();

  get(article: Article): Evidence {
    let e = this.byId.get(article.id);
    if (!e) {
      e = { article, reasons: [], signature: 0, extraSignatures: 0, structure: 0, uniqueStructure: false, span: 0, shortLine: 0 };
      this.byId.set(article.id, e);
    }
    return e;
  }

  /** A signature-strength hit: counts as the article's best signature when it is stronger. */
  signature(article: Article, reason: CandidateReason, span: number): void {
    const e = this.get(article);
    e.span = Math.max(e.span, span);
    e.reasons.push(reason);
    e.signature = Math.max(e.signature, reason.weight);
  }
}

export function rankArticles(
  kb: KnowledgeBase,
  n: NormalisedText,
  words: Set<string>,
  signals: Signals,
  opts: MatchOptions = {},
): Candidate[] {
  const board = new EvidenceBoard();
  addSignatureHits(board, kb, n, words, signals);
  addMessageParts(board, kb, n, words);
  addFuzzyHits(board, kb, signals);
  if (opts.asked && n.flat.length <= SHORT_PASTE_CHARS) addFragments(board, kb, n);
  const claudeNamed = namesClaude(words, signals);
  addStructure(board, kb, signals, claudeNamed);
  if (opts.asked && n.flat.length <= SHORT_LINE_CHARS) addShortLines(board, kb, n, signals);

  const candidates: Candidate[] = [];
  for (const e of board.byId.values()) {
    const score = scoreEvidence(kb, e, signals, opts, claudeNamed);
    if (score >= MIN_CANDIDATE_SCORE)
      candidates.push({
        id: e.article.id,
        title: e.article.title,
        score,
        reasons: e.reasons,
        article: e.article,
      });
  }
  // Near-ties go to the more specific explanation: the article whose best signature covered more of the
  // paste (a regex tying "ThrottlingException" to "quota is 0" beats the bare throttling message).
  const span = (c: Candidate) => board.byId.get(c.id)?.span ?? 0;
  candidates.sort((a, b) =>
    Math.abs(b.score - a.score) > 0.01 ? b.score - a.score : span(b) - span(a) || b.score - a.score || a.id.localeCompare(b.id),
  );
  return candidates.slice(0, opts.limit ?? 5);
}

/** 1. Exact signatures, prefiltered by anchor words present in the paste. */
function addSignatureHits(board: EvidenceBoard, kb: KnowledgeBase, n: NormalisedText, words: Set<string>, signals: Signals): void {
  const tryRef = ({ article, signature }: SignatureRef): void => {
    let weight = 0;
    let span = 0;
    if (signature.kind === 'literal') {
      if (n.lower.includes(signature.needle)) {
        weight = signature.weight;
        span = signature.needle.length;
      }
    } else {
      const m = matchWindowed(signature.regex, n.flat, n.lower, signature.anchor);
      if (m) {
        weight = Math.min(0.97, literalWeight(m[0].length) + 0.05);
        span = m[0].length;
      }
    }
    if (weight === 0) return;
    const e = board.get(article);
    e.span = Math.max(e.span, span);
    e.reasons.push({ kind: 'signature', detail: signature.source, weight });
    if (weight > e.signature) {
      if (e.signature > 0) e.extraSignatures++;
      e.signature = weight;
    } else e.extraSignatures++;
  };
  for (const word of words) {
    const refs = kb.byAnchor.get(word);
    if (refs) for (const ref of refs) tryRef(ref);
  }
  // Without an anchor word: one scan finds which unanchored literals and required substrings occur;
  // a regex with no required substring at all runs only when the paste looks like an error.
  const toTry: number[] = signals.looksLikeError ? [...kb.unanchoredBare] : [];
  if (kb.unanchoredScan) {
    for (const needle of kb.unanchoredScan.scan.present(n.lower)) toTry.push(...(kb.unanchoredScan.byNeedle.get(needle) ?? []));
  }
  // In the base's order, once each: the order reasons are listed in does not depend on the scan.
  toTry.sort((x, y) => x - y);
  for (let i = 0; i < toTry.length; i++) {
    const ref = kb.unanchored[toTry[i] as number];
    if (ref && toTry[i] !== toTry[i - 1]) tryRef(ref);
  }
}

/**
 * 1b. The message of a `Class: message` signature without its class: behind Claude Code's `API Error`
 * prefix it is the same error (full weight); alone it is a possible match, shown when someone asks.
 */
function addMessageParts(board: EvidenceBoard, kb: KnowledgeBase, n: NormalisedText, words: Set<string>): void {
  for (const { part, wrapper } of findMessageParts(kb.messageParts, n.lower, words)) {
    const weight = wrapper ? literalWeight(part.fullLength) : MESSAGE_ALONE;
    const e = board.get(part.article);
    if (e.signature >= weight) continue;
    e.reasons.push({ kind: 'signature', detail: `${wrapper ?? ''}${part.text}`, weight });
    if (e.signature > 0) e.extraSignatures++;
    e.signature = weight;
    e.span = Math.max(e.span, part.text.length);
  }
}

/** 2. Fuzzy similarity of the primary error message, only when exact evidence is weak. */
function addFuzzyHits(board: EvidenceBoard, kb: KnowledgeBase, signals: Signals): void {
  let bestExact = 0;
  for (const e of board.byId.values()) bestExact = Math.max(bestExact, e.signature);
  if (!signals.looksLikeError || !signals.primaryMessage || bestExact >= FUZZY_BELOW) return;
  const fuzzyScores = new Map<string, FuzzyHit>();
  fuzzyMatch(kb, signals.primaryMessage, fuzzyScores);
  for (const [id, { similarity, phrase, cut, tolerant }] of fuzzyScores) {
    const article = kb.byId.get(id);
    if (!article) continue;
    if (tolerant) {
      // The signature's words in order, differing only in endings and punctuation: a signature match
      // a little weaker than the exact one.
      const weight = literalWeight(phrase.length) - TOLERANT_DISCOUNT;
      board.signature(
        article,
        { kind: 'signature', detail: `${phrase} (same words, other endings or punctuation)`, weight },
        phrase.length,
      );
    } else if (cut > 0) {
      // The exact beginning of a literal signature, cut where the paste ends: a signature match of that length.
      const weight = literalWeight(cut);
      board.signature(article, { kind: 'signature', detail: `${phrase.slice(0, cut)}… (the paste ends here)`, weight }, cut);
    } else board.get(article).reasons.push({ kind: 'fuzzy', detail: `message resembles "${phrase}"`, weight: 0.55 * similarity });
  }
}

/** 2b. Asked about a short paste: a run of a signature's words is a possible match (never an auto-reply). */
function addFragments(board: EvidenceBoard, kb: KnowledgeBase, n: NormalisedText): void {
  for (const [id, hit] of shortFragments(kb, n.lower)) {
    const article = kb.byId.get(id);
    if (!article || board.byId.get(id)?.signature) continue;
    const weight = FRAGMENT_BASE + FRAGMENT_PER_WORD * Math.min(FRAGMENT_MAX_EXTRA_WORDS, hit.words - 2);
    board.get(article).reasons.push({ kind: 'fragment', detail: `shares "${hit.run}" with "${hit.phrase.text}"`, weight });
  }
}

/**
 * 3. Structural evidence: the paste's status / error type / exception fields select one article (an
 * answer on their own), or two or three (possible matches); more than that says nothing.
 */
function addStructure(board: EvidenceBoard, kb: KnowledgeBase, signals: Signals, claudeNamed: boolean): void {
  for (const hit of structuralEvidence(kb, signals, claudeNamed)) {
    // Shared structure only helps articles nothing textual pointed at (status and type agreement
    // already count for those that a signature found).
    if (!hit.unique && board.byId.get(hit.article.id)?.signature) continue;
    const e = board.get(hit.article);
    e.structure = hit.weight;
    e.uniqueStructure = hit.unique;
    e.reasons.push({ kind: 'structure', detail: hit.detail, weight: hit.weight });
  }
}

/**
 * 3b. Asked about a short line that names the error only by status, type, exception class or reason
 * phrase: the articles with those fields are possible matches (never an auto-reply).
 */
function addShortLines(board: EvidenceBoard, kb: KnowledgeBase, n: NormalisedText, signals: Signals): void {
  for (const hit of shortLineEvidence(kb, n, signals)) {
    const known = board.byId.get(hit.article.id);
    // A signature, or fields that select this article alone, already placed it.
    if (known?.signature || known?.uniqueStructure) continue;
    // Fields shared by a few articles already count: the short line only orders them (the general
    // article about the status first).
    const weight = known?.structure ? hit.weight * SHORT_LINE_ORDER_ONLY : hit.weight;
    const e = board.get(hit.article);
    e.shortLine = weight;
    e.reasons.push({ kind: 'short_line', detail: hit.detail, weight });
  }
}

/**
 * The paste shows that the model was Claude: Claude or Anthropic named, a Claude model id, the Claude
 * body's own `anthropic_version`, or one of the Anthropic API's error types (Bedrock and Vertex relay
 * those only for Claude).
 */
function namesClaude(words: Set<string>, signals: Signals): boolean {
  return (
    words.has('claude') ||
    words.has('anthropic') ||
    words.has('anthropic_version') ||
    signals.modelIds.length > 0 ||
    signals.errorTypes.some((t) => t.endsWith('_error') || t === 'request_too_large')
  );
}

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

function scoreEvidence(kb: KnowledgeBase, e: Evidence, signals: Signals, opts: MatchOptions, claudeNamed: boolean): number {
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
  weighPlatform(t, article, signals, opts, claudeNamed);

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
    else if (article.errorTypes.some((x) => sameFamilyOfCodes(x.toLowerCase(), pasteTypes))) {
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
function weighPlatform(t: Tally, article: Article, signals: Signals, opts: MatchOptions, claudeNamed: boolean): void {
  const cloud = signals.providers.filter((p) => p === 'bedrock' || p === 'vertex');
  if (cloud.length > 0) {
    const shared = cloud.filter((p) => article.providers.includes(p));
    if (shared.length > 0) t.add('provider', shared.join('/'), article.providers.length === 1 ? 0.12 : 0.04);
    else t.contradict(`paste is from ${cloud.join('/')}, article is about ${article.providers.join('/')}`, 0.6);
  } else if (
    signals.providers.includes('anthropic') &&
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
    else t.contradict('nothing in the paste points at Anthropic, Claude, Bedrock or Vertex', 0.85);
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

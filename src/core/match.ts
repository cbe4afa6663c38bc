import { type FuzzyHit, fuzzyMatch, SHORT_PASTE_CHARS, shortFragments, TOLERANT_DISCOUNT } from './fuzzy.js';
import type { KnowledgeBase, SignatureRef } from './knowledge/index.js';
import { literalWeight } from './knowledge/load.js';
import { findMessageParts } from './knowledge/message-parts.js';
import { matchWindowed } from './knowledge/regex-safety.js';
import type { NormalisedText } from './normalize.js';
import { type Evidence, type ScoreOptions, scoreEvidence } from './score.js';
import { SHORT_LINE_CHARS, shortLineEvidence } from './short-line.js';
import { structuralEvidence } from './structure.js';
import type { Article, Candidate, CandidateReason, Signals } from './types.js';
import { namesOtherFamily } from './vendors.js';

/**
 * Ranking. Each article collects evidence in stages — exact signatures, message parts, fuzzy similarity of
 * the error message, fragments and short lines when asked, structural fields — and score.ts turns each
 * article's evidence into a score in [0, 1]; reasons say what counted.
 */

export interface MatchOptions extends ScoreOptions {
  /** How many candidates to return. */
  limit?: number;
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
/** Share of a short line's weight added to articles that shared structure already found. */
const SHORT_LINE_ORDER_ONLY = 0.2;

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
  const claudeNamed = namesClaude(words, signals, n.lower);
  addMessageParts(board, kb, n, words, () => wholeMessageFields(signals, claudeNamed, n.text));
  addFuzzyHits(board, kb, signals);
  if (opts.asked && n.flat.length <= SHORT_PASTE_CHARS) addFragments(board, kb, n);
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
 * prefix, or as a whole field or line of a paste that names Claude, it is the same error (full weight);
 * alone it is a possible match, shown when someone asks.
 */
function addMessageParts(
  board: EvidenceBoard,
  kb: KnowledgeBase,
  n: NormalisedText,
  words: Set<string>,
  claudeFields: () => ReadonlySet<string>,
): void {
  let fields: ReadonlySet<string> | null = null;
  for (const { part, wrapper } of findMessageParts(kb.messageParts, n.lower, words)) {
    // Worked out only for a message part found without its class (rare): it reads every line.
    if (!wrapper && fields === null) fields = claudeFields();
    const field = !wrapper && fields !== null && fields.has(part.text);
    const weight = wrapper || field ? literalWeight(part.fullLength) : MESSAGE_ALONE;
    const e = board.get(part.article);
    if (e.signature >= weight) continue;
    e.reasons.push({ kind: 'signature', detail: `${wrapper ?? (field ? 'message field: ' : '')}${part.text}`, weight });
    if (e.signature > 0) e.extraSignatures++;
    e.signature = weight;
    e.span = Math.max(e.span, part.text.length);
  }
}

/**
 * The messages a paste writes as a whole field value ("message": "Connection error.") or as a line of its
 * own, when the paste also names Claude (a model id, Anthropic's error types) and no other vendor: a wrapper
 * that serialised the SDK's error keeps its message and drops its class, so such a field stands for the
 * class as Claude Code's prefix does.
 */
function wholeMessageFields(signals: Signals, claudeNamed: boolean, text: string): Set<string> {
  if (!claudeNamed || signals.foreignModel || signals.foreignVendor) return new Set();
  const whole = new Set(signals.messages.map((m) => m.trim().toLowerCase()));
  for (const line of text.split('\n')) {
    const bare = line.replace(/^[\s`'">*-]+|[\s`'"]+$/g, '').toLowerCase();
    if (bare.length >= 12 && bare.length <= 200) whole.add(bare);
  }
  return whole;
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
 * body's own `anthropic_version` or another key only Claude's body requires (claude-body.ts), or one of
 * the Anthropic API's error types (Bedrock and Vertex relay those only for Claude).
 */
function namesClaude(words: Set<string>, signals: Signals, lower: string): boolean {
  if (
    words.has('anthropic_version') ||
    signals.modelIds.length > 0 ||
    signals.claudeBody === true ||
    signals.errorTypes.some((t) => t.endsWith('_error') || t === 'request_too_large')
  )
    return true;
  // Claude's name in words beside another family's ("the Claude models work, Amazon Nova fails") leaves
  // open which model the error came from.
  return (words.has('claude') || words.has('anthropic')) && !namesOtherFamily(lower, words);
}

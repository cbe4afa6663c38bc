import { emptySignals, extractSignals } from './extract.js';
import type { FeedbackContext } from './feedback.js';
import { fingerprintOf } from './fingerprint.js';
import type { KnowledgeBase } from './knowledge/index.js';
import { rankArticles } from './match.js';
import { decodeInput, normalise, tokenSet } from './normalize.js';
import { isInertChat } from './precheck.js';
import type { Diagnosis, Surface, VersionAdvice } from './types.js';

/** Unprompted auto-replies: precision first, silent when unsure. */
export const STRICT_THRESHOLD = 0.7;
/** Someone asked explicitly: show possible matches down to this score. */
export const LENIENT_THRESHOLD = 0.4;

export interface DiagnoseOptions {
  /** `strict` for auto-replies (default), `lenient` when a person asked the bot directly. */
  mode?: 'strict' | 'lenient';
  /** Override the thresholds (e.g. from configuration). */
  strictThreshold?: number;
  lenientThreshold?: number;
  /** Multiplier for an article given this paste's fingerprint hash, from user feedback (see feedback.ts). */
  feedbackFactor?: (fingerprintHash: string, articleId: string, ctx: FeedbackContext) => number;
  limit?: number;
  /** Run every stage even for a message the chat pre-check clears (tests compare the two). */
  noPrecheck?: boolean;
}

/** Never read: a cleared message goes through neither extraction nor ranking. */
const NO_WORDS = new Set<string>();
/** What fingerprintOf() gives for the empty signals of a message the pre-check cleared. */
const INERT_FINGERPRINT = fingerprintOf(emptySignals({ binary: false, truncated: false }));

/**
 * Text in, ranked and explained diagnosis out. Pure: no I/O, no platform code, no clock.
 * Accepts a string or raw bytes (invalid UTF-8 is replaced, binary is recognised and refused politely).
 */
export function diagnose(input: string | Uint8Array, kb: KnowledgeBase, options: DiagnoseOptions = {}): Diagnosis {
  const decoded = decodeInput(input);
  const notes: string[] = [];
  if (decoded.truncated)
    notes.push(`The paste is ${decoded.originalLength.toLocaleString('en-US')} characters; only its first and last parts were read.`);
  if (decoded.invalidUtf8 && !decoded.binary) notes.push('The paste contained bytes that are not valid UTF-8; they were replaced.');
  if (decoded.binary) notes.push('This looks like binary data, not text: paste the error message or attach the log as a text file.');

  const n = normalise(decoded.binary ? '' : decoded.text);
  if (!decoded.binary && n.flat.length === 0) notes.push('The paste is empty.');
  const meta = { binary: decoded.binary, truncated: decoded.truncated };
  // Chat that cannot start any stage (precheck.ts) skips extraction and ranking; when asked, a short
  // message may be a fragment of a signature, so lenient mode always runs them.
  const inert = options.mode !== 'lenient' && !options.noPrecheck && !decoded.binary && !decoded.truncated && isInertChat(n, kb);
  const words = inert ? NO_WORDS : tokenSet(n.lower);
  const signals = inert ? emptySignals(meta) : extractSignals(n, meta, words);
  const { fingerprint, hash } = inert ? INERT_FINGERPRINT : fingerprintOf(signals);

  const strict = options.strictThreshold ?? STRICT_THRESHOLD;
  const lenient = options.lenientThreshold ?? LENIENT_THRESHOLD;
  const threshold = options.mode === 'lenient' ? lenient : strict;

  let candidates = [] as Diagnosis['candidates'];
  if (n.flat.length > 0 && !inert) {
    const feedback = options.feedbackFactor;
    candidates = rankArticles(kb, n, words, signals, {
      limit: options.limit,
      asked: options.mode === 'lenient',
      feedbackFactor: feedback ? (id, ctx) => feedback(hash, id, ctx) : undefined,
    });
  }
  const top = candidates[0];
  const confidence = top?.score ?? 0;
  // A candidate resting only on a run of signature words, or on the names in a short line, is shown as a
  // possibility, never as the answer (when asked, an unmatched message is read as a question in words instead).
  const fragmentOnly =
    !!top &&
    top.reasons.some((r) => r.kind === 'fragment' || r.kind === 'short_line') &&
    !top.reasons.some((r) => r.kind === 'signature' || r.kind === 'structure');
  const matched = confidence >= threshold && !fragmentOnly;
  const foreign = signals.foreignModel ?? (signals.anthropicContext ? null : signals.foreignVendor);
  if (!matched && foreign) {
    notes.push(`This error comes from ${foreign}, not from Claude: the articles here are about the Claude API and do not apply.`);
  } else if (!matched && n.flat.length > 0 && !decoded.binary) {
    notes.push(
      signals.looksLikeError ? 'No knowledge-base article matches this error confidently.' : 'This does not look like an error message.',
    );
  }

  return {
    matched,
    confidence,
    fingerprint,
    fingerprintHash: hash,
    signals,
    candidates: candidates.filter((c) => c.score >= Math.min(lenient, threshold)),
    notes,
    versionAdvice: top && matched ? adviseVersions(top.article.fixedIn, signals.sdkVersions) : [],
  };
}

/** "You are on anthropic 0.105.0; fixed in 0.110.0." */
export function adviseVersions(fixedIn: Partial<Record<Surface, string>>, seen: Partial<Record<Surface, string>>): VersionAdvice[] {
  const advice: VersionAdvice[] = [];
  for (const [surface, fixed] of Object.entries(fixedIn) as Array<[Surface, string]>) {
    const current = seen[surface];
    if (!current) continue;
    advice.push({
      surface,
      current,
      fixedIn: fixed,
      upgradeNeeded: compareVersions(current, fixed) < 0,
    });
  }
  return advice;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

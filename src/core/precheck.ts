import { ANTHROPIC_ERROR_TYPES, GOOGLE_STATUS_WORDS } from './fields.js';
import { FOREIGN_VENDORS } from './foreign-vendors.js';
import type { Hint } from './hint.js';
import { ALL_HINTS, ANTHROPIC_CONTEXT, ERROR_WORDS, PROVIDER_HINTS, SURFACE_HINTS } from './hints.js';
import type { KnowledgeBase } from './knowledge/index.js';
import { LiteralScan } from './knowledge/literal-scan.js';
import { perKnowledgeBase } from './knowledge/per-kb.js';
import { matchWindowed } from './knowledge/regex-safety.js';
import type { NormalisedText } from './normalize.js';
import { FOREIGN_MODEL_GATES } from './vendors.js';
import { VERSION_PATTERNS } from './versions.js';

/**
 * The chat pre-check. Most messages in a channel are conversation, and the full pipeline (signal
 * extraction, then ranking) finds nothing in them, at several times the cost of the cheapest matcher.
 * A message is *inert* when nothing in it can start any of those stages, so its diagnosis is known
 * without running them: empty signals, no candidates.
 *
 * What makes that certain, stage by stage (see extract.ts and match.ts):
 * - only letters, spaces, newlines and `, . ! ? '` (after normalising): no digit (statuses, versions,
 *   ids, timestamps), no `_ - : = " ( [ { / $ @ < >` (error types, JSON fields, model ids, paths,
 *   `Class: message` lines, request ids), so every pattern that needs one of those cannot match;
 * - none of the substrings the extractor looks for: every hint (which includes the error phrases),
 *   the error words, the Anthropic error types, the SDK version gates, and `error`, `exception`,
 *   `fault`, `failed` (exception names, the first error line);
 * - none of the words that let a gated pattern run (`type`, `code`, `message`, `request`, `claude`,
 *   Google's status words, the foreign-model gates…);
 * - in the knowledge base: no signature or message part whose anchor word is there could match (a
 *   signature or a message part is tried as ranking would try it), and no unanchored needle.
 * Patterns without a gate would have to be run, so when any hint has one the pre-check is off.
 * Lenient mode (someone asked) reads short messages as fragments of signatures: never pre-checked.
 * `test/core/precheck.test.ts` compares the short cut with the full pipeline on real prose.
 */

const SUBSTRINGS = [
  ...ALL_HINTS,
  ...ERROR_WORDS,
  ...ANTHROPIC_ERROR_TYPES,
  ...VERSION_PATTERNS.map((v) => v.gate),
  'error',
  'exception',
  'fault',
  'failed',
  'req_',
].map((s) => s.toLowerCase());

const WORDS = new Set(
  [
    ...ERROR_WORDS,
    ...GOOGLE_STATUS_WORDS,
    ...FOREIGN_MODEL_GATES,
    'type',
    'code',
    '__type',
    'occurred',
    'fault',
    'metadata',
    'api_core',
    'message',
    'request',
    'requestid',
    'request_id',
    'claude',
    'anthropic',
    'anthropic_version',
  ].map((w) => w.toLowerCase()),
);

const HINTS: Hint[] = [
  ...SURFACE_HINTS.map(([, h]) => h),
  ...PROVIDER_HINTS.map(([, h]) => h),
  ANTHROPIC_CONTEXT,
  ...FOREIGN_VENDORS.map(([, h]) => h),
];
/** A pattern with no gate runs on every paste: then no message can be cleared without running it. */
const ENABLED = HINTS.every((h) => !h.pattern || (h.gate?.length ?? 0) > 0);

/** Letters, space, newline and `, . ! ? '`: the only characters an inert message may contain. */
function plainChat(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    if (!letter && c !== 32 && c !== 10 && c !== 44 && c !== 46 && c !== 33 && c !== 63 && c !== 39) return false;
  }
  return true;
}

/**
 * Per knowledge base: one scan for the substrings above and the base's unanchored needles (one pass
 * instead of two), and every word that needs a closer look (a gate word, a signature anchor, a message
 * part's word) in one set, so a word that is none of them costs one look-up.
 */
interface Tables {
  scan: LiteralScan;
  words: Set<string>;
}
const tablesFor = perKnowledgeBase((kb): Tables => {
  const needles = new Set([...SUBSTRINGS, ...(kb.unanchoredScan?.scan.needles ?? [])]);
  return { scan: new LiteralScan([...needles]), words: new Set([...WORDS, ...kb.byAnchor.keys(), ...kb.messageParts.keys()]) };
});

/** True when the normalised message cannot produce a signal or a candidate (see above). */
export function isInertChat(n: NormalisedText, kb: KnowledgeBase): boolean {
  if (!ENABLED || n.flat.length === 0 || !plainChat(n.text)) return false;
  const tables = tablesFor(kb);
  // The words tokenSet() would give (runs of 3+ letters: plainChat leaves no digit or underscore).
  const { lower } = n;
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    if (c >= 97 && c <= 122) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= 3) {
      const w = lower.slice(start, i);
      if (tables.words.has(w) && (WORDS.has(w) || anchorFires(kb, w, n))) return false;
    }
    start = -1;
  }
  return !tables.scan.any(lower);
}

/** A signature or message part anchored on `word` matches, tested as ranking tests it (match.ts). */
function anchorFires(kb: KnowledgeBase, word: string, n: NormalisedText): boolean {
  const { flat, lower } = n;
  for (const { signature: s } of kb.byAnchor.get(word) ?? []) {
    if (s.kind === 'literal' ? lower.includes(s.needle) : matchWindowed(s.regex, flat, lower, s.anchor)) return true;
  }
  for (const part of kb.messageParts.get(word) ?? []) if (lower.includes(part.text)) return true;
  return false;
}

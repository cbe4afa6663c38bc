import { FIELD_SEARCH, FIELD_SECRET_GROUP } from './field-search.js';
import { unescapeKeyChars } from './key-escapes.js';
import { cutsOf } from './redact-cuts.js';
import { type BodyClass, FIELD_RULES, type FieldRule, PLACEHOLDER, type SecretKind, TOKEN_RULES, type TokenRule } from './secret-rules.js';
import { applySpans, mergeSpans, type Span } from './spans.js';

export type { SecretKind } from './secret-rules.js';

/**
 * Secret redaction. Runs before anything is stored, logged, sent to Claude or echoed back: the rest
 * of the bot only ever sees redacted text. Each rule says what it found so the poster can be told,
 * privately, to revoke a live-looking key.
 *
 * Linear time, however hostile the paste: a few forward passes (escapes, private-key blocks, vendor
 * tokens, Discord tokens, named fields), each finding its anchors with one search and never scanning
 * a stretch of text twice (see secret-rules.ts for the rule shapes). A long paste goes through them in
 * pieces of ~16 KB, cut at line breaks no rule sees across (redact-cuts.ts), so that no pass builds a
 * megabyte-sized string.
 */

export interface Redaction {
  text: string;
  found: SecretKind[];
  /** At least one secret looked real enough that the poster should revoke it. */
  liveSecret: boolean;
}

interface Found {
  kinds: Set<SecretKind>;
  live: boolean;
}

function newFound(): Found {
  return { kinds: new Set(), live: false };
}

const BODY: Record<BodyClass, RegExp> = {
  b64url: /[A-Za-z0-9_-]*/y,
  dotted: /[A-Za-z0-9_.-]*/y,
  alnum: /[A-Za-z0-9]*/y,
  upperAlnum: /[A-Z0-9]*/y,
  slack: /(?:[A-Za-z0-9-]|%[0-9A-Fa-f]{2})*/y,
  path: /[A-Za-z0-9/_-]*/y,
};

/**
 * End of the run of `cls` characters that contains `at`, remembered per class: every start inside one
 * run has the same end, so a paste made of one long run (or of anchors repeated inside one) is walked
 * once per class, not once per anchor.
 */
function runEnds(text: string): (at: number, cls: BodyClass) => number {
  const memo = new Map<BodyClass, { from: number; end: number }>();
  return (at, cls) => {
    const m = memo.get(cls);
    if (m && at >= m.from && at <= m.end) return m.end;
    const re = BODY[cls];
    re.lastIndex = at;
    re.test(text);
    memo.set(cls, { from: at, end: re.lastIndex });
    return re.lastIndex;
  };
}

/** Narrowest hard wrap considered (PEM uses 64 columns; terminals and mail 72–80). */
const WRAP_MIN_COLUMNS = 64;

/**
 * Extends a token ending at a line break over the continuation lines of a hard wrap: only when its
 * line is full (a short line ending in a key is just a line, and the next line is other text).
 */
function wrappedEnd(text: string, end: number, length: number, limit: number, runEnd: (at: number, cls: BodyClass) => number): number {
  while (length < limit) {
    const nl = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : text.charCodeAt(end) === 10 ? 1 : 0;
    if (!nl || end < WRAP_MIN_COLUMNS || text.slice(end - WRAP_MIN_COLUMNS, end).includes('\n')) break;
    const next = runEnd(end + nl, 'b64url');
    if (next === end + nl) break;
    length += next - end - nl;
    end = next;
  }
  return end;
}

function anchorSearch(anchors: string[], flags: string): RegExp {
  const alternatives = [...new Set(anchors)].sort((x, y) => y.length - x.length).map((a) => a.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(alternatives.join('|'), flags);
}

function byAnchor<R extends { anchors: string[] }>(rules: R[], norm: (a: string) => string): Map<string, R[]> {
  const map = new Map<string, R[]>();
  for (const rule of rules) for (const a of rule.anchors) map.set(norm(a), [...(map.get(norm(a)) ?? []), rule]);
  return map;
}

const TOKEN_ANCHORS = anchorSearch(
  TOKEN_RULES.flatMap((r) => r.anchors),
  'g',
);
const TOKENS_BY_ANCHOR = byAnchor(TOKEN_RULES, (a) => a);
/** The token a rule sees at `at`, as [start, end] of the whole token, or null. */
function matchToken(text: string, at: number, rule: TokenRule, runEnd: (at: number, cls: BodyClass) => number): [number, number] | null {
  if (rule.notAfter && at > 0 && rule.notAfter.test(text[at - 1] as string)) return null;
  rule.head.lastIndex = at;
  if (!rule.head.test(text)) return null;
  const bodyStart = rule.head.lastIndex;
  let end = runEnd(bodyStart, rule.body);
  const length = end - bodyStart;
  if (length < rule.min || (rule.max !== undefined && length > rule.max)) return null;
  if (rule.tail) {
    const further = rule.tail(text, end, runEnd);
    if (further === null) return null;
    end = further;
  }
  if (rule.wrapUntil) end = wrappedEnd(text, end, end - at, rule.wrapUntil, runEnd);
  return [rule.keepHead ? bodyStart : at, end];
}

/** Vendor tokens: one anchor search; at each anchor the rules that own it, in order. */
function tokenSpans(text: string, found: Found): Span[] {
  const runEnd = runEnds(text);
  TOKEN_ANCHORS.lastIndex = 0;
  const spans: Span[] = [];
  for (let a = TOKEN_ANCHORS.exec(text); a; a = TOKEN_ANCHORS.exec(text)) {
    const at = a.index;
    for (const rule of TOKENS_BY_ANCHOR.get(a[0]) ?? []) {
      const hit = matchToken(text, at, rule, runEnd);
      if (!hit) continue;
      const [start, end] = hit;
      const secret = text.slice(start, end);
      found.kinds.add(rule.kind);
      if (!found.live && !PLACEHOLDER.test(secret)) found.live = true;
      spans.push([start, end, typeof rule.mask === 'string' ? rule.mask : rule.mask(secret)]);
      TOKEN_ANCHORS.lastIndex = end;
      break;
    }
  }
  return spans;
}

/**
 * Named fields: one search for any rule's whole pattern. A value refused by the rule that found it is
 * offered to the other rules at the same place, then skipped: never scanned again from inside.
 */
function redactFields(text: string, found: Found): string {
  FIELD_SEARCH.lastIndex = 0;
  let out = '';
  let copied = 0;
  for (let m = FIELD_SEARCH.exec(text); m; m = FIELD_SEARCH.exec(text)) {
    const at = m.index;
    let resume = at + Math.max(1, m[0].length);
    let first = 0;
    while (first < FIELD_SECRET_GROUP.length && m[FIELD_SECRET_GROUP[first] as number] === undefined) first++;
    for (let i = first; i < FIELD_RULES.length; i++) {
      const rule = FIELD_RULES[i] as FieldRule;
      let secret = m[FIELD_SECRET_GROUP[i] as number];
      let end = at + m[0].length;
      if (i !== first) {
        rule.pattern.lastIndex = at;
        const again = rule.pattern.exec(text);
        if (!again) continue;
        secret = again.at(-1);
        end = at + again[0].length;
        resume = Math.max(resume, end);
      }
      if (!secret || secret.includes('[REDACTED') || (rule.accept && !rule.accept(secret))) continue;
      found.kinds.add(rule.kind);
      if (rule.live && !found.live && !PLACEHOLDER.test(secret)) found.live = true;
      out += text.slice(copied, end - secret.length);
      out += '[REDACTED]';
      copied = end;
      resume = end;
      break;
    }
    FIELD_SEARCH.lastIndex = resume;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Discord bot tokens have no prefix: three base64url parts, the first (a user id) starting M, N or O.
 * Found from their six-character middle part, then checked in place with a bounded look either side.
 */
const DISCORD_MIDDLE = /\.[A-Za-z\d_-]{6}\./g;
const DISCORD_TAIL = /[A-Za-z\d_-]{27}/y;
const DISCORD = /(?<![A-Za-z0-9_-])[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}(?![A-Za-z0-9_-])/y;
const DISCORD_MASK = '[REDACTED DISCORD TOKEN]';

/** The Discord token tried from the middle part at `dot`, as [start, end], in `text`. */
function discordAt(text: string, dot: number, copied: number): [number, number] | null {
  DISCORD_TAIL.lastIndex = dot + 8; // every start needs 27 token characters after the middle part
  if (!DISCORD_TAIL.test(text)) return null;
  for (let start = Math.max(copied, dot - 28, 0); start <= dot - 24; start++) {
    DISCORD.lastIndex = start;
    const m = DISCORD.exec(text);
    if (m) return [start, start + m[0].length];
  }
  return null;
}

/**
 * Discord tokens as the token rules' output shows them, found on the text those rules scanned: a try
 * reads from 29 before a middle part to 52 after it. Far from token spans those characters are the
 * same; a middle part inside a span is not in the output; near a span the try runs on the output's
 * characters there (the mask ends the try: no mask holds a middle part or a full run of token
 * characters). Null when a token would run into a mask: the caller then scans the output itself.
 */
function discordSpans(text: string, tokens: Span[]): Span[] | null {
  const spans: Span[] = [];
  let copied = 0;
  let k = 0; // first token span ending after the middle part
  DISCORD_MIDDLE.lastIndex = 0;
  for (let mid = DISCORD_MIDDLE.exec(text); mid; mid = DISCORD_MIDDLE.exec(text)) {
    const dot = mid.index;
    DISCORD_MIDDLE.lastIndex = dot + 1;
    while (k < tokens.length && (tokens[k] as Span)[1] <= dot) k++;
    const next = tokens[k];
    if (next && next[0] < dot + 8) continue;
    const gapStart = k > 0 ? (tokens[k - 1] as Span)[1] : 0;
    const gapEnd = next ? next[0] : text.length;
    let view = text;
    let offset = 0;
    if (gapStart > dot - 29 || gapEnd < dot + 53) {
      offset = Math.max(gapStart, dot - 29);
      const before = offset === gapStart && k > 0 ? ']' : ''; // every mask ends in ]
      view = before + text.slice(offset, Math.min(gapEnd, dot + 53)) + (next && gapEnd < dot + 53 ? next[2] : '');
      offset -= before.length;
    }
    const hit = discordAt(view, dot - offset, copied - offset);
    if (!hit) continue;
    const end = hit[1] + offset;
    if (end > gapEnd) return null;
    spans.push([hit[0] + offset, end, DISCORD_MASK]);
    copied = end;
    DISCORD_MIDDLE.lastIndex = end;
  }
  return spans;
}

/** Vendor tokens, then Discord tokens as if over the tokens' output: built once when it can be. */
function redactTokensAndDiscord(text: string, found: Found, foundDiscord: Found): string {
  const tokens = tokenSpans(text, found);
  let discord = discordSpans(text, tokens);
  let base = text;
  let first = tokens;
  if (discord === null) {
    base = applySpans(text, tokens);
    first = [];
    discord = discordSpans(base, []) as Span[];
  }
  if (discord.length) {
    foundDiscord.kinds.add('discord-token');
    foundDiscord.live = true;
  }
  return applySpans(base, mergeSpans(first, discord));
}

const KEY_HEADER = /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/y;
const KEY_BODY = /(?:[A-Za-z0-9+/=\s:,."']|\\+[nrt]|-(?!-))*/y;
const KEY_FOOTER = /-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/y;

/**
 * Private-key blocks (PEM, also inside a service-account JSON with `\n` escapes): the header, then the
 * body walked forward once (base64, line breaks, escapes), then the footer if there is one. A header
 * with no footer still loses its body; repeated headers cost one step each.
 */
function redactPrivateKeys(text: string, found: Found): string {
  let out = '';
  let copied = 0;
  let from = 0;
  for (let at = text.indexOf('-----BEGIN ', from); at !== -1; at = text.indexOf('-----BEGIN ', from)) {
    KEY_HEADER.lastIndex = at;
    if (!KEY_HEADER.test(text)) {
      from = at + 11;
      continue;
    }
    KEY_BODY.lastIndex = KEY_HEADER.lastIndex;
    KEY_BODY.test(text);
    let end = KEY_BODY.lastIndex;
    KEY_FOOTER.lastIndex = end;
    if (KEY_FOOTER.test(text)) end = KEY_FOOTER.lastIndex;
    found.kinds.add('google-private-key');
    found.live = true;
    out += `${text.slice(copied, at)}[REDACTED PRIVATE KEY]`;
    copied = end;
    from = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** What each pass found, kept apart so that pieces redacted in turn list kinds in the order of one whole run. */
interface PassesFound {
  keys: Found;
  tokens: Found;
  discord: Found;
  fields: Found;
}

/** The passes over one piece of a paste (the whole paste, or a piece cut where no rule sees across). */
function redactPiece(input: string, found: PassesFound): string {
  let text = unescapeKeyChars(input);
  if (text.includes('-----BEGIN ')) text = redactPrivateKeys(text, found.keys);
  text = redactTokensAndDiscord(text, found.tokens, found.discord);
  return redactFields(text, found.fields);
}

/** Pieces of at least this many characters (and well under V8's 128 KB large-object size, even as two-byte text). */
const PIECE = 16_384;

export function redact(input: string): Redaction {
  return redactInPieces(input, PIECE);
}

/** redact() with pieces of at least `piece` characters (tests cut much smaller pieces to show they change nothing). */
export function redactInPieces(input: string, piece: number): Redaction {
  const found: PassesFound = { keys: newFound(), tokens: newFound(), discord: newFound(), fields: newFound() };
  let text = '';
  if (input.length <= 2 * piece) text = redactPiece(input, found);
  else
    for (let from = 0, cut = 0, next = cutsOf(input); from < input.length; from = cut) {
      cut = next(from, piece);
      text += redactPiece(input.slice(from, cut), found);
    }
  const passes = [found.keys, found.tokens, found.discord, found.fields];
  return { text, found: [...new Set(passes.flatMap((f) => [...f.kinds]))], liveSecret: passes.some((f) => f.live) };
}

/** Redacts every string inside a JSON-like value (for log fields and outgoing payloads). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value).text as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}

import { decodeHTML } from 'entities';

/**
 * Turning raw chat text into something matchable.
 *
 * Everything here is linear in the input: each step is a single regex pass whose patterns have no
 * overlapping quantifiers, so a hostile paste cannot make normalisation slow.
 */

/** Pastes larger than this are cut to a head and a tail window (errors sit at the end of tracebacks). */
export const MAX_ANALYSED_CHARS = 1_000_000;
const HEAD_CHARS = 200_000;

export interface DecodedInput {
  text: string;
  binary: boolean;
  invalidUtf8: boolean;
  truncated: boolean;
  originalLength: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Decodes bytes or a string, detects binary content and bounds the size that later steps see. */
export function decodeInput(input: string | Uint8Array): DecodedInput {
  let text: string;
  let invalidUtf8 = false;
  if (typeof input === 'string') {
    text = input;
  } else {
    text = utf8.decode(input);
  }
  const originalLength = text.length;
  let truncated = false;
  if (text.length > MAX_ANALYSED_CHARS) {
    text = `${text.slice(0, HEAD_CHARS)}\n…\n${text.slice(text.length - (MAX_ANALYSED_CHARS - HEAD_CHARS))}`;
    truncated = true;
  }
  // Sample 8 KiB from both ends: enough to tell a log from a binary blob at a fixed cost.
  const sample = text.length > 8_192 ? text.slice(0, 4_096) + text.slice(-4_096) : text;
  let suspicious = 0;
  let replacement = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd) replacement++;
    else if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) || c === 127) suspicious++;
  }
  invalidUtf8 = replacement > 0;
  const binary = sample.length > 0 && (suspicious + replacement) / sample.length > 0.1;
  return { text, binary, invalidUtf8, truncated, originalLength };
}

const ANSI = /\x1b\[[0-9;?]{0,32}[ -/]{0,4}[@-~]|\x1b\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)/g;
// Slack's own markup uses real angle brackets; user text arrives with &lt; &gt; &amp; escaped.
const SLACK_LINK_LABELLED = /<((?:https?|mailto):[^|>\s]{1,2000})\|[^>\n]{0,500}>/g;
const SLACK_LINK = /<((?:https?|mailto):[^>\s]{1,2000})>/g;
const USER_MENTION = /<@[!&]?[A-Z0-9]{2,32}(?:\|[^>\n]{0,80})?>/gi;
const CHANNEL_MENTION = /<#[A-Z0-9]{2,32}(?:\|([^>\n]{0,80}))?>/gi;
const SLACK_SPECIAL = /<!(?:here|channel|everyone|subteam\^[A-Z0-9]{2,32})(?:\|[^>\n]{0,80})?>/gi;
const DISCORD_EMOJI = /<a?:\w{1,64}:\d{5,25}>/g;
// A fence may carry a language tag, but only when the tag ends the line (```python\n), not ```anthropic.Error.
const CODE_FENCE = /```(?:[a-zA-Z0-9_+-]{1,20}(?=[ \t]*\n))?/g;
const QUOTE_MARKER = /^[ \t]{0,8}(?:>[ \t]?){1,8}/gm;
// Log prefixes: ISO timestamps, clock times, bracketed levels and logger names at the start of a line.
const LOG_PREFIX =
  /^[ \t]{0,8}(?:(?:\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?\]?|\[?\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?\]?|\[(?:ERROR|WARN|WARNING|INFO|DEBUG|CRITICAL|FATAL|TRACE|error|warn|info|debug)\]|(?:ERROR|WARNING|CRITICAL|FATAL)(?::[\w.]{1,60}){0,2}:|(?:ERROR|WARN|INFO|DEBUG|TRACE)(?= )|-)[ \t]{1,8}){1,5}/gm;
const SLACK_BOLD = /(^|[\s(])\*([^*\n]{1,500})\*(?=[\s.,:;)]|$)/gm;
const MD_BOLD = /\*\*([^*\n]{1,500})\*\*/g;
const BACKTICK = /`/g;
const ESCAPED_QUOTE = /\\{1,7}(["'])/g;
const ESCAPED_NEWLINE = /\\{1,3}[nrt]/g;
const UNICODE_ESCAPE = /\\u([0-9a-fA-F]{4})/g;
const WHITESPACE = /\s+/g;
/** Whitespace that `WHITESPACE` would change: anything but a plain space, or two spaces in a row. */
const OTHER_WHITESPACE = /[^\S ]| {2}/;
const NON_ASCII = /[^\x00-\x7f]/;
// Typographic variants that terminals, chat clients and CLIs swap freely: curly quotes, dashes, bullets.
const SINGLE_QUOTES = /[\u2018\u2019\u201a\u2032]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u2033]/g;
const SEPARATORS = /[\u00b7\u2219\u2022\u2013\u2014\u2212]/g;
// Full-width ASCII forms and the ideographic space: CJK input methods and UIs wrap an English error in
// "错误：" or "（…）"; mapped to ASCII so that the punctuation around the error reads as usual.
const FULLWIDTH = /[\uff01-\uff5e\u3000]/g;

/**
 * Curly quotes become straight, middle dots, bullets and dashes become '-'. Regex signatures go through
 * the same mapping at load time (with '-' written as \x2d so it stays literal inside a class).
 */
export function canonicalTypography(text: string, dash = '-'): string {
  return text.replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(SEPARATORS, dash);
}

function fullwidthToAscii(text: string): string {
  return text.replace(FULLWIDTH, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

// A terminal pane that wraps a long line and indents the continuation leaves a run of spaces inside a
// word once the line break is lost: "overload     ed_error", "req_011C     cLPr". Such a run is closed up
// when it sits inside a quoted string that has no other whitespace, or when the joined word has the shape
// of an identifier the matcher relies on (an error type, a request id, an exception class) and the cut is
// inside it. Ordinary prose and aligned columns ("status_code     429") are left alone.
const IDENTIFIER = /^(?:[a-z]{3,20}_error|request_too_large|(?:req|msg|toolu)_[A-Za-z0-9]{12,60}|[A-Z][A-Za-z]{2,60}(?:Error|Exception))$/;
const MAX_GAP = 16;
const MAX_PIECE = 200;

const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
const isTokenChar = (c: number) => c > 32 && c !== 34;

function isCutIdentifier(left: string, right: string): boolean {
  // A capital after the gap is a new word ("RateLimit     Error"), except inside a random id.
  if (/^[A-Z]/.test(right) && !/^(?:req|msg|toolu)_/.test(left)) return false;
  return IDENTIFIER.test(left + right) && !IDENTIFIER.test(left) && !IDENTIFIER.test(right);
}

/** Should the run of spaces text[from, to) be closed up? */
function isWrapGap(text: string, from: number, to: number): boolean {
  let a = from;
  while (a > 0 && from - a < MAX_PIECE && isTokenChar(text.charCodeAt(a - 1))) a--;
  let b = to;
  while (b < text.length && b - to < MAX_PIECE && isTokenChar(text.charCodeAt(b))) b++;
  if (a < from && b > to && text.charCodeAt(a - 1) === 34 && text.charCodeAt(b) === 34) return true;
  let wa = from;
  while (wa > a && isWordChar(text.charCodeAt(wa - 1))) wa--;
  let wb = to;
  while (wb < b && isWordChar(text.charCodeAt(wb))) wb++;
  return from - wa >= 2 && wb - to >= 2 && isCutIdentifier(text.slice(wa, from), text.slice(to, wb));
}

/** A single forward scan over runs of three or more spaces; everything else is copied as is. */
export function closeWrapGaps(text: string): string {
  let at = text.indexOf('   ');
  if (at < 0) return text;
  let out = '';
  let copied = 0;
  while (at >= 0) {
    let end = at;
    while (end < text.length && text.charCodeAt(end) === 32) end++;
    if (end - at <= MAX_GAP && at > 0 && isTokenChar(text.charCodeAt(at - 1)) && isWrapGap(text, at, end)) {
      out += text.slice(copied, at);
      copied = end;
    }
    at = text.indexOf('   ', end);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Terminal widths a single hard-wrapped line is trusted at (one line of exactly this length). */
const COMMON_WIDTHS = new Set([80, 100, 120, 132, 160, 200]);

/**
 * Undoes hard wraps made at a fixed column (terminal copies, `fold`, some log viewers), which cut words
 * in two: "invalid_requ" / "est_error". Lines of exactly the wrap width are joined to the next line
 * with nothing in between. The width is the most common length among long lines when it occurs at
 * least twice, or a usual terminal width; lines of any other length are left alone.
 */
export function unwrapHardWraps(text: string): string {
  if (text.length < 120 || !text.includes('\n')) return text;
  const lines = text.split('\n');
  const counts = new Map<number, number>();
  // The last line has nothing to continue into: its length says nothing about a wrap width (a paste
  // word-wrapped by an editor can end on a line as long as one before it).
  for (const l of lines.slice(0, -1)) if (l.length >= 60) counts.set(l.length, (counts.get(l.length) ?? 0) + 1);
  let width = 0;
  let best = 0;
  for (const [len, n] of counts) if (n > best || (n === best && len > width)) [width, best] = [len, n];
  if (width === 0 || (best < 2 && !COMMON_WIDTHS.has(width))) return text;
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    out += line;
    if (i < lines.length - 1) out += line.length === width && (lines[i + 1] as string).length > 0 ? '' : '\n';
  }
  return out;
}

// Terminal frames: Claude Code's boxes, Python rich panels and tracebacks, and TUI debug consoles draw
// borders around wrapped lines ("│ API Error: 400 {\"type\":\"err │" / "│ or\",…} │"). Border-only lines
// (╭───╮, ╰───╯, +----+) are dropped and the left and right borders are cut off, so that what is left is the
// program's output. A line whose content runs right up to the frame's right edge was cut by the frame,
// often inside a word or an id, and is joined to the next line with nothing in between.
const BOX_CHARS = /[\u2500-\u257f]/;
/** A line made only of border characters (and spaces). */
const BORDER_LINE = /^[ \t]{0,8}[\u2500-\u257f+][\u2500-\u257f+\- \t]{2,}$/;
/** A left border: a box-drawing vertical bar opening the line, or an ASCII pipe followed by a space. */
const LEFT_BORDER = /^[ \t]{0,8}(?:[\u2502\u2503\u2551] ?|\|(?: |$))/;
/** A right border: the frame's one space of padding (when there), then a vertical bar ending the line. */
const RIGHT_BORDER = / ?[\u2502\u2503\u2551|][ \t]{0,2}$/;
/** Fewer framed lines than this are not a frame (a single "| a |" line is ordinary text). */
const MIN_FRAMED_LINES = 2;

export function stripFrames(text: string): string {
  const boxed = BOX_CHARS.test(text);
  if (!boxed && !text.includes('|')) return text;
  const lines = text.split('\n');
  const framed: boolean[] = new Array(lines.length).fill(false);
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    // ASCII pipes count only with a right border too (markdown tables aside, "| x" is rarely a frame).
    if (LEFT_BORDER.test(line) && (/^[ \t]{0,8}[\u2502\u2503\u2551]/.test(line) || RIGHT_BORDER.test(line))) {
      framed[i] = true;
      count++;
    }
  }
  if (count < MIN_FRAMED_LINES && !(boxed && lines.some((l) => BORDER_LINE.test(l)))) return text;
  // The content of each framed line, and the frame's inner width (the longest content, padding included).
  const content: string[] = [];
  const full: boolean[] = [];
  let width = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!framed[i]) {
      content.push(BORDER_LINE.test(line) && (boxed || /^[ \t]{0,8}\+[-+]{3,}\+?[ \t]*$/.test(line)) ? '' : line);
      full.push(false);
      continue;
    }
    let inner = line.replace(LEFT_BORDER, '');
    const right = RIGHT_BORDER.exec(inner);
    if (right) inner = inner.slice(0, right.index);
    content.push(inner);
    full.push(!!right);
    if (right) width = Math.max(width, inner.length);
  }
  let out = '';
  for (let i = 0; i < content.length; i++) {
    const inner = content[i] as string;
    const next = content[i + 1];
    // Cut by the frame: the content reaches the right edge with no padding, and the next framed line
    // goes on without a leading space.
    const cut =
      full[i] && framed[i + 1] && inner.length === width && width > 0 && !/\s$/.test(inner) && next !== undefined && /^\S/.test(next);
    out += cut ? inner : `${framed[i] ? inner.trimEnd() : inner}${i < content.length - 1 ? '\n' : ''}`;
  }
  return out;
}

export interface NormalisedText {
  /** Cleaned text with its line structure kept. */
  text: string;
  /** The cleaned text on one line, runs of whitespace collapsed to one space (hard wraps undone). */
  flat: string;
  /** `flat` in lower case, for case-insensitive literal matching. */
  lower: string;
}

/** A level word opening a line: the one log prefix that a line of plain prose can carry ("INFO done"). */
const LEVEL_START = /^ ?(?:ERROR|WARN|INFO|DEBUG|TRACE) /;

/**
 * One line of prose: ASCII letters, `, . ! ? '` and single spaces only, not opening with a level word.
 * Every pass of `normalise` needs some other character (a line break, two spaces, `< & > * \` ` | -`,
 * a digit, `[`, `:`, a non-ASCII one) or that level word, so only the final trim can change such a line.
 */
function plainLine(raw: string): boolean {
  let space = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 32) {
      if (space) return false;
      space = true;
      continue;
    }
    space = false;
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    if (!letter && c !== 44 && c !== 46 && c !== 33 && c !== 63 && c !== 39) return false;
  }
  return !LEVEL_START.test(raw);
}

/** Removes chat and terminal decoration so that what is left is the error as the program printed it. */
export function normalise(raw: string): NormalisedText {
  if (plainLine(raw)) {
    const flat = raw.trim();
    return { text: raw, flat, lower: flat.toLowerCase() };
  }
  // Each pass is skipped when a cheap test shows it cannot apply: most pastes need only a few of them.
  let t = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  t = stripFrames(t);
  t = unwrapHardWraps(t);
  if (t.includes('\x1b')) t = t.replace(ANSI, '');
  if (t.includes('<')) {
    t = t
      .replace(SLACK_LINK_LABELLED, '$1')
      .replace(SLACK_LINK, '$1')
      .replace(USER_MENTION, '')
      .replace(CHANNEL_MENTION, (_m, name: string | undefined) => (name ? `#${name}` : ''))
      .replace(SLACK_SPECIAL, '')
      .replace(DISCORD_EMOJI, '');
  }
  if (t.includes('&')) t = decodeHTML(t);
  if (t.includes('```')) t = t.replace(CODE_FENCE, '\n');
  if (t.includes('>')) t = t.replace(QUOTE_MARKER, '');
  t = t.replace(LOG_PREFIX, '');
  if (NON_ASCII.test(t)) t = canonicalTypography(fullwidthToAscii(t));
  t = closeWrapGaps(t);
  if (t.includes('*')) t = t.replace(MD_BOLD, '$1').replace(SLACK_BOLD, '$1$2');
  if (t.includes('`')) t = t.replace(BACKTICK, '');
  if (t.includes('\\')) {
    // Errors are often pasted as escaped JSON inside another string (logs, LiteLLM, Vercel AI SDK responseBody).
    t = t
      .replace(UNICODE_ESCAPE, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
      .replace(ESCAPED_NEWLINE, (m) => (m.endsWith('t') ? ' ' : '\n'))
      .replace(ESCAPED_QUOTE, '$1');
  }
  // Replacing every single space by a space still builds a new string: skipped when the only whitespace
  // is single plain spaces (most chat), where collapsing changes nothing.
  const flat = (OTHER_WHITESPACE.test(t) ? t.replace(WHITESPACE, ' ') : t).trim();
  return { text: t, flat, lower: flat.toLowerCase() };
}

const WORD = /[a-z0-9_]+/g;

/**
 * Lower-case word tokens (letters, digits, underscore) of 3+ characters — the unit of the anchor
 * prefilter. A hand-written scan: it runs on every message and is twice as fast as split or matchAll.
 */
export function tokenSet(lower: string): Set<string> {
  const set = new Set<string>();
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start >= 3) set.add(lower.slice(start, i));
      start = -1;
    }
  }
  return set;
}

export function tokens(lower: string): string[] {
  return lower.match(WORD) ?? [];
}

/** A literal string as a regular-expression source (for one-pass alternations of many literals). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

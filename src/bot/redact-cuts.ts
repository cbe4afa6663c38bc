/**
 * Where a long paste can be cut so that redacting the pieces one by one gives the same text as redacting
 * it whole. Redaction then works on pieces of a few KB: every string it builds stays in V8's young
 * generation. Built whole, each pass allocated a fresh megabyte-sized string (V8's large-object space),
 * and on a VM those fresh pages cost ~4 ns per byte, more than the rules themselves.
 *
 * A cut is at a line break, at a place no rule can see across (see redact.ts and secret-rules.ts):
 * - escapes, vendor tokens, Discord tokens and field values never hold whitespace; what looks across a
 *   line break is a field's `\s{0,3}` separator, a token hard-wrapped over the next line, and the body of
 *   a private-key block;
 * - the lookbehinds (`^`, `\s`, a character that must not come first) and lookaheads see a cut as they
 *   see the whitespace there, and a wrapped token's 64-column look back sees the line break.
 * The checks read the paste before its escapes are decoded, so each one also allows for what a `\u003d`
 * or `\x2d` becomes (only `- + / . = _` are decoded, and never into whitespace).
 */

/** The character before the whitespace that could end a field's name or operator (`Bearer`, `Basic`, `-u`, `--user`, `=`, `\u003d`). */
const BEFORE_SEPARATOR = new Set([...':=>rRcCuUdD']);
/** The character after it that could continue one (`:`, `=`, or an escape that becomes `=`). */
const AFTER_SEPARATOR = new Set([...':=\\']);

/**
 * From a `BEGIN ` that could open a private-key header, as far as its block could reach once escapes are
 * decoded: the header, its dashes (or escaped dashes), then the body's characters (base64, whitespace,
 * backslash escapes; a single `-`), stopping where the real body surely stops. A footer holds no line break.
 */
const KEY_REACH = /BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?(?:-|\\(?:u00|x)2[dD])*(?:[A-Za-z0-9+/=\s:,."'\\]|-(?!-))*/y;

/** JavaScript's `\s`. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** A token body character, or a backslash that may start an escape decoded into one. */
function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95 || c === 92;
}

/** Whether no rule sees across the line break at `nl` (outside private-key blocks). */
function quietBreak(text: string, nl: number): boolean {
  let start = nl;
  while (start > 0 && nl - start < 4 && isSpace(text.charCodeAt(start - 1))) start--;
  let end = nl + 1;
  while (end < text.length && end - start < 5 && isSpace(text.charCodeAt(end))) end++;
  const width = end - start;
  if (width > 3 || start === 0 || end === text.length) return true;
  const before = text.charCodeAt(start - 1);
  const after = text.charCodeAt(end);
  // A field's separator across the break: `password:\n  value`, `Bearer\nabc…`.
  if (BEFORE_SEPARATOR.has(text[start - 1] as string) || AFTER_SEPARATOR.has(text[end] as string)) return false;
  // A token ending at a line break, continued over the next line as a hard wrap.
  const wrap = width === 1 || (width === 2 && text.charCodeAt(start) === 13);
  return !(wrap && isTokenChar(before) && isTokenChar(after));
}

/**
 * The first cut at or after `from + min`, scanning from `from` (the start of the piece, so that a key
 * block opened earlier in it is known), or `text.length` when there is none. Each character is read a
 * bounded number of times: key blocks are reached once each, line breaks looked at once.
 */
export function nextCut(text: string, from: number, min: number): number {
  let keyEnd = from;
  let begin = text.indexOf('BEGIN ', from);
  for (let nl = text.indexOf('\n', from + min); nl !== -1; nl = text.indexOf('\n', nl + 1)) {
    while (begin !== -1 && begin <= nl) {
      KEY_REACH.lastIndex = begin;
      if (KEY_REACH.test(text)) keyEnd = Math.max(keyEnd, KEY_REACH.lastIndex);
      begin = text.indexOf('BEGIN ', Math.max(begin + 1, keyEnd));
    }
    if (nl >= keyEnd && quietBreak(text, nl)) return nl + 1;
  }
  return text.length;
}

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

/** ASCII character classes, as bits: */
const BEFORE = 1; // may end a field's name or operator before whitespace (`Bearer`, `Basic`, `-u`, `--user`, `=`, `\u003d`)
const AFTER = 2; // may continue one after it (`:`, `=`, or an escape that becomes `=`)
const TOKEN = 4; // a token body character, or a backslash that may start an escape decoded into one
const SPACE = 8;
const ASCII = new Uint8Array(128);
const mark = (chars: string, bit: number) => {
  for (let i = 0; i < chars.length; i++) ASCII[chars.charCodeAt(i)] = (ASCII[chars.charCodeAt(i)] as number) | bit;
};
mark(':=>rRcCuUdD', BEFORE);
mark(':=\\', AFTER);
mark('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_\\', TOKEN);
mark(' \t\n\v\f\r', SPACE);

/** The class bits of a character (JavaScript's `\s` beyond ASCII included). */
function classOf(c: number): number {
  if (c < 128) return ASCII[c] as number;
  const space = c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f;
  return space || c === 0x205f || c === 0x3000 || c === 0xfeff ? SPACE : 0;
}

/**
 * From a `BEGIN ` that could open a private-key header, as far as its block could reach once escapes are
 * decoded: the header, its dashes (or escaped dashes), then the body's characters (base64, whitespace,
 * backslash escapes; a single `-`), stopping where the real body surely stops. A footer holds no line break.
 */
const KEY_REACH = /BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?(?:-|\\(?:u00|x)2[dD])*(?:[A-Za-z0-9+/=\s:,."'\\]+|-(?!-))*/y;

/** Whether no rule sees across the line break at `nl` (outside private-key blocks). */
function quietBreak(text: string, nl: number): boolean {
  let start = nl;
  while (start > 0 && nl - start < 4 && classOf(text.charCodeAt(start - 1)) & SPACE) start--;
  let end = nl + 1;
  while (end < text.length && end - start < 5 && classOf(text.charCodeAt(end)) & SPACE) end++;
  const width = end - start;
  if (width > 3 || start === 0 || end === text.length) return true;
  const before = classOf(text.charCodeAt(start - 1));
  const after = classOf(text.charCodeAt(end));
  // A field's separator across the break: `password:\n  value`, `Bearer\nabc…`, `client_secret\n= …`.
  if (before & BEFORE || after & AFTER) return false;
  // A token ending at a line break, continued over the next line as a hard wrap.
  const wrap = width === 1 || (width === 2 && text.charCodeAt(start) === 13);
  return !(wrap && before & TOKEN && after & TOKEN);
}

/** Where the block a `BEGIN ` at `at` may open surely ends; the text's end when that is past `last`. */
function keyReach(text: string, at: number, last: number): number {
  const near = text.length > last ? text.slice(0, last) : text;
  KEY_REACH.lastIndex = at;
  if (!KEY_REACH.test(near)) return at;
  return KEY_REACH.lastIndex === near.length ? text.length : KEY_REACH.lastIndex;
}

/** How far past the piece's least length a cut is looked for before the rest is redacted whole. */
const LOOK_FURTHER = 16_384;

/**
 * The cuts of one text, in order: each call gives the first cut at or after `from + min` (`from` being the
 * previous cut), or `text.length` when there is none soon after (a hostile paste with no cut is redacted
 * whole, as before). Each character is read a bounded number of times over all calls: the search for key
 * headers goes on from where it stopped, each key block is reached once, each line break looked at once.
 */
export function cutsOf(text: string): (from: number, min: number) => number {
  let keyEnd = 0;
  let begin = -2; // not looked for yet
  return (from, min) => {
    const last = Math.min(text.length, from + min + LOOK_FURTHER);
    const near = text.slice(0, last); // line breaks are looked for no further than this
    for (let nl = near.indexOf('\n', from + min); nl !== -1; nl = near.indexOf('\n', nl + 1)) {
      if (begin === -2) begin = text.indexOf('BEGIN ');
      while (begin !== -1 && begin <= nl) {
        keyEnd = Math.max(keyEnd, keyReach(text, begin, last));
        begin = keyEnd === text.length ? -1 : text.indexOf('BEGIN ', Math.max(begin + 1, keyEnd));
      }
      if (nl >= keyEnd && quietBreak(text, nl)) return nl + 1;
    }
    return text.length;
  };
}

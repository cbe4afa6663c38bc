/**
 * JSON and JavaScript escapes of key characters (`\u002d` for `-`) would split a key so no rule sees
 * it: turn them back into the characters first. Only characters keys are made of are decoded, so an
 * escaped `<` or quote keeps its escape.
 */
const ESCAPED_KEY_CHAR = /\\(?:u00|x)(2[dDbBfFeE]|3[dD]|5[fF])/y;

/** One indexOf walk over the backslashes (a replace() with a callback costs ~4 ms per MB even for a few hits). */
export function unescapeKeyChars(text: string): string {
  if (!text.includes('\\u00') && !text.includes('\\x')) return text;
  const parts: string[] = [];
  let copied = 0;
  for (let at = text.indexOf('\\'); at !== -1; at = text.indexOf('\\', at + 1)) {
    ESCAPED_KEY_CHAR.lastIndex = at;
    const m = ESCAPED_KEY_CHAR.exec(text);
    if (!m) continue;
    parts.push(text.slice(copied, at), String.fromCharCode(Number.parseInt(m[1] as string, 16)));
    copied = at + m[0].length;
    at = copied - 1;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

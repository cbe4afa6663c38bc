/**
 * What a regular-expression signature says about the text it can match, read from its source without
 * running it: the words and substrings every match must contain. The matcher uses them to skip patterns
 * whose words are absent from a paste, so most signatures never run.
 */

/** A run of literal characters at the top level of a pattern, and whether its edges are word boundaries. */
interface LiteralRun {
  text: string;
  startClean: boolean;
  endClean: boolean;
}

/**
 * Splits the top level of a pattern (outside groups and classes) into runs of plain literal characters.
 * An edge is "clean" only where the pattern guarantees a word boundary: ^, $, \b, \s, \W, or a literal
 * non-word character inside the run. The pattern's own ends are not clean: /limit/ matches "limits".
 */
function literalRuns(pattern: string): LiteralRun[] {
  const runs: LiteralRun[] = [];
  let depth = 0;
  let inClass = false;
  let run = '';
  let startClean = false;
  const flush = (endClean: boolean, nextStartClean: boolean): void => {
    if (run) runs.push({ text: run, startClean, endClean });
    run = '';
    startClean = nextStartClean;
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    const next = pattern[i + 1];
    if (inClass) {
      if (ch === '\\') i++;
      else if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '\\') {
      i++;
      if (depth > 0) continue;
      if (next && /[^a-zA-Z0-9]/.test(next))
        run += next; // an escaped punctuation character is a literal
      else {
        const boundary = next === 'b' || next === 's' || next === 'W';
        flush(boundary, boundary);
      }
      continue;
    }
    if (ch === '[') {
      if (depth === 0) flush(false, false);
      inClass = true;
    } else if (ch === '(') {
      if (depth === 0) flush(false, false);
      depth++;
    } else if (ch === ')') {
      depth--;
      startClean = false;
    } else if (depth > 0) {
      // inside a group: says nothing certain at the top level
    } else if (ch === '*' || ch === '?' || (ch === '{' && /^\{0/.test(pattern.slice(i)))) {
      // The quantified atom is optional: it is not part of any required run.
      run = run.slice(0, -1);
      flush(false, false);
      if (ch === '{') i = pattern.indexOf('}', i);
    } else if (ch === '{' && /^\{\d/.test(pattern.slice(i))) {
      flush(false, false);
      i = pattern.indexOf('}', i);
    } else if (ch === '+' || ch === '.') flush(false, false);
    else if (ch === '^' || ch === '$') flush(true, true);
    else run += ch;
  }
  flush(false, false);
  return runs;
}

/**
 * The longest word that any match must contain, used to skip patterns whose anchor is absent from the
 * paste. Null when the pattern has top-level alternation or no whole literal word of 4+ characters.
 */
export function requiredAnchor(pattern: string): string | null {
  return longestWord(requiredWords(pattern));
}

/** The longest of `words` (the first of equals), or null: the anchor among a pattern's required words. */
export function longestWord(words: string[]): string | null {
  return words.reduce<string | null>((best, w) => (!best || w.length > best.length ? w : best), null);
}

/** Every whole word (4+ characters) that any match of the pattern must contain. */
export function requiredWords(pattern: string): string[] {
  if (splitTopLevel(pattern, '|').length > 1) return [];
  const found: string[] = [];
  for (const run of literalRuns(pattern)) {
    let words = run.text.toLowerCase().split(/[^a-z0-9_]/);
    if (!run.endClean) words = words.slice(0, -1);
    if (!run.startClean) words = words.slice(1);
    for (const word of words) if (word.length >= 4 && !found.includes(word)) found.push(word);
  }
  return found;
}

/**
 * For patterns without a whole-word anchor: substrings (lower case) of which at least one occurs in any
 * match — the longest literal run of each top-level branch, or the alternatives of a leading group.
 * A cheap scan for these decides whether the pattern is worth running. Null when none can be found.
 */
export function requiredSubstrings(pattern: string): string[] | null {
  const out: string[] = [];
  for (const branch of splitTopLevel(pattern, '|')) {
    const run = literalRuns(branch).reduce((best, r) => (r.text.length > best.length ? r.text : best), '');
    if (run.length >= 4) {
      out.push(run.toLowerCase());
      continue;
    }
    const group = /^\((?:\?:)?([^()]*)\)(?![?*]|\{0)/.exec(branch);
    if (!group) return null;
    const inner = requiredSubstrings(group[1] as string);
    if (!inner) return null;
    out.push(...inner);
  }
  return out.length > 0 ? out : null;
}

function splitTopLevel(pattern: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === sep && depth === 0) {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(pattern.slice(start));
  return parts;
}

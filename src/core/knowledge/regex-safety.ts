import vm from 'node:vm';
import safeRegex from 'safe-regex2';

/**
 * Regular expressions in knowledge files run on untrusted chat text. Three defences:
 * 1. static: back-references and look-behinds are refused, and safe-regex2 refuses star height > 1
 *    (`(a+)+`, the classic exponential case);
 * 2. dynamic: at load time every pattern runs in a V8 context with a hard timeout on adversarial inputs
 *    built from its own characters, which catches the cases static checks miss (`(a|a)*b`, `\s*\s*$`);
 * 3. at match time every pattern sees a bounded window of the paste (see `matchWindowed`).
 */

export const REGEX_WINDOW_CHARS = 4_096;
const PROBE_TIMEOUT_MS = 50;
const ALLOWED_FLAGS = /^[imsu]*$/;

export class UnsafeRegexError extends Error {}

export function parseRegexLiteral(source: string): { pattern: string; flags: string } | null {
  if (!source.startsWith('/')) return null;
  const end = source.lastIndexOf('/');
  if (end <= 0) return null;
  return { pattern: source.slice(1, end), flags: source.slice(end + 1) };
}

/** Compiles `/pattern/flags` or throws UnsafeRegexError with a reason a knowledge maintainer can act on. */
export function compileSafeRegex(source: string): RegExp {
  const parsed = parseRegexLiteral(source);
  if (!parsed) throw new UnsafeRegexError('a regular expression is written /pattern/flags');
  const { pattern, flags } = parsed;
  if (!ALLOWED_FLAGS.test(flags)) throw new UnsafeRegexError(`flags "${flags}" not allowed (use only i, m, s, u)`);
  if (pattern.length === 0) throw new UnsafeRegexError('empty pattern');
  if (pattern.length > 500) throw new UnsafeRegexError('pattern longer than 500 characters');
  if (/\\[1-9]|\\k</.test(pattern)) throw new UnsafeRegexError('back-references are not allowed');
  if (/\(\?<[=!]/.test(pattern)) throw new UnsafeRegexError('look-behind assertions are not allowed');
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch (err) {
    throw new UnsafeRegexError(`does not compile: ${(err as Error).message}`);
  }
  // Optional parts (`?`) nested in optional parts cannot blow up, so star height counts only real
  // repetition; anything subtler is left to the dynamic probe below.
  if (!safeRegex(new RegExp(pattern.replace(/(?<![\\(])\?(?!<)/g, ''), flags.replace('u', '')))) {
    throw new UnsafeRegexError('nested quantifiers can backtrack catastrophically (star height > 1)');
  }
  if (regex.test('')) throw new UnsafeRegexError('matches the empty string, so it would match every paste');
  probeForBacktracking(regex);
  return regex;
}

/** Adversarial inputs: long runs of the characters the pattern itself mentions, ending in a mismatch. */
function probeInputs(pattern: string): string[] {
  const chars = new Set<string>(['a', ' ', '0', '"', ':', '.']);
  for (const ch of pattern.replace(/\\./g, '')) if (/[\w "':.,{}-]/.test(ch)) chars.add(ch);
  const inputs: string[] = [];
  const n = REGEX_WINDOW_CHARS;
  for (const ch of chars) inputs.push(`${ch.repeat(n)}\u0000`);
  const alphabet = [...chars].join('');
  inputs.push(`${alphabet.repeat(Math.ceil(n / alphabet.length)).slice(0, n)}\u0000`);
  // Words separated by spaces trip patterns like (\w+\s?)+ or \s*\w*\s*.
  inputs.push(`${'ab '.repeat(n / 3)}\u0000`);
  return inputs;
}

// One context for all probes: creating a V8 context costs milliseconds, running a script in it does not.
let probeContext: vm.Context | null = null;
const probeScript = new vm.Script('for (const s of inputs) regex.test(s);');

function probeForBacktracking(regex: RegExp): void {
  probeContext ??= vm.createContext({ regex: null, inputs: [] });
  probeContext.regex = regex;
  probeContext.inputs = probeInputs(regex.source);
  try {
    probeScript.runInContext(probeContext, { timeout: PROBE_TIMEOUT_MS * 8 });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new UnsafeRegexError(`takes too long on adversarial input of ${REGEX_WINDOW_CHARS} characters (catastrophic backtracking)`);
    }
    throw err;
  }
}

/**
 * The longest word token that any match must contain, used to skip patterns whose anchor is absent from
 * the paste. Null when the pattern has top-level alternation or no literal word of at least 4 characters.
 */
export function requiredAnchor(pattern: string): string | null {
  return requiredWords(pattern).reduce<string | null>((best, w) => (!best || w.length > best.length ? w : best), null);
}

/** Every whole word (4+ characters) that any match of the pattern must contain. */
export function requiredWords(pattern: string): string[] {
  if (hasTopLevelAlternation(pattern)) return [];
  const found: string[] = [];
  // Walk the top level of the pattern collecting runs of plain literal characters. A word at the edge of
  // a run counts only when the edge is a real word boundary (pattern start, ^, $, \b, or a literal
  // non-word character): `accelerat(ion|e)` must not yield the anchor "accelerat".
  let depth = 0;
  let inClass = false;
  let run = '';
  // The edges of the pattern are not word boundaries unless written as ^, $ or \b: /limit/ matches "limits".
  let startClean = false;
  const flush = (endClean: boolean): void => {
    let words = run.toLowerCase().split(/[^a-z0-9_]/);
    if (!endClean) words = words.slice(0, -1);
    if (!startClean) words = words.slice(1);
    for (const word of words) if (word.length >= 4 && !found.includes(word)) found.push(word);
    run = '';
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
      if (next && /[^a-zA-Z0-9]/.test(next)) {
        run += next; // an escaped punctuation character is a literal
      } else {
        // \b, \s and \W can only sit between a word and a non-word character: a clean edge.
        const boundary = next === 'b' || next === 's' || next === 'W';
        flush(boundary);
        startClean = boundary;
      }
      continue;
    }
    if (ch === '[') {
      if (depth === 0) flush(false);
      inClass = true;
      startClean = false;
      continue;
    }
    if (ch === '(') {
      if (depth === 0) flush(false);
      depth++;
      continue;
    }
    if (ch === ')') {
      depth--;
      startClean = false;
      continue;
    }
    if (depth > 0) continue;
    if ('*?'.includes(ch) || (ch === '{' && /^\{\d/.test(pattern.slice(i)))) {
      // The quantified atom is optional: drop it, and the word it ends is not certain.
      run = run.slice(0, -1);
      flush(false);
      startClean = false;
      if (ch === '{') i = pattern.indexOf('}', i);
      continue;
    }
    if (ch === '+' || ch === '.') {
      flush(false);
      startClean = false;
      continue;
    }
    if (ch === '^' || ch === '$') {
      flush(true);
      startClean = true;
      continue;
    }
    run += ch;
  }
  flush(false);
  return found;
}

/**
 * For patterns without a whole-word anchor: substrings (lower case) of which at least one occurs in any
 * match — the longest literal run of each top-level branch, or the alternatives of a leading group.
 * A cheap `includes` on these decides whether the pattern is worth running. Null when none can be found.
 */
export function requiredSubstrings(pattern: string): string[] | null {
  const branches = splitTopLevel(pattern, '|');
  const out: string[] = [];
  for (const branch of branches) {
    const run = longestLiteralRun(branch);
    if (run && run.length >= 4) {
      out.push(run);
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

/** The longest run of literal characters outside groups and classes, lower-cased and unescaped. */
function longestLiteralRun(pattern: string): string {
  let best = '';
  let run = '';
  let depth = 0;
  let inClass = false;
  const flush = () => {
    if (run.length > best.length) best = run;
    run = '';
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
      if (depth === 0 && next && /[^a-zA-Z0-9]/.test(next)) run += next;
      else if (depth === 0) flush();
      continue;
    }
    if (ch === '[') {
      if (depth === 0) flush();
      inClass = true;
    } else if (ch === '(') {
      if (depth === 0) flush();
      depth++;
    } else if (ch === ')') depth--;
    else if (depth > 0) continue;
    else if (ch === '?' || ch === '*' || (ch === '{' && /^\{0/.test(pattern.slice(i)))) {
      run = run.slice(0, -1);
      flush();
      if (ch === '{') i = pattern.indexOf('}', i);
    } else if (ch === '{') {
      flush();
      i = pattern.indexOf('}', i);
    } else if ('+.^$'.includes(ch)) flush();
    else run += ch;
  }
  flush();
  return best.toLowerCase();
}

function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
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
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * Runs a vetted pattern on at most a few bounded windows of the paste: the whole paste when short,
 * otherwise windows around the anchor's first occurrences. Work is O(windows × window size) whatever
 * the paste's length.
 */
export function matchWindowed(regex: RegExp, flat: string, lower: string, anchor: string | null): RegExpExecArray | null {
  if (flat.length <= REGEX_WINDOW_CHARS) return regex.exec(flat);
  if (!anchor) {
    // Without an anchor, look at the head and the tail, where errors are printed.
    return regex.exec(flat.slice(0, REGEX_WINDOW_CHARS)) ?? regex.exec(flat.slice(-REGEX_WINDOW_CHARS));
  }
  let from = 0;
  for (let k = 0; k < 3; k++) {
    const at = lower.indexOf(anchor, from);
    if (at < 0) return null;
    const start = Math.max(0, at - REGEX_WINDOW_CHARS / 2);
    const m = regex.exec(flat.slice(start, start + REGEX_WINDOW_CHARS));
    if (m) return m;
    from = at + anchor.length;
  }
  return null;
}

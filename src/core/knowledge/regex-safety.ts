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
  for (const ch of pattern.replace(/\\./g, '')) if (/[\w "':.,{}\-]/.test(ch)) chars.add(ch);
  const inputs: string[] = [];
  const n = REGEX_WINDOW_CHARS;
  for (const ch of chars) inputs.push(`${ch.repeat(n)}\u0000`);
  const alphabet = [...chars].join('');
  inputs.push(`${alphabet.repeat(Math.ceil(n / alphabet.length)).slice(0, n)}\u0000`);
  // Words separated by spaces trip patterns like (\w+\s?)+ or \s*\w*\s*.
  inputs.push(`${'ab '.repeat(n / 3)}\u0000`);
  return inputs;
}

function probeForBacktracking(regex: RegExp): void {
  const context = vm.createContext({ regex, inputs: probeInputs(regex.source) });
  try {
    vm.runInContext('for (const s of inputs) regex.test(s);', context, { timeout: PROBE_TIMEOUT_MS * 8 });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new UnsafeRegexError(
        `takes too long on adversarial input of ${REGEX_WINDOW_CHARS} characters (catastrophic backtracking)`,
      );
    }
    throw err;
  }
}

/**
 * The longest word token that any match must contain, used to skip patterns whose anchor is absent from
 * the paste. Null when the pattern has top-level alternation or no literal word of at least 4 characters.
 */
export function requiredAnchor(pattern: string): string | null {
  if (hasTopLevelAlternation(pattern)) return null;
  let best: string | null = null;
  // Walk the pattern outside character classes and groups with quantifiers; collect plain literal runs.
  let depth = 0;
  let inClass = false;
  let run = '';
  const flush = (): void => {
    for (const word of run.toLowerCase().match(/[a-z0-9_]{4,}/g) ?? []) {
      if (!best || word.length > best.length) best = word;
    }
    run = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    const next = pattern[i + 1];
    if (ch === '\\') {
      // An escaped punctuation character is a literal; \d, \w, \s, \b … are classes and end the run.
      if (next && /[^a-zA-Z0-9]/.test(next) && depth === 0 && !inClass) run += next;
      else flush();
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      flush();
      inClass = true;
      continue;
    }
    if (ch === '(') {
      flush();
      depth++;
      continue;
    }
    if (ch === ')') {
      depth--;
      // A quantified or optional group says nothing certain about its content; already excluded (depth>0).
      continue;
    }
    if (depth > 0) continue;
    if ('*?'.includes(ch) || (ch === '{' && /^\{\d/.test(pattern.slice(i)))) {
      // The quantified atom is optional: drop the last character of the run.
      run = run.slice(0, -1);
      flush();
      if (ch === '{') i = pattern.indexOf('}', i);
      continue;
    }
    if ('+.^$|'.includes(ch)) {
      flush();
      continue;
    }
    run += ch;
  }
  flush();
  return best;
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

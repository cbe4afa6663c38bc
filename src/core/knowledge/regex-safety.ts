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
  return requiredWords(pattern).reduce<string | null>((best, w) => (!best || w.length > best.length ? w : best), null);
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

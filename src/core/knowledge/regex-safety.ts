import { createHash } from 'node:crypto';
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
/** The longest pattern (between the slashes) a knowledge file may hold. */
export const MAX_PATTERN_CHARS = 500;
const PROBE_TIMEOUT_MS = 50;
const ALLOWED_FLAGS = /^[imsu]*$/;

export class UnsafeRegexError extends Error {}

export function parseRegexLiteral(source: string): { pattern: string; flags: string } | null {
  if (!source.startsWith('/')) return null;
  const end = source.lastIndexOf('/');
  if (end <= 0) return null;
  return { pattern: source.slice(1, end), flags: source.slice(end + 1) };
}

/**
 * Bump when the checks below change. The V8 version is part of the key too: whether a pattern
 * backtracks badly is a property of the engine that runs it.
 */
export const REGEX_CHECKER_VERSION = `1/v8-${process.versions.v8}`;

export type RegexVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Verdicts by pattern, so a reload or a restart does not probe the same patterns again (the probe is
 * most of the cost of loading a large knowledge base). Keys hash the pattern with the checker version.
 * Kept in memory across reloads; `snapshot` / `restore` let the caller keep them in a file.
 */
export class RegexVerdicts {
  private readonly verdicts = new Map<string, RegexVerdict>();
  /** Set when a verdict was added since the last snapshot. */
  dirty = false;

  static key(source: string): string {
    return createHash('sha256').update(REGEX_CHECKER_VERSION).update('\0').update(source).digest('hex').slice(0, 32);
  }

  get(source: string): RegexVerdict | undefined {
    return this.verdicts.get(RegexVerdicts.key(source));
  }

  set(source: string, verdict: RegexVerdict): void {
    this.verdicts.set(RegexVerdicts.key(source), verdict);
    this.dirty = true;
  }

  get size(): number {
    return this.verdicts.size;
  }

  snapshot(): { checker: string; verdicts: Record<string, RegexVerdict> } {
    this.dirty = false;
    return { checker: REGEX_CHECKER_VERSION, verdicts: Object.fromEntries(this.verdicts) };
  }

  /** Takes verdicts saved by `snapshot`; anything from another checker version or malformed is ignored. */
  restore(data: unknown): number {
    const d = data as { checker?: unknown; verdicts?: unknown } | null;
    if (!d || d.checker !== REGEX_CHECKER_VERSION || typeof d.verdicts !== 'object' || d.verdicts === null) return 0;
    let n = 0;
    for (const [key, v] of Object.entries(d.verdicts as Record<string, RegexVerdict>)) {
      if (!/^[0-9a-f]{32}$/.test(key) || typeof v !== 'object' || v === null) continue;
      if (v.ok === true) this.verdicts.set(key, { ok: true });
      else if (v.ok === false && typeof v.reason === 'string') this.verdicts.set(key, { ok: false, reason: v.reason.slice(0, 300) });
      else continue;
      n++;
    }
    return n;
  }
}

/** The process-wide verdicts: every load and reload shares them. */
export const regexVerdicts = new RegexVerdicts();

/** Compiles `/pattern/flags` or throws UnsafeRegexError with a reason a knowledge maintainer can act on. */
export function compileSafeRegex(source: string, verdicts: RegexVerdicts = regexVerdicts): RegExp {
  const result = vetRegexes([source], verdicts).get(source);
  if (result instanceof RegExp) return result;
  throw result ?? new UnsafeRegexError('not vetted');
}

/**
 * Vets many patterns at once: known verdicts are reused, new patterns get the static checks and then
 * one probe run per batch (see `probeAll`). Returns each source's compiled regex or its rejection.
 */
export function vetRegexes(sources: string[], verdicts: RegexVerdicts = regexVerdicts): Map<string, RegExp | UnsafeRegexError> {
  const out = new Map<string, RegExp | UnsafeRegexError>();
  const toProbe: Array<{ source: string; regex: RegExp }> = [];
  for (const source of new Set(sources)) {
    const known = verdicts.get(source);
    if (known) {
      const parsed = parseRegexLiteral(source);
      if (known.ok && parsed) out.set(source, new RegExp(parsed.pattern, parsed.flags));
      else out.set(source, new UnsafeRegexError(known.ok ? 'not a regular expression' : known.reason));
      continue;
    }
    try {
      toProbe.push({ source, regex: staticallySafeRegex(source) });
    } catch (err) {
      if (!(err instanceof UnsafeRegexError)) throw err;
      verdicts.set(source, { ok: false, reason: err.message });
      out.set(source, err);
    }
  }
  const slow = probeAll(toProbe.map((p) => p.regex));
  for (const { source, regex } of toProbe) {
    if (slow.has(regex)) {
      const err = new UnsafeRegexError(
        `takes too long on adversarial input of ${REGEX_WINDOW_CHARS} characters (catastrophic backtracking)`,
      );
      verdicts.set(source, { ok: false, reason: err.message });
      out.set(source, err);
    } else {
      verdicts.set(source, { ok: true });
      out.set(source, regex);
    }
  }
  return out;
}

/** The static checks: syntax, flags, size, back-references, look-behinds, star height, empty matches. */
function staticallySafeRegex(source: string): RegExp {
  const parsed = parseRegexLiteral(source);
  if (!parsed) throw new UnsafeRegexError('a regular expression is written /pattern/flags');
  const { pattern, flags } = parsed;
  if (!ALLOWED_FLAGS.test(flags)) throw new UnsafeRegexError(`flags "${flags}" not allowed (use only i, m, s, u)`);
  if (pattern.length === 0) throw new UnsafeRegexError('empty pattern');
  if (pattern.length > MAX_PATTERN_CHARS) throw new UnsafeRegexError(`pattern longer than ${MAX_PATTERN_CHARS} characters`);
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
const probeScript = new vm.Script('for (let i = 0; i < regexes.length; i++) for (const s of inputs[i]) regexes[i].test(s);');
/** Patterns probed per run: each run with a timeout starts a watchdog, which costs more than most probes. */
const PROBE_BATCH = 64;

/**
 * Times a pattern alone may run out of time before it is rejected. The watchdog measures wall time, so
 * a process descheduled on a busy machine can run out of time on a harmless pattern once; a pattern that
 * backtracks catastrophically runs out every time. The verdict is saved, so a false rejection would last.
 */
const PROBE_ATTEMPTS = 3;

/** True when every pattern of the batch ran through all its adversarial inputs within the timeout. */
function probeInTime(batch: RegExp[]): boolean {
  probeContext ??= vm.createContext({ regexes: [], inputs: [] });
  probeContext.regexes = batch;
  probeContext.inputs = batch.map((r) => probeInputs(r.source));
  try {
    probeScript.runInContext(probeContext, { timeout: PROBE_TIMEOUT_MS * 8 });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw err;
    return false;
  } finally {
    probeContext.regexes = [];
    probeContext.inputs = [];
  }
}

/**
 * The patterns that take too long on their adversarial inputs. Patterns run in batches under one
 * timeout; a batch that times out is split in halves until the slow patterns stand alone, so a single
 * pattern is only ever rejected on its own time, and only when it runs out of time on every attempt.
 */
function probeAll(regexes: RegExp[]): Set<RegExp> {
  const slow = new Set<RegExp>();
  const run = (batch: RegExp[]): void => {
    if (batch.length === 0 || probeInTime(batch)) return;
    if (batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      run(batch.slice(0, half));
      run(batch.slice(half));
      return;
    }
    for (let attempt = 1; attempt < PROBE_ATTEMPTS; attempt++) if (probeInTime(batch)) return;
    slow.add(batch[0] as RegExp);
  };
  for (let i = 0; i < regexes.length; i += PROBE_BATCH) run(regexes.slice(i, i + PROBE_BATCH));
  return slow;
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

import path from 'node:path';
import { parseDocument } from 'yaml';
import { canonicalTypography, normalise } from '../normalize.js';
import type { Article, Signature } from '../types.js';
import { readSimpleFrontMatter } from './front-matter.js';
import type { ArticleSource, LoadIssue } from './issues.js';
import { longestWord, requiredSubstrings, requiredWords } from './regex-anchors.js';
import { parseRegexLiteral } from './regex-safety.js';
import { type FrontMatter, frontMatterSchema } from './schema.js';

/**
 * One article from its file: the front matter read and validated, the Cause / Fix / Details sections
 * checked, the signatures built (regexes only in the form the safety probe accepted). The loader
 * (load.ts) decides which files to read and vets their regexes in one batch before calling this.
 */

/** Cause + Fix above this is posted with a pointer to the full article instead of whole. */
export const SUMMARY_SOFT_LIMIT = 2_500;
const SUMMARY_HARD_LIMIT = 6_000;
const MIN_LITERAL_CHARS = 8;
const PLACEHOLDER = /\b(?:TODO|TBD|FIXME|XXX)\b|\b(?:[Ll]orem ipsum|[Cc]oming soon|[Ff]ill (?:this|me) in)\b/;

export interface FrontMatterPart {
  meta: FrontMatter;
  body: string;
}

export function isRegexSignature(raw: string): boolean {
  return Boolean(parseRegexLiteral(raw)) && /\/[imsuy]*$/.test(raw) && raw.length > 2;
}

/**
 * Regex signatures are vetted as written, with typographic dashes made plain, and an optional backtick
 * around a name (`` `?thinking`? ``) standing for any quote: the API quotes names in backticks, but the
 * tools that relay its messages re-quote them ('thinking', "thinking") or drop the quotes.
 */
export function canonicalRegex(raw: string): string {
  return canonicalTypography(raw, '\\x2d').replace(OPTIONAL_BACKTICK, ANY_QUOTE);
}

const OPTIONAL_BACKTICK = /(?<!\\)`\?/g;
const ANY_QUOTE = `[\`'"]?`;

export function readFrontMatter({ file, text }: ArticleSource, issues: LoadIssue[]): FrontMatterPart | null {
  const err = (message: string, field?: string): null => {
    issues.push({ file, field, message, severity: 'error' });
    return null;
  };
  const fm = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!fm) return err('expected YAML front matter between --- lines at the top of the file');
  // The plain shape every article has is read directly; anything else goes to the YAML library.
  let value: unknown = readSimpleFrontMatter(fm[1] as string);
  if (!value) {
    const doc = parseDocument(fm[1] as string, {
      prettyErrors: true,
      uniqueKeys: true,
    });
    if (doc.errors.length > 0) {
      const first = doc.errors[0];
      return err(`front matter is not valid YAML: ${first?.message.split('\n')[0]}`);
    }
    value = doc.toJS();
  }
  const parsed = frontMatterSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.join('.') || undefined;
      const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
      issues.push({ file, field, message, severity: 'error' });
    }
    return null;
  }
  // Copies (structuredClone makes new strings): values sliced out of the file text would keep the whole
  // text alive for as long as the article lives, twice what the article needs at 5,000 articles.
  return { meta: structuredClone(parsed.data), body: text.slice(fm[0].length) };
}

export function buildArticle(
  file: string,
  { meta, body }: FrontMatterPart,
  vetted: Map<string, RegExp | Error>,
  issues: LoadIssue[],
): Article | null {
  const err = (message: string, field?: string): null => {
    issues.push({ file, field, message, severity: 'error' });
    return null;
  };
  const base = path.basename(file, '.md');
  if (base !== meta.id) return err(`file name must be "${meta.id}.md" to match the id`, 'id');
  const folder = path.dirname(file).split(path.sep).pop();
  if (folder !== meta.family) return err(`family "${meta.family}" must equal the folder name "${folder}"`, 'family');

  const sections = checkedSections(file, body, issues);
  if (!sections) return null;
  const signatures = buildSignatures(file, meta.signatures, vetted, issues);
  if (signatures.length === 0) return null;
  if (issues.some((i) => i.severity === 'error')) return null;
  const { cause, fix, details } = sections;

  return {
    id: meta.id,
    title: meta.title,
    family: intern(meta.family),
    providers: meta.providers.map(intern),
    surfaces: (meta.surfaces ?? []).map(intern),
    httpStatus: meta.http_status === null ? [] : Array.isArray(meta.http_status) ? meta.http_status : [meta.http_status],
    errorTypes: (meta.error_type === null ? [] : Array.isArray(meta.error_type) ? meta.error_type : [meta.error_type]).map(intern),
    sdkExceptions: meta.sdk_exceptions.map(intern),
    signatures,
    fixedIn: internValues(meta.fixed_in ?? {}),
    appliesTo: internValues(meta.applies_to ?? {}),
    verified: meta.verified ? intern(meta.verified) : null,
    contextRequired: meta.context_required ?? false,
    claudeRequired: meta.claude_required ?? false,
    aliases: meta.aliases ?? [],
    sources: meta.sources.map(intern),
    cause,
    fix,
    details,
    file,
  };
}

/** Lines git writes around the two sides of a conflict. */
const MERGE_MARKER = /^(?:<{7}|={7}|>{7})(?: |$)/m;

/** Cause and Fix (required, no placeholders, within the length limits) and the optional Details. */
function checkedSections(file: string, body: string, issues: LoadIssue[]): { cause: string; fix: string; details: string | null } | null {
  const err = (message: string): null => {
    issues.push({ file, field: 'body', message, severity: 'error' });
    return null;
  };
  // A merge left half-done would publish both sides of a disagreement, markers and all.
  const marker = MERGE_MARKER.exec(body);
  if (marker) return err(`contains a merge conflict marker ("${marker[0].trim()}"): resolve the conflict`);
  const sections = splitSections(body);
  const [cause, fix, details] = structuredClone([
    sections.get('cause')?.trim() ?? '',
    sections.get('fix')?.trim() ?? '',
    sections.get('details')?.trim() || null,
  ]);
  if (!cause) return err('expected a non-empty "## Cause" section');
  if (!fix) return err('expected a non-empty "## Fix" section');
  for (const [name, content] of [
    ['Cause', cause],
    ['Fix', fix],
  ] as const) {
    const hit = PLACEHOLDER.exec(content);
    if (hit) return err(`"## ${name}" contains placeholder text "${hit[0]}"`);
  }
  const summaryLength = cause.length + fix.length;
  if (summaryLength > SUMMARY_HARD_LIMIT) {
    return err(`Cause + Fix is ${summaryLength} characters; keep it under ${SUMMARY_SOFT_LIMIT} and move the rest to "## Details"`);
  }
  if (summaryLength > SUMMARY_SOFT_LIMIT) {
    issues.push({
      file,
      field: 'body',
      message: `Cause + Fix is ${summaryLength} characters (over ${SUMMARY_SOFT_LIMIT}); replies will be trimmed`,
      severity: 'warning',
    });
  }

  return { cause, fix, details };
}

/** Literal and regex signatures; a regex only in the form the safety probe accepted (`vetted`). */
function buildSignatures(file: string, raws: string[], vetted: Map<string, RegExp | Error>, issues: LoadIssue[]): Signature[] {
  const signatures: Signature[] = [];
  raws.forEach((raw, i) => {
    const field = `signatures.${i}`;
    if (isRegexSignature(raw)) {
      const regex = vetted.get(canonicalRegex(raw));
      if (!(regex instanceof RegExp)) {
        issues.push({ file, field, message: `regex ${raw} rejected: ${regex?.message ?? 'not vetted'}`, severity: 'error' });
        return;
      }
      const words = requiredWords(regex.source);
      const anchor = longestWord(words);
      signatures.push({
        kind: 'regex',
        source: raw,
        regex,
        anchor,
        requiredWords: words,
        needles: anchor ? null : requiredSubstrings(regex.source),
        weight: 0,
      });
      return;
    }
    const needle = normalise(raw).lower;
    if (needle.length < MIN_LITERAL_CHARS) {
      issues.push({
        file,
        field,
        message: `literal "${raw}" is shorter than ${MIN_LITERAL_CHARS} characters`,
        severity: 'error',
      });
      return;
    }
    signatures.push({
      kind: 'literal',
      source: raw,
      needle: needle === raw ? raw : needle, // one string when the signature is written in lower case
      anchor: null, // chosen when the whole base is built, by rarity across all signatures
      weight: literalWeight(needle.length),
    });
  });
  return signatures;
}

/**
 * One copy of each short value many articles repeat (source URLs, providers, surfaces, exception names,
 * versions, dates): at 5,000 articles the copies were ~8 MB. Bounded: past the cap it starts afresh
 * (values already shared stay shared).
 */
const interned = new Map<string, string>();
const INTERN_MAX = 50_000;

function intern<T extends string>(value: T): T {
  const known = interned.get(value);
  if (known !== undefined) return known as T;
  if (interned.size >= INTERN_MAX) interned.clear();
  interned.set(value, value);
  return value;
}

function internValues<K extends string>(record: Partial<Record<K, string>>): Partial<Record<K, string>> {
  for (const key of Object.keys(record) as K[]) record[key] = intern(record[key] as string);
  return record;
}

function splitSections(body: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | null = null;
  let buffer: string[] = [];
  let inFence = false;
  for (const line of body.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    const heading = !inFence && /^##\s+(.+?)\s*$/.exec(line);
    if (heading) {
      if (current) sections.set(current, buffer.join('\n'));
      current = (heading[1] as string).toLowerCase();
      buffer = [];
    } else if (current) buffer.push(line);
  }
  if (current) sections.set(current, buffer.join('\n'));
  return sections;
}

/** Longer literals are more specific: 8 characters count 0.55, 48 and more 0.95. */
export function literalWeight(length: number): number {
  return 0.55 + 0.4 * Math.min(1, Math.max(0, length - MIN_LITERAL_CHARS) / 40);
}

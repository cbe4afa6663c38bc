import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { canonicalTypography, normalise } from '../normalize.js';
import type { Article, Signature } from '../types.js';
import { readSimpleFrontMatter } from './front-matter.js';
import { longestWord, requiredSubstrings, requiredWords } from './regex-anchors.js';
import { parseRegexLiteral, type RegexVerdicts, regexVerdicts, vetRegexes } from './regex-safety.js';
import { type FrontMatter, frontMatterSchema } from './schema.js';

export interface LoadIssue {
  file: string;
  field?: string;
  message: string;
  severity: 'error' | 'warning';
}

export class KnowledgeBaseError extends Error {
  constructor(readonly issues: LoadIssue[]) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(
      `knowledge base has ${errors.length} error(s):\n${errors
        .slice(0, 20)
        .map(formatIssue)
        .join('\n')}${errors.length > 20 ? `\n… and ${errors.length - 20} more` : ''}`,
    );
    this.name = 'KnowledgeBaseError';
  }
}

export function formatIssue(issue: LoadIssue): string {
  return `${issue.file}${issue.field ? ` [${issue.field}]` : ''}: ${issue.message}`;
}

/** Cause + Fix above this is posted with a pointer to the full article instead of whole. */
export const SUMMARY_SOFT_LIMIT = 2_500;
const SUMMARY_HARD_LIMIT = 6_000;
const MIN_LITERAL_CHARS = 8;
const PLACEHOLDER = /\b(?:TODO|TBD|FIXME|XXX)\b|\b(?:[Ll]orem ipsum|[Cc]oming soon|[Ff]ill (?:this|me) in)\b/;

/** One article's source text, before validation. Exposed so tools can build a base from memory. */
export interface ArticleSource {
  file: string;
  text: string;
}

/** README.md, VERIFICATION.md and other upper-case names are notes for maintainers, not articles (ids are kebab-case). */
function isMaintainerDoc(name: string): boolean {
  const base = name.slice(0, -3);
  return base === base.toUpperCase();
}

/** The article files under `root`, relative to it, sorted (the order the version hash and duplicate ids use). */
export async function listKnowledgeFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && entry.name.endsWith('.md') && !isMaintainerDoc(entry.name)) files.push(full);
    }
  }
  await walk(root);
  files.sort();
  return files.map((f) => path.relative(root, f));
}

export async function readKnowledgeSources(root: string, files?: string[]): Promise<ArticleSource[]> {
  return Promise.all(
    (files ?? (await listKnowledgeFiles(root))).map(async (file) => ({ file, text: await readFile(path.join(root, file), 'utf8') })),
  );
}

/**
 * Reads a few files synchronously. The knowledge load reads 25 files between two yields to the event
 * loop (well under a millisecond on a local disk); one `fs/promises` read per file cost four times the
 * CPU (open, stat, read and close each a promise) at 5,000 articles.
 */
export function readKnowledgeSlice(root: string, files: string[]): ArticleSource[] {
  return files.map((file) => ({ file, text: readFileSync(path.join(root, file), 'utf8') }));
}

/**
 * Parsed articles by file, kept across reloads: a file whose text is unchanged (same hash) is not parsed
 * again, so a hot reload costs what changed, not the whole base. The hash, not the text, is kept: the
 * texts of 5,000 articles are tens of megabytes.
 */
export type ParseCache = Map<string, { hash: string; article: Article | null; issues: LoadIssue[] }>;

const textHash = (text: string) => createHash('sha1').update(text).digest('base64');

export interface ParseOptions {
  /** Regex verdicts to reuse and extend (default: the process-wide ones). */
  verdicts?: RegexVerdicts;
  cache?: ParseCache;
  /** Keep cache entries of files not in `sources` (when parsing a base in several chunks). */
  keepOthers?: boolean;
}

/** Parses and validates every article; returns the articles and every problem found (never throws). */
export function parseArticles(
  sources: ArticleSource[],
  opts: ParseOptions = {},
): {
  articles: Article[];
  issues: LoadIssue[];
} {
  const cache: ParseCache = opts.cache ?? new Map();
  // Front matter first, for every changed file; then all their regexes are vetted in one go (the
  // probe runs in batches); then the articles are built.
  const fresh: Array<{ source: ArticleSource; hash: string; front: FrontMatterPart | null; issues: LoadIssue[] }> = [];
  for (const source of sources) {
    const hash = textHash(source.text);
    if (cache.get(source.file)?.hash === hash) continue;
    const fileIssues: LoadIssue[] = [];
    fresh.push({ source, hash, front: readFrontMatter(source, fileIssues), issues: fileIssues });
  }
  const regexSources = fresh.flatMap(({ front }) => (front ? front.meta.signatures.filter(isRegexSignature).map(canonicalRegex) : []));
  const vetted = vetRegexes(regexSources, opts.verdicts ?? regexVerdicts);
  for (const { source, hash, front, issues: fileIssues } of fresh) {
    const article = front ? buildArticle(source.file, front, vetted, fileIssues) : null;
    cache.set(source.file, { hash, article, issues: fileIssues });
  }
  const files = sources.map((s) => s.file);
  if (!opts.keepOthers) dropOthers(cache, files);
  return collectArticles(files, cache);
}

/** Forgets the files no longer in the base. */
export function dropOthers(cache: ParseCache, files: string[]): void {
  const live = new Set(files);
  for (const file of cache.keys()) if (!live.has(file)) cache.delete(file);
}

/** The parsed articles of `files` (in that order) and every problem, duplicate ids included. */
export function collectArticles(files: string[], cache: ParseCache): { articles: Article[]; issues: LoadIssue[] } {
  const issues: LoadIssue[] = [];
  const articles: Article[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const parsed = cache.get(file);
    if (!parsed) continue;
    issues.push(...parsed.issues);
    const article = parsed.article;
    if (!article) continue;
    const earlier = seen.get(article.id);
    if (earlier) {
      issues.push({
        file,
        field: 'id',
        message: `duplicate id "${article.id}" (also in ${earlier})`,
        severity: 'error',
      });
      continue;
    }
    seen.set(article.id, file);
    articles.push(article);
  }
  return { articles, issues };
}

interface FrontMatterPart {
  meta: FrontMatter;
  body: string;
}

function isRegexSignature(raw: string): boolean {
  return Boolean(parseRegexLiteral(raw)) && /\/[imsuy]*$/.test(raw) && raw.length > 2;
}

/** Regex signatures are vetted as written, with typographic dashes made plain. */
function canonicalRegex(raw: string): string {
  return canonicalTypography(raw, '\\x2d');
}

function readFrontMatter({ file, text }: ArticleSource, issues: LoadIssue[]): FrontMatterPart | null {
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

function buildArticle(
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

/** Cause and Fix (required, no placeholders, within the length limits) and the optional Details. */
function checkedSections(file: string, body: string, issues: LoadIssue[]): { cause: string; fix: string; details: string | null } | null {
  const err = (message: string): null => {
    issues.push({ file, field: 'body', message, severity: 'error' });
    return null;
  };
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

/** The knowledge base's version: a hash of every file's name and text, in file order. */
export class VersionHash {
  private readonly h = createHash('sha1');

  add(s: ArticleSource): void {
    this.h.update(s.file).update('\0').update(s.text).update('\0');
  }

  digest(): string {
    return this.h.digest('hex').slice(0, 12);
  }
}

export function contentHash(sources: ArticleSource[]): string {
  const h = new VersionHash();
  for (const s of sources) h.add(s);
  return h.digest();
}

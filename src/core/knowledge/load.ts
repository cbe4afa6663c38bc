import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Article } from '../types.js';
import { buildArticle, canonicalRegex, type FrontMatterPart, isRegexSignature, readFrontMatter } from './article.js';
import type { ArticleSource, LoadIssue } from './issues.js';
import { type RegexVerdicts, regexVerdicts, vetRegexes } from './regex-safety.js';

// Importers of the loader also get what it reports and builds with.
export { literalWeight, SUMMARY_SOFT_LIMIT } from './article.js';
export { type ArticleSource, formatIssue, KnowledgeBaseError, type LoadIssue } from './issues.js';

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

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CliError } from './common.js';

/**
 * Evaluation rows and the corpus split. A row is {"id","text","expected":[ids]}; an empty `expected`
 * means the bot must stay silent. The real corpus adds where the paste came from and how it looks.
 */
export interface EvalRow {
  id: string;
  text: string;
  expected: string[];
  kind: string;
  surface: string;
  lang: string;
  short: boolean;
  repo: string | null;
  source: string | null;
  split: RowSplit | null;
}

export type Split = 'tune' | 'check';
/**
 * A row's half, or `fresh` / `fresh2` for the held-out sets (`eval/fresh.jsonl`, `eval/fresh2.jsonl`): pastes
 * gathered after the engine was tuned and never tuned on. Like the check half, only their figures are read.
 */
export type RowSplit = Split | 'fresh' | 'fresh2';
const ROW_SPLITS: readonly string[] = ['tune', 'check', 'fresh', 'fresh2'];

/**
 * Repositories whose issue trackers hold too large a share of the corpus to sit in one half (the product's
 * own tracker: a quarter of all rows, and most Claude Code rows). Their rows are split by issue instead,
 * so that both halves hold every surface. Everything else is split by repository.
 */
export const SPLIT_BY_ISSUE = new Set(['anthropics/claude-code']);
/** Fixed once, chosen for halves of about equal size; changing it reshuffles the halves. */
const SPLIT_SALT = 'x';

/** Deterministic half for a row: a stable hash of its repository (or of its issue URL for the repositories above). */
export function splitOf(repo: string, source: string): Split {
  const key = SPLIT_BY_ISSUE.has(repo) ? issueKey(source) : repo;
  const word = Number.parseInt(
    createHash('sha256')
      .update(SPLIT_SALT + key)
      .digest('hex')
      .slice(0, 8),
    16,
  );
  return word % 2 === 1 ? 'check' : 'tune';
}

/** The issue or pull-request URL without a comment anchor, so every paste from one thread lands together. */
function issueKey(source: string): string {
  return source.replace(/#.*$/, '');
}

export function parseRows(raw: string, file: string): EvalRow[] {
  const rows: EvalRow[] = [];
  raw.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line);
    } catch {
      throw new CliError(`${file}:${i + 1}: not valid JSON`);
    }
    if (typeof row.text !== 'string' || !Array.isArray(row.expected))
      throw new CliError(`${file}:${i + 1}: expected {"id","text","expected":[...]}`);
    const str = (v: unknown, fallback: string) => (typeof v === 'string' && v ? v : fallback);
    rows.push({
      id: String(row.id ?? i + 1),
      text: row.text,
      expected: row.expected.map(String),
      kind: str(row.kind, row.expected.length > 0 ? 'positive' : 'negative'),
      surface: str(row.surface, 'unknown'),
      lang: str(row.lang, 'en'),
      short: row.short === true,
      repo: typeof row.repo === 'string' ? row.repo : null,
      source: typeof row.source === 'string' ? row.source : null,
      split: ROW_SPLITS.includes(row.split as string) ? (row.split as RowSplit) : null,
    });
  });
  return rows;
}

export async function readRows(file: string): Promise<EvalRow[]> {
  const raw = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${err.code ?? err.message}`);
  });
  return parseRows(raw, file);
}

/**
 * A source URL reduced to what names the thread: no comment anchor, no trailing slash or punctuation, lower case.
 */
export function sourceKey(url: string): string {
  return url
    .trim()
    .replace(/#.*$/, '')
    .replace(/[/.,;]+$/, '')
    .toLowerCase();
}

/**
 * The threads the knowledge base's articles cite as sources. A row taken from one of them was read by the
 * article's author, so it is not unseen, whatever half its repository puts it in: the evaluation reports
 * the check half and the held-out sets without such rows as well.
 */
export function citedSources(articles: readonly { sources: readonly string[] }[]): Set<string> {
  return new Set(articles.flatMap((a) => a.sources.map(sourceKey)));
}

/** The row comes from a thread an article cites. */
export function citedByArticle(row: { source: string | null }, cited: ReadonlySet<string>): boolean {
  return row.source !== null && cited.has(sourceKey(row.source));
}

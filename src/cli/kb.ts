#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { formatIssue, type LoadIssue, parseArticles, readKnowledgeSources } from '../core/knowledge/load.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../core/paths.js';
import type { Article } from '../core/types.js';
import { CliError, runCli } from './common.js';
import { modelIdIssues, parseModelRegistry } from './kb-models.js';
import { ChangelogFinder, formatStaleRow, staleArticles } from './kb-stale.js';

const USAGE = `usage: npm run kb -- check [--taxonomy FILE] [--models FILE] [--kb DIR]
                 validate every article (exit 1 on errors), including the model ids in its code against
                 the models file (default: DIR/models.yaml, else the project's knowledge/models.yaml)
       npm run kb -- list [--json] [--kb DIR]                  list the articles
       npm run kb -- stale --days N [--changelogs DIR] [--json] [--kb DIR]
                 articles not verified for N days, oldest first, with the releases since (from the
                 changelogs they cite, when a copy is in DIR/OWNER+REPO/ or an installed package)`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      kb: { type: 'string' },
      taxonomy: { type: 'string' },
      models: { type: 'string' },
      days: { type: 'string' },
      changelogs: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const dir = values.kb ?? process.env.KNOWLEDGE_DIR ?? DEFAULT_KNOWLEDGE_DIR;
  const sources = await readKnowledgeSources(dir).catch((err: Error) => {
    throw new CliError(`cannot read knowledge folder ${dir}: ${err.message}`);
  });
  const { articles, issues } = parseArticles(sources);

  if (command === 'list') return listCommand(articles, issues, values.json);
  if (command === 'stale') return staleCommand(articles, values);
  if (command !== 'check') throw new CliError(`unknown command "${command}"\n${USAGE}`);
  return checkCommand(articles, issues, sources.length, dir, values);
}

type Options = { json: boolean; models?: string; taxonomy?: string; days?: string; changelogs?: string };

function listCommand(articles: Article[], issues: LoadIssue[], json: boolean): number {
  const rows = articles.map((a) => ({ id: a.id, title: a.title, family: a.family, sources: a.sources }));
  if (json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else for (const r of rows) process.stdout.write(`${r.id.padEnd(48)} ${r.family.padEnd(26)} ${r.title}\n`);
  return issues.some((i) => i.severity === 'error') ? 1 : 0;
}

async function staleCommand(articles: Article[], values: Options): Promise<number> {
  const days = Number(values.days ?? 'NaN');
  if (!Number.isInteger(days) || days < 0) throw new CliError(`stale needs --days N (a whole number of days), got "${values.days ?? ''}"`);
  const finder = new ChangelogFinder(values.changelogs ?? process.env.KB_CHANGELOG_DIR, path.resolve('node_modules'));
  const rows = await staleArticles(articles, days, new Date(), finder);
  if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    for (const row of rows) process.stdout.write(`${formatStaleRow(row)}\n`);
    process.stdout.write(`${rows.length} of ${articles.length} articles not verified in the last ${days} days\n`);
  }
  return 0;
}

/** Every article valid, verified and sourced, model ids known, and (with --taxonomy) every taxonomy id covered. */
async function checkCommand(articles: Article[], issues: LoadIssue[], files: number, dir: string, values: Options): Promise<number> {
  const today = new Date().toISOString().slice(0, 10);
  const modelIssues = modelIdIssues(articles, await readModelRegistry(values.models, dir), today);
  const errors = [
    ...issues.filter((i) => i.severity === 'error'),
    ...verificationIssues(articles, new Date()),
    ...modelIssues.filter((i) => i.severity === 'error'),
  ];
  const warnings = [...issues, ...modelIssues].filter((i) => i.severity === 'warning');
  const families = new Map<string, string[]>();
  for (const a of articles) families.set(a.family, [...(families.get(a.family) ?? []), a.id]);
  for (const [family, ids] of [...families].sort()) process.stdout.write(`${family} (${ids.length}): ${ids.join(', ')}\n`);
  const signatures = articles.reduce((n, a) => n + a.signatures.length, 0);
  process.stdout.write(`\n${articles.length} articles, ${signatures} signatures, ${files} files\n`);
  if (values.taxonomy) errors.push(...(await taxonomyIssues(values.taxonomy, articles)));
  for (const w of warnings) process.stdout.write(`warning: ${formatIssue(w)}\n`);
  for (const e of errors) process.stdout.write(`error: ${formatIssue(e)}\n`);
  process.stdout.write(errors.length === 0 ? 'ok\n' : `${errors.length} error(s)\n`);
  return errors.length === 0 ? 0 : 1;
}

async function taxonomyIssues(file: string, articles: Article[]): Promise<LoadIssue[]> {
  const taxonomy = parse(await readFile(file, 'utf8')) as Array<{ id: string }>;
  const have = new Set(articles.map((a) => a.id));
  const missing = taxonomy.map((t) => t.id).filter((id) => !have.has(id));
  process.stdout.write(`taxonomy: ${taxonomy.length - missing.length}/${taxonomy.length} ids covered\n`);
  return missing.map((id) => ({ file, field: 'id', message: `no article for taxonomy id "${id}"`, severity: 'error' as const }));
}

/** The models file named, else the one beside the articles, else the project's own. */
async function readModelRegistry(file: string | undefined, dir: string) {
  const candidates = file ? [file] : [path.join(dir, 'models.yaml'), path.join(DEFAULT_KNOWLEDGE_DIR, 'models.yaml')];
  for (const candidate of candidates) {
    const text = await readFile(candidate, 'utf8').catch(() => null);
    if (text === null) continue;
    try {
      return parseModelRegistry(text);
    } catch (err) {
      throw new CliError(`${candidate}: ${(err as Error).message}`);
    }
  }
  throw new CliError(`cannot read the models file (${candidates.join(' or ')})`);
}

/** Every article says when it was last checked against its sources, and has sources to check against. */
function verificationIssues(articles: Article[], now: Date): LoadIssue[] {
  const today = now.toISOString().slice(0, 10);
  const out: LoadIssue[] = [];
  for (const a of articles) {
    if (!a.verified)
      out.push({
        file: a.file,
        field: 'verified',
        message: 'expected a verification date (verified: YYYY-MM-DD) after checking the article claim by claim',
        severity: 'error',
      });
    else if (a.verified > today)
      out.push({ file: a.file, field: 'verified', message: `verification date ${a.verified} is in the future`, severity: 'error' });
    if (a.sources.length === 0) out.push({ file: a.file, field: 'sources', message: 'expected at least one source', severity: 'error' });
  }
  return out;
}

runCli(main);

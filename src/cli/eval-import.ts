#!/usr/bin/env node
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/paths.js';
import { CliError, runCli } from './common.js';
import { splitOf } from './eval-corpus.js';

const USAGE = `usage: npm run eval:import -- SOURCE.jsonl [OUT.jsonl]
Copies a gathered corpus into the repository (default eval/real.jsonl), adding to every row a "split"
field ("tune" or "check") decided by its source repository (see eval/README.md). Prints the sizes only.`;

async function main(): Promise<number> {
  const [source, out = path.join(PROJECT_ROOT, 'eval/real.jsonl')] = process.argv.slice(2);
  if (!source || source === '-h' || source === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return source ? 0 : 2;
  }
  const raw = await readFile(source, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${source}: ${err.code ?? err.message}`);
  });
  const lines: string[] = [];
  const sizes = new Map<string, number>();
  raw.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line);
    } catch {
      throw new CliError(`${source}:${i + 1}: not valid JSON`);
    }
    if (typeof row.repo !== 'string' || typeof row.source !== 'string')
      throw new CliError(`${source}:${i + 1}: a corpus row needs "repo" and "source"`);
    const split = splitOf(row.repo, row.source);
    lines.push(JSON.stringify({ ...row, split }));
    const key = `${split} ${row.surface ?? 'unknown'}`;
    sizes.set(split, (sizes.get(split) ?? 0) + 1);
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  });
  await writeFile(out, `${lines.join('\n')}\n`);
  process.stdout.write(`${lines.length} rows -> ${out}\n`);
  for (const [key, n] of [...sizes].sort()) process.stdout.write(`  ${key.padEnd(28)} ${n}\n`);
  return 0;
}

runCli(main);

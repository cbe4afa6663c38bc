/**
 * The texts the before/after comparison scripts (same-answers.ts, redact-same.ts, diagnose-digest.ts) run
 * through both builds: every row of the eval corpora and every example paste, each with an id to print.
 * The texts themselves are never printed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../src/core/paths.js';

export type Named = [id: string, text: string];

/** One JSONL corpus, each row as `<file name> <row id>` and its text. */
export function jsonlTexts(file: string): Named[] {
  const out: Named[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { id: string; text: string };
    out.push([`${path.basename(file)} ${row.id}`, row.text]);
  }
  return out;
}

/** The project's eval corpora, any `extra` JSONL files, then every example paste of the knowledge base's fixtures. */
export function corpusTexts(extra: string[] = []): Named[] {
  const files = [...['real', 'fresh', 'fresh2', 'questions'].map((f) => path.join(PROJECT_ROOT, `eval/${f}.jsonl`)), ...extra];
  const out = files.flatMap(jsonlTexts);
  const dir = path.join(PROJECT_ROOT, 'test/fixtures/examples');
  for (const family of readdirSync(dir)) {
    for (const file of readdirSync(path.join(dir, family))) {
      const data = parse(readFileSync(path.join(dir, family, file), 'utf8')) as { examples: Array<{ text: string }> };
      for (const [i, e] of data.examples.entries()) out.push([`${family}/${file} #${i}`, e.text]);
    }
  }
  return out;
}
